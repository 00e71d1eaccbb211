import Common
import Glibc

/// One entry of the envelope's `clusters`, checked, with its kubeconfig settings resolved
/// against the flags (the envelope's per-cluster settings win).
struct ClusterRequest {
    var index: Int
    /// Where the cluster is in the envelope (`stdin: clusters[2]`), for messages.
    var at: EnvelopePath
    var name: String
    /// The describe error, for clusters to skip (`CODE: message`).
    var error: String?
    var region: String?
    var arn: String?
    var endpoint: String?
    var certificateAuthorityData: String?
    /// A local cluster on Outposts: the id its tokens are for.
    var clusterId: String?
    var alias: String?
    var integration: String?
    var path: String
    var mode: mode_t?
    var update: UpdateMode

    /// Reads `clusters[index]`. Describe fields are only required of clusters that will be written.
    init(_ cluster: EnvelopeCluster, index: Int, settings: Settings, envelopeRegion: String?, requireDescribe: Bool) throws {
        self.index = index
        at = cluster.path
        name = try cluster.require(.name)
        if let e = try cluster.get(.error) {
            let code = e.code ?? "error"
            let message = e.message ?? ""
            error = message.isEmpty ? code : "\(code): \(message)"
        }
        arn = try cluster.get(.arn)
        region = try cluster.get(.region) ?? envelopeRegion ?? arn.flatMap(ClusterRequest.regionFromARN)
        endpoint = try cluster.get(.endpoint)
        certificateAuthorityData = try cluster.get(.certificateAuthorityData)
        clusterId = try cluster.nonEmpty(.clusterId)
        alias = try cluster.nonEmpty(.alias)
        integration = try cluster.get(.integration)

        path = settings.defaultPath
        if settings.kubeconfig == nil, settings.defaultKubeconfig == .awsCLI, let arn, !arn.isEmpty {
            path = AWSCLIKubeconfig.path(forCluster: arn)
        }
        mode = settings.mode
        update = settings.update ?? .merge
        if let k = try cluster.get(.kubeconfig) {
            if let p = try k.nonEmpty(.path) { path = Path.absolute(p) }
            if let m = try k.get(.mode) { mode = m }
            if let u = try k.nonEmpty(.update) { update = UpdateMode(rawValue: u)! }
        }
        guard requireDescribe && error == nil else { return }
        for (field, v) in [("arn", arn), ("endpoint", endpoint), ("certificateAuthorityData", certificateAuthorityData), ("region", region)]
        where v == nil || v == "" {
            throw EnvelopeError(cluster.path, .missing(field: field, hint: "run eks-describe first"))
        }
    }

    /// `arn:aws:eks:REGION:ACCOUNT:cluster/NAME` → REGION.
    static func regionFromARN(_ arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", !parts[3].isEmpty else { return nil }
        return String(parts[3])
    }
}
