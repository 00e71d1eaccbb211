import Common

/// `--logout --provider`: signs out of the IAM Identity Center session the identity was built
/// on (SSO Logout with ekspipe's own token, then its token file removed). The AWS CLI's token
/// is never used for Logout nor deleted: signing ekspipe out must not sign `aws` out.
public enum ProviderLogout {
    /// What was done, and a warning notice when the server-side Logout failed (the local
    /// session is removed either way); the entry point prints the notices.
    public static func logout(identity: String, config: AuthConfig, http: HTTPClient = HTTPClient()) throws -> (JSON, [Notice]) {
        var notices: [Notice] = []
        var o = JSONObject()
        guard let provider = providerOf(identity, config) else {
            o["signedOut"] = false
            o["reason"] = "the identity uses no provider"
            return (.object(o), notices)
        }
        o["name"] = .string(provider.name)
        o["kind"] = .string(provider.kind)
        guard provider.kind == "aws/iam-identity-center", let startURL = provider.startURL else {
            o["signedOut"] = false
            o["reason"] = .string("\(provider.kind) keeps no session")
            return (.object(o), notices)
        }
        o["startUrl"] = .string(startURL)
        var signedOut = false
        if let token = SSOSessionStore.read(startURL: startURL)?.accessToken, !token.isEmpty {
            do {
                let portal = SSOPortalClient(http: http, endpoint: try ServiceEndpoint.resolve(.sso, region: provider.region))
                try portal.logout(accessToken: token)
                signedOut = true
            } catch {
                // The local session goes either way; the server side expires by itself.
                notices.append(.warning("SSO Logout for \(startURL) failed: \((error as? ToolError)?.message ?? "\(error)")"))
            }
        }
        o["signedOut"] = .bool(signedOut)
        o["tokenRemoved"] = .bool(try SSOSessionStore.remove(startURL: startURL))
        return (.object(o), notices)
    }

    /// `--logout --provider --dry-run`: what `logout` would do, with no request and nothing
    /// removed: the provider, and whether ekspipe holds a session of it to sign out of.
    public static func preview(identity: String, config: AuthConfig) -> JSON {
        var o = JSONObject()
        guard let provider = providerOf(identity, config) else {
            o["signedOut"] = false
            o["reason"] = "the identity uses no provider"
            return .object(o)
        }
        o["name"] = .string(provider.name)
        o["kind"] = .string(provider.kind)
        o["signedOut"] = false
        guard provider.kind == "aws/iam-identity-center", let startURL = provider.startURL else {
            o["reason"] = .string("\(provider.kind) keeps no session")
            return .object(o)
        }
        o["startUrl"] = .string(startURL)
        o["session"] = .bool(SSOSessionStore.read(startURL: startURL) != nil)
        return .object(o)
    }

    /// The provider at the end of the identity's `via` chain.
    static func providerOf(_ name: String, _ config: AuthConfig) -> AuthConfig.Provider? {
        var next: String? = name
        var seen: Set<String> = []
        while let n = next, !seen.contains(n), let i = config.identities.first(where: { $0.name == n }) {
            seen.insert(n)
            if let p = i.viaProvider { return config.provider(p) }
            next = i.viaIdentity
        }
        return nil
    }
}
