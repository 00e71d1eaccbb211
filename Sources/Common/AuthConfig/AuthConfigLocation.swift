/// Where the Atmos-style `auth:` config is found when `--config` is not given:
/// `$EKSPIPE_CONFIG`, then `./atmos.yaml`, then `$XDG_CONFIG_HOME/ekspipe/atmos.yaml`.
/// Every tool resolves it the same way so they agree on the credential cache key.
public enum AuthConfigLocation {
    public static func resolve(flag: String?) throws -> String {
        if let flag, !flag.isEmpty { return Path.absolute(flag) }
        if let env = Env.nonEmpty("EKSPIPE_CONFIG") { return Path.absolute(env) }
        let local = Path.absolute("atmos.yaml")
        if try Sys.fileInfo(local) != nil { return local }
        let user = Path.join(Env.configHome, "ekspipe", "atmos.yaml")
        if try Sys.fileInfo(user) != nil { return user }
        throw AuthConfigError(nil, .notFound(userConfig: user))
    }
}
