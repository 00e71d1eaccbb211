import Common

/// An auth-config identity that cannot be resolved. A configuration problem names the
/// identity's place in the auth config (`location`) and is bad input (exit 2); what fails at
/// run time (no keys, expired credentials, an unknown account, no GitHub token) exits 1.
public struct IdentityError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        case missingAssumeRole
        case needsVia
        case unsupportedKind(identity: String, kind: String)
        /// `via.identity` resolved to nothing.
        case viaGaveNothing(via: String)
        case unknownViaProvider(provider: String)
        /// An aws/assume-role identity via a provider that is not github/oidc.
        case viaProviderNotOIDC(kind: String)
        case permissionSetNeedsProvider
        case missingPrincipalName
        case noKeys
        case expired(identity: String, at: String, hint: String)
        /// The sign-in has no account `name`; `known` lists the ones it has, sorted.
        case noAccount(provider: String, name: String, known: [String])
        case outsideGitHubActions(provider: String)
        case noGitHubToken(provider: String)
    }

    /// The identity's place in the auth config; nil for problems not tied to one.
    public let location: String?
    public let problem: Problem

    public init(at location: String?, _ problem: Problem) {
        self.location = location
        self.problem = problem
    }

    public var exitCode: ExitCode {
        switch problem {
        case .noKeys, .expired, .noAccount, .outsideGitHubActions, .noGitHubToken: return .runtime
        default: return .usage
        }
    }

    public var message: String { (location.map { "\($0): " } ?? "") + text }

    private var text: String {
        switch problem {
        case .missingAssumeRole:
            return "principal.assume_role is missing"
        case .needsVia:
            return "needs via.identity or via.provider"
        case .unsupportedKind(let identity, let kind):
            return "identity '\(identity)' has kind \(kind), which ekspipe cannot resolve"
        case .viaGaveNothing(let via):
            return "via.identity '\(via)' gave no credentials"
        case .unknownViaProvider(let provider):
            return "via.provider '\(provider)' names no provider"
        case .viaProviderNotOIDC(let kind):
            return "an aws/assume-role identity can come via a github/oidc provider; for \(kind) use an aws/permission-set identity and via.identity"
        case .permissionSetNeedsProvider:
            return "an aws/permission-set identity needs via.provider naming an aws/iam-identity-center provider"
        case .missingPrincipalName:
            return "principal.name is missing"
        case .noKeys:
            return "no keys: give credentials.access_key_id and credentials.secret_access_key, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        case .expired(let identity, let at, let hint):
            return "identity \(identity) got credentials that expired at \(at); \(hint)"
        case .noAccount(let provider, let name, let known):
            return "provider \(provider): no account named '\(name)' for this sign-in (accounts: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .outsideGitHubActions(let provider):
            return "provider \(provider) (github/oidc) works only inside a GitHub Actions job with `permissions: id-token: write`: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set"
        case .noGitHubToken(let provider):
            return "provider \(provider): the GitHub token endpoint answered without a token (\"value\")"
        }
    }
}
