import Common

/// Every cluster of the output envelope, in order, with its name and region settled and checked
/// before anything is requested. Why all checks up front: a bad name or region is a usage error
/// (exit 2) naming the cluster, and nothing at all is sent — not even a credential call.
struct ClusterPlan {
    struct Entry {
        /// The cluster object as it will be written (the envelope's fields kept, in order).
        var object: JSONObject
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

    init(flags: FlagClusters, envelope: JSONObject, source: String, profileRegion: @escaping () -> String?) throws {
        var problems: [(message: String, fromFlags: Bool)] = []
        var envelopeRegion: String? = nil
        if let r = envelope["region"], !r.isNull {
            guard let s = r.string else { throw InputError("\(source): region: expected a string, found \(r.typeName)") }
            envelopeRegion = s.isEmpty ? nil : s
        }
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

        // The envelope's clusters first, as they came.
        if let list = envelope["clusters"], !list.isNull {
            guard let items = list.array else { throw InputError("\(source): clusters: expected an array, found \(list.typeName)") }
            for (i, item) in items.enumerated() {
                let at = "\(source): clusters[\(i)]"
                guard let obj = item.object else { throw InputError("\(at): expected an object, found \(item.typeName)") }
                if let e = obj["error"], !e.isNull {
                    entries.append(Entry(object: obj, name: obj["name"]?.string ?? "clusters[\(i)]",
                                         region: obj["region"]?.string ?? "", origin: at, passThrough: true))
                    continue
                }
                let name = try item.requireString("name", at: at)
                let own = try item.optionalString("region", at: at)
                if let alias = obj["alias"], !alias.isNull, alias.string == nil {
                    throw InputError("\(at).alias: expected a string, found \(alias.typeName)")
                }
                var object = obj
                let region = own.flatMap { $0.isEmpty ? nil : $0 } ?? envelopeClusterRegion()
                if own == nil || own == "", let region { object["region"] = .string(region) }
                entries.append(Entry(object: object, name: name, region: region ?? "", origin: at, passThrough: false))
                if let p = Self.problem(name: name, region: region, origin: at, regionField: own != nil && own != "" ? "\(at).region" : nil) {
                    problems.append((p, false))
                }
            }
        }

        // Then the clusters named by flags; one the envelope already lists (same name and
        // region) is that entry, which only gains the alias.
        for c in flags.clusters {
            let region = c.region ?? flagClusterRegion()
            if let i = entries.firstIndex(where: { !$0.passThrough && $0.name == c.name && $0.region == (region ?? "") }) {
                if let alias = c.alias { entries[i].object["alias"] = .string(alias) }
                continue
            }
            var object = JSONObject()
            object["name"] = .string(c.name)
            if let region { object["region"] = .string(region) }
            if let alias = c.alias { object["alias"] = .string(alias) }
            entries.append(Entry(object: object, name: c.name, region: region ?? "", origin: c.origin, passThrough: false))
            if let p = Self.problem(name: c.name, region: region, origin: c.origin, regionField: c.region != nil ? "--region" : nil) {
                problems.append((p, true))
            }
        }

        if let d = flags.defaultRegion, !Partition.isValidRegion(d) {
            problems.append(("--region '\(d)' (before the first --name) is not an AWS region name (like us-east-2)", true))
        }
        if !problems.isEmpty {
            // One `eks-describe: …` line per bad cluster (the entry point prefixes the first).
            let message = problems.map(\.message).joined(separator: "\neks-describe: ")
            if problems.contains(where: \.fromFlags) { throw UsageError(message) }
            throw InputError(message)
        }
        self.defaultRegion = flags.defaultRegion ?? envelopeRegion
    }

    /// What is wrong with a cluster's name or region, or nil.
    static func problem(name: String, region: String?, origin: String, regionField: String?) -> String? {
        let label = "cluster '\(name)' (\(origin))"
        if !ClusterName.isValid(name) {
            return "\(ClusterName.problem(name)) (\(origin))"
        }
        guard let region else {
            return "\(label): no region: give --region after its --name, a region in the envelope, or set AWS_REGION"
        }
        if !Partition.isValidRegion(region) {
            let from = regionField.map { " (from \($0))" } ?? ""
            return "\(label): '\(region)'\(from) is not an AWS region name (like us-east-2)"
        }
        return nil
    }
}
