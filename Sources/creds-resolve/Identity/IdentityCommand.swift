import Common
import Network

/// `creds-resolve --identity NAME`: credentials for an identity of the `auth:` config, and the
/// clusters of its integrations, as the envelope that eks-describe and kubeconfig-merge take.
enum IdentityCommand {
    struct Plan {
        var config: AuthConfig
        var identity: String
        var clusters: [EnvelopeCluster]
        /// False with --no-integrations: the envelope carries no `clusters` at all.
        var withClusters = true
    }

    /// Reads and validates the config, the identity and the integrations asked for: bad input
    /// fails here, before any request.
    static func plan(_ args: Arguments, identity: String) throws -> Plan {
        let path = try AuthConfigLocation.resolve(flag: args.value("--config"))
        let config = try AuthConfig.load(path: path)
        _ = try config.identity(identity)
        let integrations = args.has("--no-integrations") ? []
            : try config.integrations(for: identity, named: args.values("--integration"), all: args.has("--all-integrations"))
        return Plan(config: config, identity: identity, clusters: clusters(integrations), withClusters: !args.has("--no-integrations"))
    }

    /// `interactive` nil: as `--non-interactive` and the terminal say.
    static func resolve(_ plan: Plan, selection: CredentialSelection, args: Arguments, interactive: Bool? = nil) throws -> ResolvedCredentials {
        let resolver = IdentityResolver(config: plan.config, useCache: !args.has("--no-cache"),
                                        interactive: interactive ?? Interactivity.allowed(nonInteractiveFlag: args.has("--non-interactive")),
                                        region: args.value("--region"))
        var resolved = try resolver.resolve(selection)
        // --region wins over the region cached with the credentials.
        if let flag = args.value("--region") { resolved.region = flag }
        return resolved
    }

    /// The envelope's entries for `integrations`, in order.
    static func clusters(_ integrations: [AuthConfig.Integration]) -> [EnvelopeCluster] {
        let at = Envelope().path.appending("clusters")
        return integrations.enumerated().map { EnvelopeCluster(integration: $1, path: at.index($0)) }
    }

    /// The identity's fields of the envelope, set in the order a fresh envelope shows them:
    /// `identity` and `config` after `source` (the caller sets `region` and `clusters` next).
    static func fill(_ envelope: inout Envelope, plan: Plan) {
        envelope.set(.identity, plan.identity)
        envelope.set(.config, plan.config.path)
    }

    /// `--progress`: the flow's line for a login, "✓ Authenticated as NAME (KIND, until TIME)".
    static func authenticated(_ plan: Plan, resolved: ResolvedCredentials) -> String {
        var line = "✓ Authenticated as \(plan.identity)"
        if let kind = resolved.source["kind"]?.string, !kind.isEmpty {
            let until = resolved.credentials.credentialProcessJSON["Expiration"]?.string.map { ", until \($0)" } ?? ""
            line += " (\(kind)\(until))"
        }
        return line
    }

    /// `--integration NAME...` without `--identity`: the identity those integrations are linked
    /// to (they must share one). Nil when no integration is named.
    static func owner(ofIntegrations names: [String], configFlag: String?) throws -> String? {
        guard !names.isEmpty else { return nil }
        let config = try AuthConfig.load(path: try AuthConfigLocation.resolve(flag: configFlag))
        let owners = try names.map { n -> String in
            guard let i = config.integrations.first(where: { $0.name == n }) else {
                throw AuthConfigError(config.path, .unknownIntegration(n, known: config.integrations.map(\.name)))
            }
            return i.identity
        }
        guard Set(owners).count == 1 else {
            throw UsageError("the integrations belong to different identities (\(Set(owners).sorted().joined(separator: ", "))); name one with --identity")
        }
        return owners[0]
    }
}
