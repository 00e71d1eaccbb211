import Common
import Network

/// `creds-resolve --whoami --identity NAME` (`ekspipe auth whoami`): who AWS says the
/// identity's cached credentials are (STS GetCallerIdentity: account, ARN, user id), with the
/// identity's kind, where it comes from, region and expiry. It never logs in or prompts: an
/// identity that is not logged in, or whose credentials expired, is an error (exit 1) naming
/// the command that logs in, so scripts can test `ekspipe auth whoami -i NAME` first. The
/// credentials themselves are never printed. aws/ambient identities have no login: their
/// credentials are resolved as every command does, without prompting.
enum Whoami {
    static let formats = ["table", "json"]

    static func run(_ args: Arguments) throws -> ExitCode {
        guard let name = args.value("--identity") else { throw UsageError("--whoami goes with --identity NAME") }
        let format = args.value("--format") ?? "table"
        guard formats.contains(format) else { throw UsageError("--format with --whoami must be table or json, not '\(format)'") }
        let config = try AuthConfig.load(path: try AuthConfigLocation.resolve(flag: args.value("--config")))
        let identity = try config.identity(name)
        let now = Timestamp.now()
        let state = LoginState.of(identity, config: config, now: now)
        let hint = CredentialSelection(identity: name, config: config.path).loginHint
        let credentials: Credentials
        var region: String?
        switch state {
        case .notLoggedIn: throw LoginStateError(identity: name, problem: .notLoggedIn, hint: hint)
        case .expired(let at): throw LoginStateError(identity: name, problem: .expired(at: at.iso8601), hint: hint)
        case .loggedIn(let entry, _):
            credentials = entry.credentials
            region = entry.region
        case .ambient:
            let resolver = IdentityResolver(config: config, interactive: false, region: args.value("--region"))
            let r = try resolver.resolve(CredentialSelection(identity: name, config: config.path))
            credentials = r.credentials
            region = r.region
        }
        region = args.value("--region") ?? region ?? identity.region
        let sts = STSClient(http: HTTPClient(), endpoint: try ServiceEndpoint.resolve(.sts, region: region))
        let who = try CredentialSourceError.naming("identity \(name)") { try sts.getCallerIdentity(credentials: credentials) }

        var o = JSONObject()
        o["identity"] = .string(name)
        o["kind"] = .string(identity.kind)
        o["via"] = IdentityListing.via(identity)
        o["default"] = .bool(identity.isDefault)
        o["account"] = .string(who.account)
        o["arn"] = .string(who.arn)
        o["userId"] = .string(who.userId)
        o["region"] = region.map(JSON.string) ?? .null
        o["expiration"] = credentials.expiration.map { .string($0.iso8601) } ?? .null
        o["config"] = .string(config.path)
        if format == "json" {
            try Output.json(.object(o))
            return .ok
        }
        let rows: [(String, String)] = [
            ("Identity", name + (identity.isDefault ? " (default)" : "")),
            ("Kind", identity.kind + (IdentityListing.viaText(identity).map { " (via \($0))" } ?? "")),
            ("Account", who.account),
            ("ARN", who.arn),
            ("User ID", who.userId),
            ("Region", region ?? "-"),
            ("Expires", credentials.expiration == nil ? "never (long-term keys)" : LoginState.describe(credentials.expiration, now: now)),
            ("Config", config.path),
        ]
        // "Key:" padded to one column, as `aws configure list` and Atmos's whoami show it.
        try Output.stdout(rows.map { $0.0 + ":" + String(repeating: " ", count: 10 - $0.0.count) + $0.1 }.joined(separator: "\n"))
        return .ok
    }
}
