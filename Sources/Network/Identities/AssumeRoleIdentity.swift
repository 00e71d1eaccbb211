import Common

/// `aws/assume-role`: AssumeRole with the credentials of `via.identity` (resolved, and cached,
/// recursively), or AssumeRoleWithWebIdentity with the ID token of a `github/oidc` provider.
extension IdentityResolver {
    /// AssumeRole's limits; AWS caps role-chained sessions at 1 hour itself.
    static let assumeRoleRange = 900...43_200

    func assumeRoleCredentials(_ identity: AuthConfig.Identity) throws -> ResolvedCredentials {
        guard let roleArn = identity.roleArn else { throw InputError("\(identity.location): principal.assume_role is missing") }
        let sessionName = identity.sessionName ?? Self.sessionName(for: identity.name)
        let duration = identity.durationSeconds.map { Self.clamp($0, Self.assumeRoleRange) }
        let region = region(of: identity)
        if let providerName = identity.viaProvider {
            return try assumeRoleWithProvider(identity, providerName: providerName, roleArn: roleArn, sessionName: sessionName,
                                              duration: duration, region: region)
        }
        guard let via = identity.viaIdentity else { throw InputError("\(identity.location): needs via.identity or via.provider") }
        let base = try resolveIdentity(via)
        let input = STSClient.AssumeRoleInput(roleArn: roleArn, sessionName: sessionName, externalId: identity.externalId,
                                              durationSeconds: duration)
        let assumed = try CredentialSourceError.naming("assume role \(roleArn)") {
            try sts(region: region).assumeRole(input, credentials: base.credentials)
        }
        var extra: [(String, JSON)] = [("roleArn", .string(roleArn)), ("sessionName", .string(sessionName))]
        if let a = assumed.assumedRoleArn { extra.append(("assumedRoleArn", .string(a))) }
        extra.append(("via", base.source))
        return ResolvedCredentials(credentials: assumed.credentials, source: Self.source(identity, extra))
    }
}
