import Common

/// `creds-resolve --list-integrations [--identity NAME] [--config FILE]`: the config's
/// integration names, one a line (an identity's only, with --identity), for the flows that
/// need them as words: shell completion of `--integration` (`ekspipe completion`), which
/// reads no config itself and parses no JSON.
enum IntegrationList {
    static func run(_ args: Arguments) throws -> ExitCode {
        for flag in ["--profile", "--integration", "--all-integrations", "--no-integrations", "--logout", "--list-identities",
                     "--role-arn", "--stdin", "--progress", "--session", "--format"] where args.has(flag) {
            throw UsageError("--list-integrations takes only --config and --identity")
        }
        let config = try AuthConfig.load(path: try AuthConfigLocation.resolve(flag: args.value("--config")))
        var integrations = config.integrations
        if let identity = args.value("--identity") {
            _ = try config.identity(identity)
            integrations = integrations.filter { $0.identity == identity }
        }
        try Sys.writeAll(1, integrations.map { $0.name + "\n" }.joined(), path: "stdout")
        return .ok
    }
}
