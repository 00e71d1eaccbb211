import Common

/// `aws/ambient`: whatever the AWS SDK default chain finds (environment, the selected profile,
/// containers, instance metadata), exactly as creds-resolve without `--identity` resolves it.
extension IdentityResolver {
    func ambientCredentials(_ identity: AuthConfig.Identity) throws -> ResolvedCredentials {
        let request = CredentialRequest(region: regionFlag ?? identity.region, useCache: useCache, interactive: interactive)
        let resolver = try CredentialResolver(request, http: http, now: now, cache: cache)
        let r = try resolver.resolve()
        return ResolvedCredentials(credentials: r.credentials, source: Self.source(identity, [("via", r.source)]), region: r.region)
    }
}
