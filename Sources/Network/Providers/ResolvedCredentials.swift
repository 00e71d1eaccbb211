import Common

/// What the chain found: the credentials, where they came from (the envelope's `source`) and
/// the region that applies.
public struct ResolvedCredentials: Sendable {
    public var credentials: Credentials
    /// `{"kind": "environment"|"profile"|"assume-role"|"web-identity"|"sso"|
    /// "credential-process"|"container"|"imds", "profile": …, "roleArn": …}`; an assumed role
    /// also carries `via`, the source of the credentials that assumed it.
    public var source: JSON
    public var region: String?
    /// True when the credentials came from the cache without any network call.
    public var fromCache: Bool = false

    public init(credentials: Credentials, source: JSON, region: String? = nil) {
        self.credentials = credentials
        self.source = source
        self.region = region
    }

    static func source(_ kind: String, profile: String? = nil, roleArn: String? = nil, extra: [(String, JSON)] = []) -> JSON {
        var o = JSONObject()
        o["kind"] = .string(kind)
        if let profile { o["profile"] = .string(profile) }
        if let roleArn { o["roleArn"] = .string(roleArn) }
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }
}

/// A credential source that failed: the message says which source and why, keeping the
/// underlying error's exit code.
public struct CredentialSourceError: ToolError {
    public let source: String
    public let underlying: Error

    public init(_ source: String, _ underlying: Error) {
        self.source = source
        self.underlying = underlying
    }

    public var exitCode: ExitCode { (underlying as? ToolError)?.exitCode ?? .runtime }
    public var message: String {
        let inner = (underlying as? ToolError)?.message ?? "\(underlying)"
        return "\(source): \(inner)"
    }

    /// Runs `body`, naming `source` in any error it throws (once: nested sources keep the
    /// innermost name first, the outer ones prefixed).
    static func naming<T>(_ source: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as CredentialSourceError {
            throw CredentialSourceError(source, e)
        } catch {
            throw CredentialSourceError(source, error)
        }
    }
}
