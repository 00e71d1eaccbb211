/// What an existing exec entry asks for when it runs `aws eks get-token` (as
/// `aws eks update-kubeconfig` writes it) or `aws-iam-authenticator token`: the cluster, the
/// region, the role and the profile, read from its arguments exactly. Why so strict: the entry
/// is rewritten to run eks-presign, which must mean the same thing, so any option whose effect
/// eks-presign does not reproduce (`--endpoint-url`, `--session-name`, a wrapper such as
/// aws-vault) makes the entry one to leave alone, with the reason.
public struct KubeconfigTokenCommand: Equatable, Sendable {
    public enum Tool: String, Sendable {
        case awsCLI = "aws eks get-token"
        case authenticator = "aws-iam-authenticator"
    }

    public var tool: Tool
    public var clusterName: String?
    /// `--cluster-id` of an EKS local cluster on Outposts (`aws eks get-token` only).
    public var clusterID: String?
    public var region: String?
    public var profile: String?
    public var roleArn: String?

    /// eks-presign's arguments meaning the same. The exec entry's `env` (AWS_PROFILE,
    /// AWS_STS_REGIONAL_ENDPOINTS, …) is kept as it is, and eks-presign reads it as the original did.
    public var presignArgs: [String] {
        var args: [String] = []
        if let clusterName { args += ["--cluster-name", clusterName] }
        if let clusterID { args += ["--cluster-id", clusterID] }
        if let region { args += ["--region", region] }
        if let profile { args += ["--profile", profile] }
        if let roleArn { args += ["--role-arn", roleArn] }
        return args
    }

    /// Whether `command` is a program this type reads or one that looks EKS-related (a wrapper
    /// like aws-vault, another token helper): those are worth a warning when left alone; other
    /// exec plugins (gke-gcloud-auth-plugin, kubelogin) are not ekspipe's business.
    public static func looksLikeEKS(command: String, args: [String]) -> Bool {
        Path.basename(command).lowercased().contains("aws") || args.contains("get-token")
    }

    /// Reads `command args`; throws `Unconvertible` saying why it cannot be converted exactly.
    public static func parse(command: String, args: [String]) throws(Unconvertible) -> KubeconfigTokenCommand {
        switch Path.basename(command) {
        case "aws": return try parseAWSCLI(args)
        case "aws-iam-authenticator", "heptio-authenticator-aws": return try parseAuthenticator(args)
        default: throw Unconvertible("runs \(Path.basename(command)), not aws eks get-token or aws-iam-authenticator")
        }
    }

    /// `aws [global options] eks get-token --cluster-name X [--role-arn A]`, options in any
    /// order (the AWS CLI takes global options anywhere), `--opt value` or `--opt=value`.
    private static func parseAWSCLI(_ args: [String]) throws(Unconvertible) -> KubeconfigTokenCommand {
        var out = KubeconfigTokenCommand(tool: .awsCLI)
        var positionals: [String] = []
        // `--role`: how aws eks update-kubeconfig writes --role-arn (argparse takes the prefix).
        var options = OptionReader(args, names: ["--region", "--profile", "--output", "--cluster-name", "--cluster-id", "--role-arn", "--role"],
                                   aliases: ["--role": "--role-arn"])
        while let next = try options.next() {
            switch next {
            case .positional(let p): positionals.append(p)
            case .option("--output", let v): if v != "json" { throw Unconvertible("--output \(v): kubectl needs json") }
            case .option("--region", let v): out.region = v
            case .option("--profile", let v): out.profile = v
            case .option("--cluster-name", let v): out.clusterName = v
            case .option("--cluster-id", let v): out.clusterID = v
            case .option(_, let v): out.roleArn = v
            }
        }
        guard positionals == ["eks", "get-token"] else {
            throw Unconvertible("runs \((["aws"] + positionals).joined(separator: " ")), not aws eks get-token")
        }
        if out.clusterName != nil && out.clusterID != nil { throw Unconvertible("both --cluster-name and --cluster-id") }
        return try out.checked()
    }

