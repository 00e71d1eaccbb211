import Common

/// `creds-resolve --validate` (`ekspipe auth validate`): the whole auth config checked by the
/// same reader every command uses, collecting (AuthConfigProblems) rather than stopping at the
/// first problem, so one run lists every fix. Each problem is a stderr line starting
/// `FILE:LINE:COLUMN: KEY.PATH:` (the form editors and CI annotators jump to); exit 2 when
/// there is any. A file that cannot be parsed at all (no file, bad YAML) is one problem.
/// stdout carries the summary as JSON: `{"config", "valid", "problems", "providers",
/// "identities", "integrations"}`.
enum ConfigValidation {
    static func run(_ args: Arguments) throws -> ExitCode {
        let path = try AuthConfigLocation.resolve(flag: args.value("--config"))
        let problems = AuthConfigProblems(collecting: true)
        var config: AuthConfig? = nil
        do {
            config = try AuthConfig.load(path: path, problems: problems)
        } catch let e as any ToolError where e.exitCode == .usage {
            try problems.report(e)
        }
        // In file order (the reader finds references after the entries they are in).
        let found = problems.found.enumerated().sorted { a, b in
            func at(_ e: any ToolError) -> (Int, Int) { (e as? YAMLContentError)?.mark.map { (Int($0.line), Int($0.column)) } ?? (0, 0) }
            return at(a.element) < at(b.element) || (at(a.element) == at(b.element) && a.offset < b.offset)
        }.map(\.element)
        var out = JSONObject()
        out["config"] = .string(path)
        out["valid"] = .bool(problems.found.isEmpty)
        out["problems"] = .array(found.flatMap(\.messages).map(JSON.string))
        out["providers"] = .int(Int64(config?.providers.count ?? 0))
        out["identities"] = .int(Int64(config?.identities.count ?? 0))
        out["integrations"] = .int(Int64(config?.integrations.count ?? 0))
        try Output.json(.object(out))
        guard let config, problems.found.isEmpty else {
            for line in found.flatMap(\.messages) { Output.stderr(line) }
            let n = found.count
            Output.stderr("✗ config \(path): \(n) problem\(n == 1 ? "" : "s")")
            return .usage
        }
        Output.progress("✓ config \(path): \(plural(config.providers.count, "provider")), "
                      + "\(plural(config.identities.count, "identity", "identities")), \(plural(config.integrations.count, "integration"))")
        return .ok
    }

    static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) \(n == 1 ? one : many ?? one + "s")"
    }
}
