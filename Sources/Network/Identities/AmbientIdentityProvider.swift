import Common
import Glibc

/// `aws/ambient`: whatever the AWS SDK default chain finds (environment, the selected profile,
/// containers, instance metadata), exactly as creds-resolve without `--identity` resolves it,
/// in the environment the user started an ekspipe session from (AmbientEnvironment).
public struct AmbientIdentityProvider: CredentialProvider {
    public var identity: AuthConfig.Identity
    public var context: IdentityContext
    public var cache: CredentialCache
    public var useCache: Bool
    /// The shared files; nil: those the environment names (AWS_CONFIG_FILE, ~/.aws/config).
    public var files: AWSConfigFiles?

    public init(identity: AuthConfig.Identity, context: IdentityContext, cache: CredentialCache, useCache: Bool, files: AWSConfigFiles? = nil) {
        self.identity = identity
        self.context = context
        self.cache = cache
        self.useCache = useCache
        self.files = files
    }

    public func resolve() throws -> ResolvedCredentials? {
        if context.environment.isProcess { AmbientEnvironment.restore() }
        let request = CredentialRequest(region: context.regionFlag ?? identity.region, useCache: useCache, interactive: context.interactive)
        let resolver = try CredentialResolver(request, http: context.http, now: context.now, cache: cache, environment: context.environment,
                                          files: files)
        resolver.promptMFA = context.promptMFA
        let r = try resolver.resolve()
        return ResolvedCredentials(credentials: r.credentials, source: IdentityContext.source(identity, [("via", r.source)]),
                                   region: r.region, notices: r.notices)
    }
}

/// The environment an `ekspipe auth exec/shell/env` session was started from.
///
/// Why: inside a session the AWS variables are the session's: `AWS_CONFIG_FILE` and
/// `AWS_PROFILE` select a profile whose `credential_process` is creds-resolve for the session's
/// identity, and the caller's credential variables (`AWS_ACCESS_KEY_ID`, `AWS_ROLE_ARN`, …) are
/// cleared so that the child runs as that identity only. The default chain run there would
/// find the session's profile and run creds-resolve for the identity again, which waits on the
/// cache lock this very run holds: `auth exec --identity AMBIENT -- aws …` hung. So the session
/// records what it changed (scripts/ekspipe, record_ambient): `EKSPIPE_AMBIENT` names the
/// variables, `EKSPIPE_AMBIENT_<NAME>` holds the caller's value of each one that was set, and
/// an ambient identity is resolved on those, in the world the user started the session from.
/// No AWS SDK reads these names, so the child still sees only the identity.
enum AmbientEnvironment {
    static let namesVariable = "EKSPIPE_AMBIENT"
    static let valuePrefix = "EKSPIPE_AMBIENT_"

    /// Puts the recorded variables back into this process's environment (set, or unset when
    /// the caller had none), so the chain, the shared files it reads and every process it
    /// starts (a profile's credential_process) see the caller's environment. Only `AWS_*` names
    /// are touched. Outside a session (no record) nothing changes.
    static func restore() {
        guard let names = Env.get(namesVariable) else { return }
        for name in names.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init) where isAWSName(name) {
            if let value = Env.get(valuePrefix + name) { setenv(name, value, 1) } else { unsetenv(name) }
        }
    }

    /// `AWS_` and then letters, digits and underscores: a variable an AWS SDK may read.
    static func isAWSName(_ name: String) -> Bool {
        name.count > 4 && name.hasPrefix("AWS_")
            && name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
