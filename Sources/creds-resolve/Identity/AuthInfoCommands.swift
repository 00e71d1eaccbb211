import Common

/// The config's read-only questions, answered before any credential flag is looked at:
/// `--whoami` (Whoami), `--list-identities` (IdentityListing), `--validate`
/// (ConfigValidation). Each takes only its own flags, so a mistyped combination is refused
/// rather than half-obeyed.
enum AuthInfoCommands {
    /// The exit code when `args` asked one of them, else nil (the credential flows run).
    static func dispatch(_ args: Arguments) throws -> ExitCode? {
        let asked = ["--whoami", "--list-identities", "--validate"].filter { args.has($0) }
        guard let command = asked.first else { return nil }
        if asked.count > 1 { throw UsageError("\(asked.joined(separator: " and ")) are mutually exclusive") }
        let allowed: [String: [String]] = [
            "--whoami": ["--identity", "--config", "--format", "--region", "--timeout"],
            "--list-identities": ["--config", "--format", "--timeout"],
            "--validate": ["--config", "--timeout"],
        ]
        if let extra = args.occurrences.map(\.name).first(where: { $0 != command && !allowed[command]!.contains($0) }) {
            switch command {
            case "--list-identities": throw UsageError("--list-identities takes only --config and --format, not \(extra)")
            default: throw UsageError("\(command) takes only \(allowed[command]!.filter { $0 != "--timeout" }.joined(separator: ", ")), not \(extra)")
            }
        }
        for flag in ["--identity", "--config", "--region"] {
            if let v = args.value(flag), v.isEmpty { throw UsageError("\(flag) needs a non-empty value") }
        }
        switch command {
        case "--whoami": return try Whoami.run(args)
        case "--validate": return try ConfigValidation.run(args)
        default: return try IdentityListing.run(args)
        }
    }
}
