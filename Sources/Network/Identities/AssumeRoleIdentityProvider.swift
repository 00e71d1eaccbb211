import Common

/// `aws/assume-role` via another identity: AssumeRole with the credentials of `base`, the
/// `via.identity`'s provider as the composer built it (cached under its own selection).
/// The `via.provider` (github/oidc) form is GitHubOIDCIdentityProvider.
public struct AssumeRoleIdentityProvider: CredentialProvider {
    /// AssumeRole's limits; AWS caps role-chained sessions at 1 hour itself.
    static let assumeRoleRange = 900...43_200

    public var identity: AuthConfig.Identity
    public var roleArn: String
    public var base: any CredentialProvider
    public var context: IdentityContext

    public init(identity: AuthConfig.Identity, roleArn: String, base: any CredentialProvider, context: IdentityContext) {
        self.identity = identity
        self.roleArn = roleArn
        self.base = base
        self.context = context
    }

    var sessionName: String { identity.sessionName ?? IdentityContext.sessionName(for: identity.name) }
    var duration: Int? { identity.durationSeconds.map { IdentityContext.clamp($0, Self.assumeRoleRange) } }

    public func resolve() throws -> ResolvedCredentials? {
        guard let base = try base.resolve() else {
            throw IdentityError(at: identity.location, .viaGaveNothing(via: identity.viaIdentity ?? ""))
        }
        let input = STSClient.AssumeRoleInput(roleArn: roleArn, sessionName: sessionName, externalId: identity.externalId,
                                              durationSeconds: duration)
        let assumed = try CredentialSourceError.naming("assume role \(roleArn)") {
            try context.sts(region: context.region(of: identity)).assumeRole(input, credentials: base.credentials)
        }
        var extra: [(String, JSON)] = [("roleArn", .string(roleArn)), ("sessionName", .string(sessionName))]
        if let a = assumed.assumedRoleArn { extra.append(("assumedRoleArn", .string(a))) }
        extra.append(("via", base.source))
        return ResolvedCredentials(credentials: assumed.credentials, source: IdentityContext.source(identity, extra), notices: base.notices)
    }
}
