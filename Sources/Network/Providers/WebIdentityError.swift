import Common

/// A web identity (AWS_WEB_IDENTITY_TOKEN_FILE or a profile's web_identity_token_file) that
/// cannot be used. The token itself never appears in the message.
public struct WebIdentityError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// The environment names a token file but no role (bad input, exit 2).
        case environmentWithoutRole
        /// The token file cannot be read (`reason` says why; exit 1).
        case unreadable(reason: String)
        case emptyFile(path: String)
    }

    public let problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    public var exitCode: ExitCode {
        if case .environmentWithoutRole = problem { return .usage }
        return .runtime
    }

    public var message: String {
        switch problem {
        case .environmentWithoutRole:
            return "environment: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not"
        case .unreadable(let reason):
            return "cannot read the web identity token: \(reason)"
        case .emptyFile(let path):
            return "the web identity token file \(path) is empty"
        }
    }
}
