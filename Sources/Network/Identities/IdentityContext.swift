import Common

/// What the providers of an auth config's identities share, as values: the config, the
/// transport, the run's instant and clock, the environment, whether a person may be asked,
/// and the two things a run learns once and reuses (Identity Center tokens, MFA codes asked
/// before any lock). Providers hold a copy; the composer (IdentityResolver) builds them.
public struct IdentityContext {
    public var config: AuthConfig
    public var http: HTTPClient
    public var now: Timestamp
    /// The clock of flows that last (a device sign-in polls and sleeps).
    public var clock: ProviderClock
    public var environment: Environment
    /// False with `--non-interactive` (or no terminal): anything that needs a person fails at once.
    public var interactive: Bool
    /// `--region`: wins over every region the config or environment gives.
    public var regionFlag: String?
    /// Reads an MFA code (`serial`, `owner` as "identity base"); replaced in tests.
    public var promptMFA: (_ serial: String, _ owner: String) throws -> String
    /// The identity the user asked for: the one `ekspipe auth login` must be run for.
    public var requested: String
    /// Identity Center access tokens of this run (ListAccounts and GetRoleCredentials share one).
    public var ssoTokens: IdentityCenterTokens
    /// MFA codes asked before locking, by identity (each used once).
    public var mfaCodes: Shared<[String: String]>

    public init(config: AuthConfig, http: HTTPClient, now: Timestamp, clock: ProviderClock = .system, environment: Environment = .process,
                interactive: Bool, regionFlag: String?, requested: String = "",
                promptMFA: @escaping (_ serial: String, _ owner: String) throws -> String = { try MFAPrompt.read(serial: $0, owner: $1) },
                say: @escaping (String) -> Void = Output.prompt,
                openBrowser: @escaping (String) -> Void = BrowserOpener.open) {
        self.config = config
        self.http = http
        self.now = now
        self.clock = clock
        self.environment = environment
        self.interactive = interactive
        self.regionFlag = regionFlag
        self.requested = requested
        self.promptMFA = promptMFA
        self.mfaCodes = Shared([:])
        self.ssoTokens = IdentityCenterTokens(http: http, now: now, clock: clock, interactive: interactive, say: say,
                                         openBrowser: openBrowser)
    }

    /// The cache selection of `identity` in this config (what eks-presign computes from
    /// `--identity NAME --config ABS`).
    public func selection(_ identity: String) -> CredentialSelection {
        CredentialSelection(identity: identity, config: config.path)
    }

    /// The command that gets a person past whatever this run may not do by itself (with
    /// `--config` when the config is not the one found by default).
    public var loginHint: String { "run: " + selection(requested).loginHint }

    /// The identity named by `via.identity`, if the config has it.
    func via(_ identity: AuthConfig.Identity) -> AuthConfig.Identity? {
        identity.viaIdentity.flatMap { v in config.identities.first { $0.name == v } }
    }

    /// `--region`, the identity's own region, that of the identity it comes `via`, then the
    /// environment (`AWS_REGION`, `AWS_DEFAULT_REGION`) and the selected profile's region.
    public func region(of identity: AuthConfig.Identity) -> String? {
        var own: String? = nil
        var next: AuthConfig.Identity? = identity
        while let i = next, own == nil {
            own = i.region
            next = via(i)
        }
        return RegionChain.resolve(flag: regionFlag, own: own, environment: environment) {
            guard let files = try? AWSConfigFiles.load() else { return nil }
            return RegionChain.profileRegion(AWSConfigFiles.selectedProfileName(flag: nil), in: files)
        }
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

    /// The envelope's `source` for an identity: its kind and name, then `extra`.
    static func source(_ identity: AuthConfig.Identity, kind: String? = nil, _ extra: [(String, JSON)] = []) -> JSON {
        var o = JSONObject()
        o["kind"] = .string(kind ?? identity.kind)
        o["identity"] = .string(identity.name)
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    static func clamp(_ value: Int, _ range: ClosedRange<Int>) -> Int { min(max(value, range.lowerBound), range.upperBound) }
}

/// A mutable value shared by copies of a context (a run's memo).
public final class Shared<T> {
    public var value: T
    public init(_ value: T) { self.value = value }
}
