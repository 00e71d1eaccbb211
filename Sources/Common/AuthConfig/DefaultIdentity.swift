/// Which identity a command uses when it names none, as Atmos decides it: `-i NAME` /
/// `--identity NAME` > `$EKSPIPE_IDENTITY` > `$ATMOS_IDENTITY` > the identity marked
/// `default: true` in the config. Inside an `ekspipe auth exec/shell/env` session
/// EKSPIPE_IDENTITY is the session's identity, so there the default is the session's own.
///
/// Only the config knows the last step, so the flows ask creds-resolve (`--default-identity`)
/// and never read the YAML themselves; when a name is given they need no answer at all.
public struct IdentityChoice: Sendable, Equatable {
    public let name: String
    /// What chose it: `--identity`, `EKSPIPE_IDENTITY`, `ATMOS_IDENTITY` or `default: true`.
    public let from: String

    /// The environment variables, in their order of precedence.
    public static let environment = ["EKSPIPE_IDENTITY", "ATMOS_IDENTITY"]

    /// The identity to use, checked against `config` (an unknown name names the nearest one).
    public static func choose(flag: String?, config: AuthConfig) throws -> IdentityChoice {
        if let flag, !flag.isEmpty { return try checked(flag, "--identity", config) }
        for v in environment { if let n = Env.nonEmpty(v) { return try checked(n, v, config) } }
        guard let d = try config.defaultIdentity() else {
            throw AuthConfigError(config.path, .noDefaultIdentity(known: config.identities.map(\.name)))
        }
        return IdentityChoice(name: d.name, from: "default: true")
    }

    static func checked(_ name: String, _ from: String, _ config: AuthConfig) throws -> IdentityChoice {
        _ = try config.identity(name)
        return IdentityChoice(name: name, from: from)
    }
}

extension AuthConfig {
    /// The identity marked `default: true`, nil when none is. Atmos lets a person pick among
    /// several on a terminal; ekspipe never guesses: two defaults are an error naming both.
    public func defaultIdentity() throws -> Identity? {
        let defaults = identities.filter(\.isDefault)
        guard defaults.count <= 1 else {
            throw AuthConfigError(path, .severalDefaults(defaults.map(\.name), at: defaults.map { $0.defaultAt ?? $0.location }))
        }
        return defaults.first
    }
}
