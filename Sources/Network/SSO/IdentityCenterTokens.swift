import Common

/// The access tokens of `aws/iam-identity-center` providers, cheapest source first:
/// ekspipe's stored session while valid; its refresh token (no browser) when near expiry;
/// a valid AWS CLI v2 token for the same start URL; and only then the device authorization
/// flow (SSODeviceLogin), which needs a person — so a run that may not prompt fails at once
/// with the command to run instead of hanging or opening a browser. One per run: a token
/// found is reused by every identity of the run.
public final class IdentityCenterTokens {
    /// A CLI token is only borrowed when it has this long left.
    static let cliTokenMargin: Int64 = 5 * 60

    let http: HTTPClient
    let now: Timestamp
    let clock: ProviderClock
    let interactive: Bool
    /// Prints a line of the sign-in dialogue (the code and URL must be seen while we wait).
    let say: (String) -> Void
    /// Opens the sign-in page when a person can use it (BrowserOpener.open in the tools).
    let openBrowser: (String) -> Void
    private var memo: [String: (token: String, origin: String)] = [:]

    public init(http: HTTPClient, now: Timestamp, clock: ProviderClock, interactive: Bool, say: @escaping (String) -> Void,
                openBrowser: @escaping (String) -> Void) {
        self.http = http
        self.now = now
        self.clock = clock
        self.interactive = interactive
        self.say = say
        self.openBrowser = openBrowser
    }

    /// The provider's token and where it came from ("ekspipe", "ekspipe-refreshed", "aws-cli",
    /// "device-authorization"). `identity` and `loginHint` word the messages.
    public func token(_ provider: AuthConfig.Provider, identity: String, loginHint: String) throws -> (token: String, origin: String) {
        if let memo = memo[provider.name] { return memo }
        let found = try find(provider, identity: identity, loginHint: loginHint)
        memo[provider.name] = found
        return found
    }

    /// Forgets the token of this run (the portal refused it), and ekspipe's stored session
    /// unless the token was the AWS CLI's, which ekspipe never deletes.
    public func forget(_ provider: AuthConfig.Provider) {
        if let m = memo.removeValue(forKey: provider.name), m.origin != "aws-cli", let url = provider.startURL {
            _ = try? SSOSessionStore.remove(startURL: url)
        }
    }

    private func find(_ provider: AuthConfig.Provider, identity: String, loginHint: String) throws -> (token: String, origin: String) {
        let startURL = provider.startURL!
        let own = SSOSessionStore.read(startURL: startURL)
        if let own, let access = own.accessToken, !access.isEmpty, let exp = own.expiresAt {
            if exp.seconds - now.seconds >= SSOToken.refreshWindow { return (access, "ekspipe") }
            if own.canRefresh(at: now), let refreshed = try? own.refreshed(with: oidc(provider), expiry: { self.expiry($0, provider) }),
               let t = refreshed.accessToken {
                return (t, "ekspipe-refreshed")
            }
            if exp > now { return (access, "ekspipe") }
        }
        if let cli = SSOSessionStore.cliToken(startURL: startURL, at: now, margin: Self.cliTokenMargin) {
            return (cli.accessToken!, "aws-cli")
        }
        guard interactive else {
            throw SSOError(.needsBrowser(provider: provider.name, hadSession: own != nil, startURL: startURL, hint: loginHint))
        }
        let login = SSODeviceLogin(client: try oidc(provider), provider: provider, clock: clock, say: say,
                                   identity: identity, loginHint: loginHint, openBrowser: openBrowser)
        return (try login.run(previous: own), "device-authorization")
    }

    func oidc(_ provider: AuthConfig.Provider) throws -> SSOOIDCClient {
        SSOOIDCClient(http: http, endpoint: try ServiceEndpoint.resolve(.ssoOIDC, region: provider.region))
    }

    /// The token's end: what OIDC granted, cut to the provider's `session.duration` if shorter.
    func expiry(_ expiresIn: Int64, _ provider: AuthConfig.Provider, from start: Timestamp? = nil) -> Timestamp {
        SSODeviceLogin.expiry(expiresIn, provider, from: start ?? now)
    }
}
