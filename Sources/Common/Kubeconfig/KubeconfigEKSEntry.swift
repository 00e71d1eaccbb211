/// The three kubeconfig entries for one EKS cluster, shaped like the ones
/// `aws eks update-kubeconfig` writes (cluster named by ARN, context by alias or ARN, an exec
/// user) but with eks-presign as the credential plugin, run by absolute path so kubectl finds it
/// whatever PATH it has, and never prompting (`interactiveMode: Never`).
public struct KubeconfigEKSEntry: Sendable {
    public var clusterName: String
    public var region: String
    public var arn: String
    public var endpoint: String
    public var certificateAuthorityData: String
    public var contextName: String
    public var userName: String
    /// Absolute path of eks-presign.
    public var presignCommand: String
    /// `v1beta1` or `v1` (client.authentication.k8s.io).
    public var execAPIVersion: String
    /// Where the credentials come from: an Atmos identity (and its config file) or a profile.
    public var identity: String?
    public var config: String?
    public var profile: String?
    public var integration: String?
    /// A role eks-presign assumes on top of the identity or profile (`--role-arn`, as
    /// `aws eks update-kubeconfig --role-arn` writes it).
    public var roleArn: String?
    /// The cluster's `proxy-url`, when given (`aws eks update-kubeconfig --proxy-url`).
    public var proxyURL: String?
    /// An EKS local cluster on Outposts: eks-presign signs for this id (`--cluster-id`) instead
    /// of the name, as the AWS CLI's entry runs `get-token --cluster-id`.
    public var clusterId: String?

    public init(clusterName: String, region: String, arn: String, endpoint: String, certificateAuthorityData: String,
                contextName: String, userName: String, presignCommand: String, execAPIVersion: String = "v1beta1",
                identity: String? = nil, config: String? = nil, profile: String? = nil, integration: String? = nil,
                roleArn: String? = nil, proxyURL: String? = nil, clusterId: String? = nil) {
        self.clusterName = clusterName
        self.region = region
        self.arn = arn
        self.endpoint = endpoint
        self.certificateAuthorityData = certificateAuthorityData
        self.contextName = contextName
        self.userName = userName
        self.presignCommand = presignCommand
        self.execAPIVersion = execAPIVersion
        self.identity = identity
        self.config = config
        self.profile = profile
        self.integration = integration
        self.roleArn = roleArn
        self.proxyURL = proxyURL
        self.clusterId = clusterId
    }

    public var marker: KubeconfigMarker {
        KubeconfigMarker(identity: identity, config: identity == nil ? nil : config, integration: integration, profile: profile)
    }

    /// The user entry's name when none is given (`--user-alias`): who signs and on which
    /// cluster, `IDENTITY@ARN` or `PROFILE@ARN` (the ARN alone, as `aws eks update-kubeconfig`
    /// names users, would let a second identity or profile on the cluster overwrite the first
    /// one's entry). When eks-presign's arguments also carry what the name does not show (the
    /// auth config of an identity, a role assumed on top), `#` and 8 hex digits of their SHA-256
    /// follow: two entries then share a user only when they sign identically, never one
    /// identity name from two configs, or one profile with two roles. Readable where it can be:
    /// a profile without a role gets no suffix.
    public static func defaultUserName(arn: String, identity: String?, config: String?, profile: String?, roleArn: String?) -> String {
        let who = identity ?? profile
        let base = who.map { "\($0)@\(arn)" } ?? arn
        var hidden: [String] = []
        if identity != nil, let config { hidden.append("config=\(config)") }
        if let roleArn { hidden.append("role-arn=\(roleArn)") }
        guard !hidden.isEmpty else { return base }
        return base + "#" + String(Encoding.hex(Hashing.sha256(hidden.joined(separator: "\n"))).prefix(8))
    }

    /// eks-presign's arguments: the cluster and region, the identity or the profile, the role.
    public var presignArgs: [String] {
        var args = clusterId.map { ["--cluster-id", $0] } ?? ["--cluster-name", clusterName]
        args += ["--region", region]
        if let identity {
            args += ["--identity", identity]
            if let config { args += ["--config", config] }
        } else if let profile {
            args += ["--profile", profile]
        }
        if let roleArn { args += ["--role-arn", roleArn] }
        return args
    }

    private var extensions: YAMLNode { .sequence([marker.node]) }

    /// The `cluster:` mapping (keys in the AWS CLI's order).
    public var clusterNode: YAMLNode {
        var pairs: [(String, YAMLNode)] = [("certificate-authority-data", .string(certificateAuthorityData)), ("server", .string(endpoint))]
        if let proxyURL { pairs.append(("proxy-url", .string(proxyURL))) }
        pairs.append(("extensions", extensions))
        return .mapping(pairs)
    }

    /// The `context:` mapping.
    public var contextNode: YAMLNode {
        .mapping([("cluster", .string(arn)), ("user", .string(userName)), ("extensions", extensions)])
    }

    /// The `user:` mapping with the exec plugin.
    public var userNode: YAMLNode {
        let exec: YAMLNode = .mapping([
            ("apiVersion", .string("client.authentication.k8s.io/\(execAPIVersion)")),
            ("command", .string(presignCommand)),
            ("args", .sequence(presignArgs.map(YAMLNode.string))),
            ("interactiveMode", .string("Never")),
            ("provideClusterInfo", .bool(false)),
        ])
        return .mapping([("exec", exec), ("extensions", extensions)])
    }
}
