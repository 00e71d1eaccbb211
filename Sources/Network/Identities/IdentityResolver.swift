import Common

/// The composer of an auth config's identity chains. Each identity of a `via` chain becomes
/// its kind's provider (UserIdentityProvider, AssumeRoleIdentityProvider,
/// GitHubOIDCIdentityProvider, PermissionSetProvider, AmbientIdentityProvider) wrapped in the
/// cache decorator under its own selection (`identity=NAME`, `config=ABS`), so that
/// eks-presign, which computes the same key, signs without a network call, and so that a
/// session that cost an MFA code or a browser login is reused by every identity built on it.
public final class IdentityResolver {
    public let config: AuthConfig
    public let http: HTTPClient
    public let now: Timestamp
    public let cache: CredentialCache
    /// False with `--no-cache`: the cache is neither read nor written.
    public let useCache: Bool
    /// False with `--non-interactive`: anything that needs a person fails at once.
    public let interactive: Bool
    /// `--region`: wins over every region the config or environment gives.
    public let regionFlag: String?
    /// What the providers share (environment, clock, MFA prompt, the run's SSO tokens);
    /// replace its fields in tests before resolving.
    public var context: IdentityContext

    public init(config: AuthConfig, http: HTTPClient = HTTPClient(), now: Timestamp = .now(), cache: CredentialCache = CredentialCache(),
                useCache: Bool = true, interactive: Bool = true, region: String? = nil, clock: ProviderClock = .system,
                environment: Environment = .process) {
        self.config = config
        self.http = http
        self.now = now
        self.cache = cache
        self.useCache = useCache
        self.interactive = interactive
        self.regionFlag = region
        self.context = IdentityContext(config: config, http: http, now: now, clock: clock, environment: environment,
                                       interactive: interactive, regionFlag: region)
    }

    /// The cache selection of `identity` in this config.
    public func selection(_ identity: String) -> CredentialSelection { context.selection(identity) }

    /// Resolves `selection` (an identity, optionally with a role to assume on top, as
    /// eks-presign asks with `--identity NAME --role-arn ARN`).
    public func resolve(_ sel: CredentialSelection) throws -> ResolvedCredentials {
        guard let name = sel.identity else { throw UsageError("no identity given") }
        context.requested = name
        let identity = try config.identity(name)
        guard let roleArn = sel.roleArn else { return try provider(for: identity).resolve()! }
        if !(useCache && cache.fresh(sel.cacheKey, at: now) != nil) { try signInBeforeLocking(identity) }
        let context = self.context
        let onTop = ClosureProvider { [self] in
            let base = try provider(for: identity).resolve()!
            let input = STSClient.AssumeRoleInput(roleArn: roleArn, sessionName: sel.roleSessionName ?? IdentityContext.sessionName(for: name),
                                                  externalId: sel.externalId, durationSeconds: sel.durationSeconds)
            let assumed = try CredentialSourceError.naming("--role-arn \(roleArn)") {
                try context.sts(region: base.region).assumeRole(input, credentials: base.credentials)
            }
            return ResolvedCredentials(credentials: assumed.credentials,
                                       source: ResolvedCredentials.source("assume-role", roleArn: roleArn, extra: [("via", base.source)]),
                                       region: base.region, notices: base.notices)
        }
        return try cached(sel, onTop).resolve()!
    }

    /// The provider of one identity of the config, cached under its selection, its `via`
    /// identity's provider built the same way. Signs in first (see `signInBeforeLocking`).
    func provider(for identity: AuthConfig.Identity) throws -> any CredentialProvider {
        try signInBeforeLocking(identity)
        let fresh = freshProvider(identity)
        let context = self.context
        let checked = ClosureProvider {
            var r = try CredentialSourceError.naming("identity \(identity.name)") { try fresh.resolve()! }
            if let e = r.credentials.expired(at: context.now) {
                throw IdentityError(at: nil, .expired(identity: identity.name, at: e.iso8601, hint: context.loginHint))
            }
            r.region = context.region(of: identity)
            return r
        }
        return cached(selection(identity.name), checked)
    }

    /// The identity's kind's provider, without the cache.
    func freshProvider(_ identity: AuthConfig.Identity) -> any CredentialProvider {
        switch identity.kind {
        case "aws/user": return UserIdentityProvider(identity: identity, context: context)
        case "aws/permission-set": return PermissionSetProvider(identity: identity, context: context)
        case "aws/ambient": return AmbientIdentityProvider(identity: identity, context: context, cache: cache, useCache: useCache)
        case "aws/assume-role":
            // Checked when resolved, inside the identity's name, as before.
            return ClosureProvider { [self] in
                guard let roleArn = identity.roleArn else { throw IdentityError(at: identity.location, .missingAssumeRole) }
                if let p = identity.viaProvider {
                    return try GitHubOIDCIdentityProvider(identity: identity, roleArn: roleArn, providerName: p, context: context).resolve()
                }
                guard let via = identity.viaIdentity else { throw IdentityError(at: identity.location, .needsVia) }
                let base = try provider(for: try config.identity(via))
                return try AssumeRoleIdentityProvider(identity: identity, roleArn: roleArn, base: base, context: context).resolve()
            }
        default:
            return ClosureProvider {
                throw IdentityError(at: identity.location, .unsupportedKind(identity: identity.name, kind: identity.kind))
            }
        }
    }

    /// A browser sign-in or an MFA code can take minutes; both happen before any cache lock of
    /// the chain is taken, so an eks-presign refresh under kubectl meanwhile never waits on a
    /// lock for a person (it fails fast instead, or finds the fresh entry the sign-in led to).
    /// Walks the `via` chain down to the first identity whose cached credentials are fresh.
    func signInBeforeLocking(_ identity: AuthConfig.Identity) throws {
        guard interactive else { return }
        var next: AuthConfig.Identity? = identity
        while let i = next {
            if useCache, cache.fresh(selection(i.name).cacheKey, at: now) != nil { return }
            if i.kind == "aws/permission-set", let p = i.viaProvider, let provider = config.provider(p), provider.kind == "aws/iam-identity-center" {
                _ = try CredentialSourceError.naming("identity \(i.name)") {
                    try context.ssoTokens.token(provider, identity: context.requested, loginHint: context.loginHint)
                }
            }
            if i.kind == "aws/user", let mfa = i.mfaArn, context.mfaCodes.value[i.name] == nil,
               i.accessKeyId != nil || context.environment.nonEmpty("AWS_SESSION_TOKEN") == nil {
                context.mfaCodes.value[i.name] = try CredentialSourceError.naming("identity \(i.name)") { try context.promptMFA(mfa, "identity \(i.name)") }
            }
            next = context.via(i)
        }
    }

    /// `provider` behind the cache decorator for `sel`, unless `--no-cache`.
    func cached(_ sel: CredentialSelection, _ provider: any CredentialProvider) -> any CredentialProvider {
        guard useCache else { return provider }
        return CachingProvider(provider, cache: cache, selection: sel, now: now)
    }
}
