import Common

/// Credentials for an identity of an Atmos `auth:` config. Each identity of a `via` chain is
/// resolved and cached under its own selection (`identity=NAME`, `config=ABS`), so that
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
    /// Reads an MFA code; replaced in tests. Only called when `interactive`.
    public var promptMFA: (_ serial: String, _ owner: String) throws -> String = { try MFAPrompt.read(serial: $0, owner: $1) }
    /// The identity the user asked for: the one `ekspipe auth login` must be run for.
    var requested = ""
    /// Provider access tokens found in this run (ListAccounts and GetRoleCredentials share one).
    var ssoTokens: [String: (token: String, origin: String)] = [:]
    /// MFA codes asked before locking, by identity (each used once).
    var mfaCodes: [String: String] = [:]

    public init(config: AuthConfig, http: HTTPClient = HTTPClient(), now: Timestamp = .now(), cache: CredentialCache = CredentialCache(),
                useCache: Bool = true, interactive: Bool = true, region: String? = nil) {
        self.config = config
        self.http = http
        self.now = now
        self.cache = cache
        self.useCache = useCache
        self.interactive = interactive
        self.regionFlag = region
    }

    /// The cache selection of `identity` in this config (what eks-presign computes from
    /// `--identity NAME --config ABS`).
    public func selection(_ identity: String) -> CredentialSelection {
        CredentialSelection(identity: identity, config: config.path)
    }

    /// The command that gets a person past whatever this run may not do by itself (with
    /// `--config` when the config is not the one found by default).
    var loginHint: String { "run: " + selection(requested).loginHint }

    /// Resolves `selection` (an identity, optionally with a role to assume on top, as
    /// eks-presign asks with `--identity NAME --role-arn ARN`).
    public func resolve(_ sel: CredentialSelection) throws -> ResolvedCredentials {
        guard let name = sel.identity else { throw UsageError("no identity given") }
        requested = name
        _ = try config.identity(name)
        guard let roleArn = sel.roleArn else { return try resolveIdentity(name) }
        if !(useCache && cache.fresh(sel.cacheKey, at: now) != nil) { try signInBeforeLocking(config.identity(name)) }
        return try cached(sel) {
            let base = try resolveIdentity(name)
            let input = STSClient.AssumeRoleInput(roleArn: roleArn, sessionName: sel.roleSessionName ?? Self.sessionName(for: name),
                                                  externalId: sel.externalId, durationSeconds: sel.durationSeconds)
            let assumed = try CredentialSourceError.naming("--role-arn \(roleArn)") {
                try sts(region: base.region).assumeRole(input, credentials: base.credentials)
            }
            return ResolvedCredentials(credentials: assumed.credentials,
                                       source: ResolvedCredentials.source("assume-role", roleArn: roleArn, extra: [("via", base.source)]),
                                       region: base.region)
        }
    }

    /// One identity of the config, from the cache while fresh.
    func resolveIdentity(_ name: String) throws -> ResolvedCredentials {
        let identity = try config.identity(name)
        try signInBeforeLocking(identity)
        return try cached(selection(name)) {
            var r = try CredentialSourceError.naming("identity \(name)") { try resolveFresh(identity) }
            if let e = r.credentials.expiration, e <= now {
                throw RuntimeError("identity \(name) got credentials that expired at \(e.iso8601); \(loginHint)")
            }
            r.region = region(of: identity)
            return r
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
                _ = try CredentialSourceError.naming("identity \(i.name)") { try ssoAccessToken(provider) }
            }
            if i.kind == "aws/user", let mfa = i.mfaArn, mfaCodes[i.name] == nil, i.accessKeyId != nil || Env.nonEmpty("AWS_SESSION_TOKEN") == nil {
                mfaCodes[i.name] = try CredentialSourceError.naming("identity \(i.name)") { try promptMFA(mfa, "identity \(i.name)") }
            }
            next = i.viaIdentity.flatMap { v in config.identities.first { $0.name == v } }
        }
    }

    func resolveFresh(_ identity: AuthConfig.Identity) throws -> ResolvedCredentials {
        switch identity.kind {
        case "aws/user": return try userCredentials(identity)
        case "aws/assume-role": return try assumeRoleCredentials(identity)
        case "aws/ambient": return try ambientCredentials(identity)
        case "aws/permission-set": return try permissionSetCredentials(identity)
        default: throw InputError("\(identity.location): identity '\(identity.name)' has kind \(identity.kind), which ekspipe cannot resolve")
        }
    }

    /// Runs `body` under the selection's lock unless a fresh cache entry answers first;
    /// temporary results are written back. Long-term keys are never written to the cache.
    func cached(_ sel: CredentialSelection, _ body: () throws -> ResolvedCredentials) throws -> ResolvedCredentials {
        guard useCache else { return try body() }
        return try cache.resolve(sel, at: now, body)
    }

    // MARK: regions and endpoints

    /// `--region`, the identity's own region, that of the identity it comes `via`, then the
    /// environment (`AWS_REGION`, `AWS_DEFAULT_REGION`) and the selected profile's region.
    func region(of identity: AuthConfig.Identity) -> String? {
        if let regionFlag { return regionFlag }
        var next: AuthConfig.Identity? = identity
        while let i = next {
            if let r = i.region { return r }
            next = i.viaIdentity.flatMap { v in config.identities.first { $0.name == v } }
        }
        if let r = Env.nonEmpty("AWS_REGION") ?? Env.nonEmpty("AWS_DEFAULT_REGION") { return r }
        guard let files = try? AWSConfigFiles.load() else { return nil }
        return files.profile(AWSConfigFiles.selectedProfileName(flag: nil))?["region"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func sts(region: String?) throws -> STSClient {
        STSClient(http: http, endpoint: try ServiceEndpoint.resolve(.sts, region: region))
    }

    /// STS role session names allow `[\w+=,.@-]` and at most 64 characters; identity names
    /// may hold `/` and more.
    static func sessionName(for identity: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-")
        return String(("ekspipe-" + identity).map { allowed.contains($0) ? $0 : "-" }.prefix(64))
    }

    static func source(_ identity: AuthConfig.Identity, kind: String? = nil, _ extra: [(String, JSON)] = []) -> JSON {
        var o = JSONObject()
        o["kind"] = .string(kind ?? identity.kind)
        o["identity"] = .string(identity.name)
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }
}
