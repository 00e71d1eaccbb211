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
    public static func naming<T>(_ source: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as CredentialSourceError {
            throw CredentialSourceError(source, e)
        } catch {
            throw CredentialSourceError(source, error)
        }
    }
}
