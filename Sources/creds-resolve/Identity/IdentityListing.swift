import Common

/// `creds-resolve --list-identities` (`ekspipe auth list`): the config's providers, identities
/// and integrations, read from the config and the credential cache alone (no network), so it
/// is instant and works offline. Each identity shows its kind, what it comes `via`, whether it
/// is the default, whether it is logged in (LoginState) and until when, and its EKS clusters.
/// `--format table` for people, `json` (the default of the tool) for scripts, `names` for the
/// flows (`ekspipe auth logout --all`), which never parse the config themselves.
enum IdentityListing {
    static let formats = ["json", "table", "names"]

    static func run(_ args: Arguments) throws -> ExitCode {
        let format = args.value("--format") ?? "json"
        guard formats.contains(format) else { throw UsageError("--format with --list-identities must be json, table or names, not '\(format)'") }
        let config = try AuthConfig.load(path: try AuthConfigLocation.resolve(flag: args.value("--config")))
        let now = Timestamp.now()
        let cache = CredentialCache()
        let states = config.identities.map { LoginState.of($0, config: config, cache: cache, now: now) }
        switch format {
        case "names": try Sys.writeAll(1, config.identities.map { $0.name + "\n" }.joined(), path: "stdout")
        case "table": try Output.stdout(table(config, states: states, now: now))
        default: try Output.json(json(config, states: states))
        }
        return .ok
    }

    /// `{"provider": NAME}`, `{"identity": NAME}`, or null.
    static func via(_ i: AuthConfig.Identity) -> JSON {
        if let p = i.viaProvider { return .object(JSONObject([("provider", .string(p))])) }
        if let v = i.viaIdentity { return .object(JSONObject([("identity", .string(v))])) }
        return .null
    }

    /// "provider sso", "identity dev-user", or nil.
    static func viaText(_ i: AuthConfig.Identity) -> String? {
        i.viaProvider.map { "provider \($0)" } ?? i.viaIdentity.map { "identity \($0)" }
    }

    static func json(_ config: AuthConfig, states: [LoginState]) -> JSON {
        var out = JSONObject()
        out["config"] = .string(config.path)
        out["providers"] = .array(config.providers.map { p in
            .object(JSONObject([("name", .string(p.name)), ("kind", .string(p.kind)), ("region", p.region.map(JSON.string) ?? .null)]))
        })
        out["identities"] = .array(zip(config.identities, states).map { i, state in
            var o = JSONObject()
            o["name"] = .string(i.name)
            o["kind"] = .string(i.kind)
            o["via"] = via(i)
            o["default"] = .bool(i.isDefault)
            o["status"] = .string(state.status)
            if case .loggedIn = state { o["loggedIn"] = .bool(true) } else { o["loggedIn"] = .bool(false) }
            o["expiration"] = state.expiration.map { .string($0.iso8601) } ?? .null
            o["region"] = i.region.map(JSON.string) ?? .null
            let mine = config.integrations.filter { $0.identity == i.name }
            o["integrations"] = .array(mine.map { .string($0.name) })
            o["clusters"] = .array(mine.map { g in
                var c = JSONObject()
                c["integration"] = .string(g.name)
                c["cluster"] = .string(g.clusterName)
                c["region"] = .string(g.region)
                c["autoProvision"] = .bool(g.autoProvision)
                c["alias"] = g.alias.map(JSON.string) ?? .null
                return .object(c)
            })
            return .object(o)
        })
        return .object(out)
    }

    static func table(_ config: AuthConfig, states: [LoginState], now: Timestamp) -> String {
        var parts: [String] = []
        if !config.providers.isEmpty {
            parts.append(TextTable.render(["PROVIDER", "KIND", "REGION"], config.providers.map { [$0.name, $0.kind, $0.region ?? "-"] }))
        }
        let loggedIn: (LoginState) -> String = { s in
            switch s {
            case .loggedIn: return "yes"
            case .expired: return "expired"
            case .notLoggedIn: return "no"
            case .ambient(let e): return e == nil ? "ambient" : "yes"
            }
        }
        parts.append(TextTable.render(["IDENTITY", "KIND", "VIA", "DEFAULT", "LOGGED IN", "EXPIRES"],
                                      zip(config.identities, states).map { i, s in
            [i.name, i.kind, viaText(i) ?? "-", i.isDefault ? "yes" : "-", loggedIn(s), LoginState.describe(s.expiration, now: now)]
        }))
        if !config.integrations.isEmpty {
            parts.append(TextTable.render(["INTEGRATION", "IDENTITY", "CLUSTER", "REGION", "AUTO-PROVISION"], config.integrations.map {
                [$0.name, $0.identity, $0.clusterName, $0.region, $0.autoProvision ? "yes" : "no"]
            }))
        }
        return parts.joined(separator: "\n\n")
    }
}
