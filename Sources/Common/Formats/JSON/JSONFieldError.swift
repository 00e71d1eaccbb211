/// A field of a JSON document (a `credential_process` answer, an AWS reply, an envelope part)
/// that is missing or of the wrong type: bad input (exit 2), named by its path
/// (`stdin.credentials.AccessKeyId`). Never the value: the document may be a secret.
public struct JSONFieldError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        case missing
        case wrongType(expected: String, found: String)
    }

    /// Where the object holding the field is (`stdin: clusters[0]`, `stdin.credentials`).
    public let object: String
    public let field: String
    public let problem: Problem

    public init(object: String, field: String, _ problem: Problem) {
        self.object = object
        self.field = field
        self.problem = problem
    }

    public var exitCode: ExitCode { .usage }

    public var message: String {
        switch problem {
        case .missing: return "\(object): missing field \"\(field)\""
        case .wrongType(let expected, let found): return "\(object).\(field): expected \(expected), found \(found)"
        }
    }
}
