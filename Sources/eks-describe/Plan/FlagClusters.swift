import Common

/// The clusters named on the command line: `--name CLUSTER [--region R] [--alias A]` groups.
/// Why groups: one invocation can describe clusters in several regions, so each `--region` and
/// `--alias` must say which cluster it belongs to — the `--name` before it. A `--region` before
/// any `--name` is the default for every cluster without its own.
struct FlagClusters {
    struct Cluster {
        var name: String
        var region: String?
        var alias: String?
        /// 1-based position among the `--name` flags, for messages.
        var ordinal: Int

        var origin: String { "--name #\(ordinal)" }
    }

    var defaultRegion: String?
    var clusters: [Cluster] = []

    init(_ args: Arguments) throws {
        for (flag, value) in args.occurrences {
            switch flag {
            case "--name":
                clusters.append(Cluster(name: value, ordinal: clusters.count + 1))
            case "--region":
                guard !value.isEmpty else { throw UsageError("--region needs a non-empty value") }
                if clusters.isEmpty {
                    guard defaultRegion == nil else { throw UsageError("--region given twice before the first --name") }
                    defaultRegion = value
                } else {
                    let i = clusters.count - 1
                    guard clusters[i].region == nil else {
                        throw UsageError("--region given twice for cluster '\(clusters[i].name)' (\(clusters[i].origin))")
                    }
                    clusters[i].region = value
                }
            case "--alias":
                guard let i = clusters.indices.last else {
                    throw UsageError("--alias '\(value)' must follow the --name it applies to")
                }
                guard clusters[i].alias == nil else {
                    throw UsageError("--alias given twice for cluster '\(clusters[i].name)' (\(clusters[i].origin))")
                }
                guard !value.isEmpty else { throw UsageError("--alias for cluster '\(clusters[i].name)' is empty") }
                clusters[i].alias = value
            default:
                continue
            }
        }
    }
}
