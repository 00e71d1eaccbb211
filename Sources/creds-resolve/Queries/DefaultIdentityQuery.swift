import Common

/// `creds-resolve --default-identity`: which identity a flow uses when the command line names
/// none (IdentityChoice: EKSPIPE_IDENTITY, ATMOS_IDENTITY, then the config's `default: true`).
/// The flows call it only when they have no name, so a named identity costs no extra run.
enum DefaultIdentityQuery {
    static func run(_ args: Arguments) throws -> ExitCode {
        for flag in ["--profile", "--identity", "--integration", "--all-integrations", "--no-integrations", "--logout",
                     "--list-identities", "--role-arn", "--stdin", "--progress", "--session", "--dry-run"] where args.has(flag) {
            throw UsageError("--default-identity takes only --config and --format")
        }
        let config = try AuthConfig.load(path: try AuthConfigLocation.resolve(flag: args.value("--config")))
        let choice = try IdentityChoice.choose(flag: nil, config: config)
        switch args.value("--format") ?? "json" {
        case "json":
            var o = JSONObject()
            o["identity"] = .string(choice.name)
            o["from"] = .string(choice.from)
            o["config"] = .string(config.path)
            try Output.json(.object(o))
        case "names": try Sys.writeAll(1, choice.name + "\n", path: "stdout")
        case let f: throw UsageError("--format with --default-identity must be json or names, not '\(f)'")
        }
        return .ok
    }
}
