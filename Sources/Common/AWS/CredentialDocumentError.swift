/// A `credential_process` document (a user's program's answer, the envelope's or the cache's
/// `credentials`) that is not one: bad input (exit 2), naming the document and the field,
/// never a value (the document is a secret).
public struct CredentialDocumentError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// The document is JSON of another type (`found` names it).
        case notObject(found: String)
        case versionMissing
        case versionNotOne
        /// A required string field ("AccessKeyId", "SecretAccessKey") is empty.
        case empty(field: String)
        case expirationNotISOTime
    }

    /// What the document is ("stdin", "credential_process output", "creds-resolve.credentials").
    public let document: String
    public let problem: Problem

    public init(document: String, _ problem: Problem) {
        self.document = document
        self.problem = problem
    }

    public var exitCode: ExitCode { .usage }

    public var message: String {
        switch problem {
        case .notObject(let found):
            return "\(document): expected an object, found \(found)"
        case .versionMissing:
            return "\(document).Version: missing (a credential_process must print \"Version\": 1)"
        case .versionNotOne:
            return "\(document).Version: expected the number 1"
        case .empty(let field):
            return "\(document).\(field): empty"
        case .expirationNotISOTime:
            return "\(document).Expiration: not an ISO 8601 time (like 2026-11-22T12:00:00Z)"
        }
    }
}
