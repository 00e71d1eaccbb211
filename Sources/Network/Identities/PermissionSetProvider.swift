import Common

/// `aws/permission-set`: the role credentials of a permission set in an account, from the IAM
/// Identity Center portal, paid for with the provider's access token (IdentityCenterTokens).
/// An account given by name is looked up with ListAccounts.
public struct PermissionSetProvider: CredentialProvider {
    public var identity: AuthConfig.Identity
    public var context: IdentityContext

    public init(identity: AuthConfig.Identity, context: IdentityContext) {
        self.identity = identity
        self.context = context
    }

    public func resolve() throws -> ResolvedCredentials? {
        guard let providerName = identity.viaProvider, let provider = context.config.provider(providerName),
              provider.kind == "aws/iam-identity-center" else {
            throw IdentityError(at: identity.location, .permissionSetNeedsProvider)
        }
        guard let roleName = identity.permissionSet else { throw IdentityError(at: identity.location, .missingPrincipalName) }
        let portal = SSOPortalClient(http: context.http, endpoint: try ServiceEndpoint.resolve(.sso, region: provider.region))
        let tokens = context.ssoTokens
        var (token, origin) = try tokens.token(provider, identity: context.requested, loginHint: context.loginHint)
        func withToken<T>(_ body: (String) throws -> T) throws -> T {
            do { return try body(token) } catch let e as AWSServiceError where e.status == 401 || e.code == "UnauthorizedException" {
                // Signed out elsewhere, or a borrowed CLI token that was revoked.
                guard context.interactive else {
                    throw SSOError(.portalRefusedSession(provider: provider.name, startURL: provider.startURL!, reason: e.message, hint: context.loginHint))
                }
                tokens.forget(provider)
                (token, origin) = try tokens.token(provider, identity: context.requested, loginHint: context.loginHint)
                return try body(token)
            }
        }
        let accountId = try identity.accountId ?? withToken { try accountID(named: identity.accountName!, portal: portal, token: $0, provider: provider) }
        let creds = try withToken { try portal.getRoleCredentials(accessToken: $0, accountId: accountId, roleName: roleName) }
        return ResolvedCredentials(credentials: creds,
                                   source: IdentityContext.source(identity, [("provider", .string(provider.name)), ("startUrl", .string(provider.startURL!)),
                                                                             ("accountId", .string(accountId)), ("roleName", .string(roleName)),
                                                                             ("ssoSession", .string(origin))]))
    }

    private func accountID(named name: String, portal: SSOPortalClient, token: String, provider: AuthConfig.Provider) throws -> String {
        // A 12-digit "name" is an id already (Atmos accepts both under `account`).
        if name.count == 12 && name.allSatisfy(\.isNumber) { return name }
        let accounts = try portal.listAccounts(accessToken: token)
        if let a = accounts.first(where: { $0.name == name }) { return a.id }
        throw IdentityError(at: nil, .noAccount(provider: provider.name, name: name, known: accounts.map(\.name).sorted()))
    }
}
