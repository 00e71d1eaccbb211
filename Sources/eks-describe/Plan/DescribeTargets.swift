import Common
import Network

/// The DescribeCluster requests a plan needs: one per distinct (region, name), so a cluster
/// listed twice shares one answer, with each region's EKS endpoint resolved once (and any bad
/// `AWS_ENDPOINT_URL*` refused) before the first request.
struct DescribeTargets {
    private(set) var targets: [EKSClient.Target] = []
    private var position: [String: Int] = [:]
    private var endpoints: [String: ServiceEndpoint] = [:]

    init(_ entries: [ClusterPlan.Entry], profile: AWSConfigFiles.Section?, files: AWSConfigFiles) throws {
        for e in entries where !e.passThrough {
            let key = Self.key(e)
            if position[key] != nil { continue }
            if endpoints[e.region] == nil {
                endpoints[e.region] = try ServiceEndpoint.resolve(.eks, region: e.region, profile: profile, files: files)
            }
            position[key] = targets.count
            targets.append(EKSClient.Target(name: e.name, endpoint: endpoints[e.region]!))
        }
    }

    var regionCount: Int { endpoints.count }

    /// Which target describes `entry` (a non-pass-through entry of the same plan).
    func index(of entry: ClusterPlan.Entry) -> Int { position[Self.key(entry)]! }

    private static func key(_ e: ClusterPlan.Entry) -> String { e.region + "\u{0}" + e.name }
}
