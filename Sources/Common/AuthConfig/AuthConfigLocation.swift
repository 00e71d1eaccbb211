/// Where the Atmos-style `auth:` config is found when `--config` is not given, in the order
/// Atmos users expect (atmos.tools/cli/configuration), first found wins:
///
/// 1. `$EKSPIPE_CONFIG` (a file);
/// 2. `$ATMOS_CLI_CONFIG_PATH`: as Atmos, a directory holding `atmos.yaml` (also `.atmos.yaml`,
///    `atmos.yml`, `.atmos.yml`); a file is taken as it is;
/// 3. `atmos.yaml` in the current directory, then in each parent up to the repository root
///    (the nearest directory holding `.git`), never above it: a config is a project's, and a
///    directory above the checkout is not the project's to configure. Outside a repository,
///    the current directory only;
/// 4. the user's: `$XDG_CONFIG_HOME/ekspipe/atmos.yaml`, then Atmos's own `~/.atmos/atmos.yaml`
///    and `$XDG_CONFIG_HOME/atmos/atmos.yaml`.
///
/// Every tool resolves it the same way so they agree on the credential cache key. Not found:
/// the error names every place looked in.
public enum AuthConfigLocation {
    public static func resolve(flag: String?) throws -> String {
        if let flag, !flag.isEmpty { return Path.absolute(flag) }
        if let env = Env.nonEmpty("EKSPIPE_CONFIG") { return Path.absolute(env) }
        if let atmos = Env.nonEmpty("ATMOS_CLI_CONFIG_PATH") { return try atmosConfigPath(atmos) }
        let looked = project() + user()
        for p in looked where isFile(p) { return p }
        throw AuthConfigError(nil, .notFound(looked: looked))
    }

    /// The file names Atmos reads in a config directory, in its order.
    static let atmosNames = ["atmos.yaml", ".atmos.yaml", "atmos.yml", ".atmos.yml"]

    /// `ATMOS_CLI_CONFIG_PATH`: a directory (Atmos's meaning) or a file.
    static func atmosConfigPath(_ value: String) throws -> String {
        let path = Path.absolute(value)
        guard let st = try Sys.fileInfo(path) else { throw AuthConfigError(path, .atmosConfigPathMissing) }
        guard Sys.isDirectory(st) else { return path }
        for name in atmosNames where isFile(Path.join(path, name)) { return Path.join(path, name) }
        throw AuthConfigError(path, .atmosConfigPathEmpty(names: atmosNames))
    }

    /// `atmos.yaml` in the current directory and its parents up to the repository root; only
    /// the current directory's when no parent holds `.git` (a directory, or a worktree's file).
    static func project() -> [String] {
        var dirs: [String] = []
        var dir = Path.absolute(".")
        while true {
            dirs.append(dir)
            if (try? Sys.fileInfo(Path.join(dir, ".git"))) != nil {
                return dirs.map { Path.join($0, "atmos.yaml") }
            }
            guard dir != "/" else { break }
            dir = Path.dirname(dir)
        }
        return [Path.join(dirs[0], "atmos.yaml")]
    }

    /// The user config dir: ekspipe's, then Atmos's home and XDG locations.
    static func user() -> [String] {
        var out = [Path.join(Env.configHome, "ekspipe", "atmos.yaml")]
        if let home = Env.home { out.append(Path.join(home, ".atmos", "atmos.yaml")) }
        out.append(Path.join(Env.configHome, "atmos", "atmos.yaml"))
        return out
    }

    /// Present and not a directory; a path that cannot be looked at counts as absent.
    static func isFile(_ path: String) -> Bool {
        guard let st = (try? Sys.fileInfo(path)) ?? nil else { return false }
        return !Sys.isDirectory(st)
    }
}
