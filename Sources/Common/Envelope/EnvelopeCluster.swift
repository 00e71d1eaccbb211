import Glibc

/// One entry of the envelope's `clusters`. creds-resolve writes name, region, alias,
/// integration and kubeconfig settings; eks-describe the describe fields or an `error`;
/// kubeconfig-merge reads them all. Every other field of the entry is kept, in order.
public struct EnvelopeCluster: EnvelopeRecord, Equatable, Sendable {
    public var fields: JSONObject
    public let path: EnvelopePath

    public init(_ fields: JSONObject, path: EnvelopePath) {
        self.fields = fields
        self.path = path
    }

    /// A new entry: `name`, then `region` and `alias` when given, in that order.
    public init(name: String, region: String?, alias: String?, path: EnvelopePath) {
        self.init(JSONObject(), path: path)
        set(.name, name)
        set(.region, region)
        set(.alias, alias)
    }

    /// The entry for an `aws/eks` integration of the auth config.
    public init(integration i: AuthConfig.Integration, path: EnvelopePath) {
        self.init(name: i.clusterName, region: i.region, alias: i.alias, path: path)
        set(.integration, i.name)
        var k = ClusterKubeconfig(JSONObject(), path: path.appending("kubeconfig"))
        k.set(.path, i.kubeconfigPath)
        // The mode as the config wrote it: kubeconfig-merge judges it (and names it) when it reads it.
        k.fields["mode"] = i.kubeconfigMode.map(JSON.string)
        k.set(.update, i.kubeconfigUpdate)
        if !k.fields.isEmpty { set(.kubeconfig, k) }
    }

    /// The fields eks-describe owns, in the order it adds them (then `error`).
    public static let describeFields: [EnvelopeField<EnvelopeCluster, String>] =
        [.arn, .endpoint, .certificateAuthorityData, .status, .version, .platformVersion, .clusterId]
}

extension EnvelopeField where Record == EnvelopeCluster, Value == String {
    /// The EKS cluster name.
    public static var name: EnvelopeField { .string("name") }
    public static var region: EnvelopeField { .string("region") }
    /// The kubeconfig context name.
    public static var alias: EnvelopeField { .string("alias") }
    /// The auth config integration the cluster came from.
    public static var integration: EnvelopeField { .string("integration") }
    public static var arn: EnvelopeField { .string("arn") }
    public static var endpoint: EnvelopeField { .string("endpoint") }
    public static var certificateAuthorityData: EnvelopeField { .string("certificateAuthorityData") }
    public static var status: EnvelopeField { .string("status") }
    public static var version: EnvelopeField { .string("version") }
    public static var platformVersion: EnvelopeField { .string("platformVersion") }
    /// An EKS local cluster on Outposts: its id, which its tokens are for (eks-presign --cluster-id).
    public static var clusterId: EnvelopeField { .string("clusterId") }
}

extension EnvelopeField where Record == EnvelopeCluster, Value == ClusterKubeconfig {
    /// Where and how kubeconfig-merge writes this cluster's entries.
    public static var kubeconfig: EnvelopeField {
        EnvelopeField("kubeconfig", decode: { v, at in
            guard let o = v.object else { throw EnvelopeError.wrongType(at, expected: "an object", v) }
            return ClusterKubeconfig(o, path: at)
        }, encode: { .object($0.fields) })
    }
}

extension EnvelopeField where Record == EnvelopeCluster, Value == ClusterError {
    /// Why an earlier stage could not use the cluster; later stages skip it.
    public static var error: EnvelopeField {
        EnvelopeField("error", decode: { v, _ in ClusterError(v) }, encode: { $0.json })
    }
}

/// A cluster's kubeconfig settings: `path`, `mode` ("0600", or the number 600 read as the
/// octal digits it shows), `update` (merge, replace or error; empty is the default).
public struct ClusterKubeconfig: EnvelopeRecord, Equatable, Sendable {
    public var fields: JSONObject
    public let path: EnvelopePath

    public init(_ fields: JSONObject, path: EnvelopePath) {
        self.fields = fields
        self.path = path
    }

    public static let updateModes = ["merge", "replace", "error"]
}

extension EnvelopeField where Record == ClusterKubeconfig, Value == String {
    public static var path: EnvelopeField { .string("path") }
    public static var update: EnvelopeField {
        EnvelopeField("update", decode: { v, at in
            guard let s = v.string else { throw EnvelopeError.wrongType(at, expected: "a string", v) }
            guard s.isEmpty || ClusterKubeconfig.updateModes.contains(s) else {
                throw EnvelopeError(at, .invalid("expected merge, replace or error, found \"\(s)\""))
            }
            return s
        }, encode: { .string($0) })
    }
}

extension EnvelopeField where Record == ClusterKubeconfig, Value == mode_t {
    public static var mode: EnvelopeField {
        EnvelopeField("mode", decode: { v, at in
            guard let text = v.string ?? v.int.map({ String($0) }), let mode = OctalMode.parse(text) else {
                throw EnvelopeError(at, .invalid("expected an octal file mode such as \"0600\""))
            }
            return mode
        }, encode: { .string(OctalMode.text($0)) })
    }
}

/// A cluster's `error`: `{"code", "message"}` as eks-describe writes it; read leniently
/// (another stage may have written a bare string), and passed on as it came.
public struct ClusterError: Equatable, Sendable {
    public let json: JSON
    public var code: String? { json["code"]?.string }
    public var message: String? { json["message"]?.string ?? json.string }

    public init(_ json: JSON) { self.json = json }

    public init(code: String, message: String) {
        json = .object(JSONObject([("code", .string(code)), ("message", .string(message))]))
    }
}
