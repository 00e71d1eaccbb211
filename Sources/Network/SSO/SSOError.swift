import Common

/// An IAM Identity Center sign-in or token that cannot be used: a runtime failure (exit 1),
/// except a token cache file that is not a token document (bad input, exit 2). `hint` is what
/// to run to sign in again. Tokens never appear in the message.
public struct SSOError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// No cached token for `startURL` in `directory` (shown with `~`).
        case noLogin(startURL: String, directory: String, hint: String)
        case unusableCache(path: String, hint: String)
        /// The token expired and its refresh failed (`reason` is the refresh's message).
        case refreshFailed(startURL: String, reason: String, hint: String)
        case expired(startURL: String, at: String, hint: String)
        /// The portal answered 401 for a profile's cached token.
        case portalRefused(reason: String, hint: String)
        /// The portal refused an identity provider's session.
        case portalRefusedSession(provider: String, startURL: String, reason: String, hint: String)
        case codeExpired(userCode: String, hint: String)
        case denied(startURL: String, hint: String)
        /// Signing in needs a browser and the run may not ask; `hadSession` when one expired.
        case needsBrowser(provider: String, hadSession: Bool, startURL: String, hint: String)
        case notTokenDocument(path: String)
    }

    public let problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    public var exitCode: ExitCode {
        if case .notTokenDocument = problem { return .usage }
        return .runtime
    }

    public var message: String {
        switch problem {
        case .noLogin(let url, let dir, let hint):
            return "no SSO login for \(url) in \(dir); \(hint)"
        case .unusableCache(let path, let hint):
            return "the SSO token cache \(path) has no usable accessToken/expiresAt; \(hint)"
        case .refreshFailed(let url, let reason, let hint):
            return "the SSO session for \(url) expired and could not be refreshed (\(reason)); \(hint)"
        case .expired(let url, let at, let hint):
            return "the SSO session for \(url) expired at \(at); \(hint)"
        case .portalRefused(let reason, let hint):
            return "the SSO portal refused the cached token (\(reason)); \(hint)"
        case .portalRefusedSession(let provider, let url, let reason, let hint):
            return "provider \(provider): the SSO portal refused the session for \(url) (\(reason)); \(hint)"
        case .codeExpired(let code, let hint):
            return "the sign-in code \(code) expired before it was approved; \(hint)"
        case .denied(let url, let hint):
            return "the sign-in to \(url) was denied; \(hint)"
        case .needsBrowser(let provider, let hadSession, let url, let hint):
            let why = hadSession ? "the SSO session expired" : "no SSO session"
            return "provider \(provider): \(why) for \(url) and signing in needs a browser, which this run may not ask for (--non-interactive, or no terminal); \(hint)"
        case .notTokenDocument(let path):
            return "\(path): expected a JSON object (an AWS CLI SSO token)"
        }
    }
}
