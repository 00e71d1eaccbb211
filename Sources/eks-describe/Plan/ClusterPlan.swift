import Common

/// Every cluster of the output envelope, in order, with its name and region settled and checked
/// before anything is requested. Why all checks up front: a bad name or region is a usage error
/// (exit 2) naming the cluster, and nothing at all is sent — not even a credential call.
struct ClusterPlan {
    struct Entry {
        /// The cluster as it will be written (the envelope's fields kept, in order).
        var cluster: EnvelopeCluster
        var name: String
        var region: String
        /// Where the cluster came from ("--name #2", "stdin: clusters[0]"), for messages.
        var origin: String
        /// It carried an `error` from an earlier stage: written back untouched, not described.
        var passThrough: Bool
    }

    var entries: [Entry] = []
    /// The region used when no cluster says otherwise (for the credential chain's STS calls).
    var defaultRegion: String?

    /// `profileLabel` names the profile whose region is the last fallback, for the message
    /// when there is no region at all ("profile 'dev' in ~/.aws/config").
    init(flags: FlagClusters, envelope: Envelope, profileLabel: String = "the profile", profileRegion: @escaping () -> String?) throws {
        var problems: [(problem: ClusterPlanError.Problem, fromFlags: Bool)] = []
        let envelopeRegion = try envelope.nonEmpty(.region)
        // A cluster without its own region: for the envelope's clusters the envelope's region
        // (creds-resolve put them there together), for flag clusters the --region before the
        // first --name; then the other of the two, AWS_REGION, AWS_DEFAULT_REGION, the
        // profile's region (read only when needed).
        var fallback: String?? = .none
        func commonRegion() -> String? {
            if case .some(let r) = fallback { return r }
            let r = RegionChain.resolve(flag: nil, configured: profileRegion)
            fallback = .some(r)
            return r
        }
        func envelopeClusterRegion() -> String? { envelopeRegion ?? flags.defaultRegion ?? commonRegion() }
        func flagClusterRegion() -> String? { flags.defaultRegion ?? envelopeRegion ?? commonRegion() }
        // Where a region was looked for, for the error when none was found.
        let identity = (try? envelope.nonEmpty(.identity)) ?? nil
        let lookedIn = ["not given with --region", identity.map { "identity '\($0)' has none" } ?? "the envelope has none",
                        "AWS_REGION and AWS_DEFAULT_REGION are not set", "\(profileLabel) has none"]

        // The envelope's clusters first, as they came.
        for (i, item) in try envelope.get(.clusters)?.enumerated() ?? [].enumerated() {
            var cluster = item
            let at = item.path.description
            if try item.get(.error) != nil {
                entries.append(Entry(cluster: item, name: (try? item.get(.name)) ?? "clusters[\(i)]",
                                     region: (try? item.get(.region)) ?? "", origin: at, passThrough: true))
                continue
            }
            let name = try item.require(.name)
            let own = try item.get(.region)
            _ = try item.get(.alias)
            let region = own.flatMap { $0.isEmpty ? nil : $0 } ?? envelopeClusterRegion()
            if own == nil || own == "", let region { cluster.set(.region, region) }
            entries.append(Entry(cluster: cluster, name: name, region: region ?? "", origin: at, passThrough: false))
            if let p = Self.problem(name: name, region: region, origin: at, regionField: own != nil && own != "" ? "\(at).region" : nil, lookedIn: lookedIn) {
                problems.append((p, false))
            }
        }

        // Then the clusters named by flags; one the envelope already lists (same name and
        // region) is that entry, which only gains the alias.
        for c in flags.clusters {
            let region = c.region ?? flagClusterRegion()
            if let i = entries.firstIndex(where: { !$0.passThrough && $0.name == c.name && $0.region == (region ?? "") }) {
                if let alias = c.alias { entries[i].cluster.set(.alias, alias) }
                continue
            }
            let cluster = EnvelopeCluster(name: c.name, region: region, alias: c.alias,
                                          path: envelope.path.appending("clusters").index(entries.count))
            entries.append(Entry(cluster: cluster, name: c.name, region: region ?? "", origin: c.origin, passThrough: false))
            if let p = Self.problem(name: c.name, region: region, origin: c.origin, regionField: c.region != nil ? "--region" : nil, lookedIn: lookedIn) {
                problems.append((p, true))
            }
        }

        if let d = flags.defaultRegion, !Partition.looksLikeAWSRegion(d) {
            problems.append((.badDefaultRegion(d), true))
        }
        // One `eks-describe: …` line per bad cluster.
        if !problems.isEmpty { throw ClusterPlanError(problems: problems) }
        self.defaultRegion = flags.defaultRegion ?? envelopeRegion
    }

    /// What is wrong with a cluster's name or region, or nil.
    static func problem(name: String, region: String?, origin: String, regionField: String?, lookedIn: [String]) -> ClusterPlanError.Problem? {
        if !ClusterName.isValid(name) { return .badName(name, origin: origin) }
        guard let region else { return .noRegion(cluster: name, origin: origin, lookedIn: lookedIn) }
        if !Partition.looksLikeAWSRegion(region) { return .badRegion(region, cluster: name, origin: origin, field: regionField) }
        return nil
    }
}