    /// `aws-iam-authenticator token -i CLUSTER [-r ROLE] [--region R]` (Go flags: `-i X`,
    /// `-i=X`, `--cluster-id X`, `--cluster-id=X`). The cluster id is the token's
    /// x-k8s-aws-id, which eks-presign's --cluster-name sets.
    private static func parseAuthenticator(_ args: [String]) throws(Unconvertible) -> KubeconfigTokenCommand {
        var out = KubeconfigTokenCommand(tool: .authenticator)
        var positionals: [String] = []
        let aliases = ["-i": "--cluster-id", "-r": "--role"]
        var options = OptionReader(args, names: ["--cluster-id", "--role", "--region", "-i", "-r"], aliases: aliases)
        while let next = try options.next() {
            switch next {
            case .positional(let p): positionals.append(p)
            case .option("--cluster-id", let v): out.clusterName = v
            case .option("--role", let v): out.roleArn = v
            case .option(_, let v): out.region = v
            }
        }
        guard positionals == ["token"] else {
            throw Unconvertible("runs \((["aws-iam-authenticator"] + positionals).joined(separator: " ")), not aws-iam-authenticator token")
        }
        return try out.checked()
    }

    /// The values eks-presign will accept as they are.
    private func checked() throws(Unconvertible) -> KubeconfigTokenCommand {
        guard let id = clusterName ?? clusterID, !id.isEmpty else { throw Unconvertible("no cluster name") }
        if let region, !Partition.isValidRegion(region) { throw Unconvertible("region '\(region)' is not a region name") }
        if let roleArn, !(roleArn.hasPrefix("arn:") && roleArn.contains(":role/")) {
            throw Unconvertible("'\(roleArn)' is not an IAM role ARN")
        }
        if profile == "" { throw Unconvertible("an empty --profile") }
        return self
    }

    /// Why an entry is left as it was (the sentence after "left as it is: ").
    public struct Unconvertible: Error, Equatable, Sendable {
        public let reason: String
        public init(_ reason: String) { self.reason = reason }
    }
}

/// The options of a command line read one at a time: `--name value`, `--name=value`, and for
/// one-letter names also `-xvalue`; each known name once (a repeated one is ambiguous across
/// the programs' parsers), any other option refused by name.
private struct OptionReader {
    enum Item { case positional(String), option(String, String) }

    private let args: [String]
    private let names: Set<String>
    private let aliases: [String: String]
    private var i = 0
    private var seen: Set<String> = []

    init(_ args: [String], names: Set<String>, aliases: [String: String] = [:]) {
        self.args = args
        self.names = names
        self.aliases = aliases
    }

    mutating func next() throws(KubeconfigTokenCommand.Unconvertible) -> Item? {
        guard i < args.count else { return nil }
        let arg = args[i]
        i += 1
        guard arg.hasPrefix("-"), arg != "-" else { return .positional(arg) }
        if arg == "--" { throw .init("an argument '--'") }
        var name = arg, inline: String?
        if let eq = arg.firstIndex(of: "=") {
            name = String(arg[..<eq])
            inline = String(arg[arg.index(after: eq)...])
        } else if !arg.hasPrefix("--"), arg.count > 2, names.contains(String(arg.prefix(2))) {
            name = String(arg.prefix(2))
            inline = String(arg.dropFirst(2))
        }
        guard names.contains(name) else { throw .init("unknown option \(name)") }
        let canonical = aliases[name] ?? name
        guard seen.insert(canonical).inserted else { throw .init("\(canonical) given more than once") }
        if let inline { return .option(canonical, inline) }
        guard i < args.count, !args[i].hasPrefix("-") || args[i].count == 1 else { throw .init("\(name) without a value") }
        i += 1
        return .option(canonical, args[i - 1])
    }
}
