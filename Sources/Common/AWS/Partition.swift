/// An AWS partition: which regions belong to it and the DNS suffixes of its endpoints
/// (botocore's partitions.json, the facts every SDK resolves endpoints from).
public struct Partition: Sendable, Equatable {
    public let name: String
    public let dnsSuffix: String
    public let dualStackDnsSuffix: String
    /// The region that signs requests to the partition's global endpoint.
    public let implicitGlobalRegion: String
    /// Region name prefix that identifies the partition (`cn-`, `us-gov-`, …); "" for aws.
    let prefix: String

    public static let aws = Partition(name: "aws", dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws",
                                      implicitGlobalRegion: "us-east-1", prefix: "")
    public static let all: [Partition] = [
        Partition(name: "aws-cn", dnsSuffix: "amazonaws.com.cn", dualStackDnsSuffix: "api.amazonwebservices.com.cn",
                  implicitGlobalRegion: "cn-northwest-1", prefix: "cn-"),
        Partition(name: "aws-us-gov", dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws",
                  implicitGlobalRegion: "us-gov-west-1", prefix: "us-gov-"),
        Partition(name: "aws-iso", dnsSuffix: "c2s.ic.gov", dualStackDnsSuffix: "api.aws.ic.gov",
                  implicitGlobalRegion: "us-iso-east-1", prefix: "us-iso-"),
        Partition(name: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", dualStackDnsSuffix: "api.aws.scloud",
                  implicitGlobalRegion: "us-isob-east-1", prefix: "us-isob-"),
        Partition(name: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", dualStackDnsSuffix: "api.cloud-aws.adc-e.uk",
                  implicitGlobalRegion: "eu-isoe-west-1", prefix: "eu-isoe-"),
        Partition(name: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", dualStackDnsSuffix: "api.aws.hci.ic.gov",
                  implicitGlobalRegion: "us-isof-south-1", prefix: "us-isof-"),
        Partition(name: "aws-eusc", dnsSuffix: "amazonaws.eu", dualStackDnsSuffix: "api.amazonwebservices.eu",
                  implicitGlobalRegion: "eusc-de-east-1", prefix: "eusc-de-"),
        aws,
    ]

    /// The partition of `region`, by the region patterns of botocore's partitions.json
    /// (`^cn\-\w+\-\d+$`, `^us\-gov\-\w+\-\d+$`, …) and their `<partition>-global` regions;
    /// `aws` for anything else, as the SDKs do for regions newer than their data.
    public static func of(region: String) -> Partition {
        if region == "aws-global" { return aws }
        for p in all where !p.prefix.isEmpty {
            if region == "\(p.name)-global" { return p }
            if region.hasPrefix(p.prefix), isWordDashNumber(region.utf8.dropFirst(p.prefix.utf8.count)) { return p }
        }
        return aws
    }

    /// `\w+\-\d+` to the end: one word, a dash, a number.
    static func isWordDashNumber(_ s: Substring.UTF8View) -> Bool {
        guard let dash = s.lastIndex(of: UInt8(ascii: "-")) else { return false }
        let word = s[..<dash], number = s[s.index(after: dash)...]
        func isWord(_ c: UInt8) -> Bool { (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) || c == 95 }
        return !word.isEmpty && word.allSatisfy(isWord) && !number.isEmpty && number.allSatisfy { (48...57).contains($0) }
    }

    /// Whether `region` can name a region: botocore's rule (`validate_region_name`), a DNS
    /// host label — letters, digits and dashes, at most 63, no dash first or last, not all
    /// digits. Anything else could not become part of a host name; a name that merely looks
    /// unusual (a region newer than this build) is accepted, as the AWS CLI accepts it.
    public static func isValidRegion(_ region: String) -> Bool {
        let u = region.utf8
        guard !u.isEmpty, u.count <= 63, u.first != UInt8(ascii: "-"), u.last != UInt8(ascii: "-") else { return false }
        guard u.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 45 }) else { return false }
        return !u.allSatisfy { (48...57).contains($0) }
    }

    /// Whether `region` is shaped like an AWS region (`us-east-1`, `us-gov-west-1`,
    /// `eusc-de-east-1`): lowercase letters and digits in dash-separated parts ending in a
    /// number. For regions a person types into a config or a flag next to a cluster name
    /// (atmos.yaml, eks-describe), where `us-east1` or `US-EAST-1` is a typo to catch before any
    /// request; regions read as the SDKs read them (profiles, environment) follow `isValidRegion`.
    public static func looksLikeAWSRegion(_ region: String) -> Bool {
        if region == "aws-global" { return true }
        let parts = region.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.count <= 5, region.count <= 40 else { return false }
        for part in parts {
            guard !part.isEmpty, part.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }) else { return false }
        }
        guard let last = parts.last, last.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        return parts.first!.utf8.allSatisfy { $0 >= 97 && $0 <= 122 }
    }
}

/// The standard endpoint switches of the AWS SDKs (`AWS_USE_FIPS_ENDPOINT`,
/// `AWS_USE_DUALSTACK_ENDPOINT`, or `use_fips_endpoint` / `use_dualstack_endpoint` in a profile).
public struct EndpointVariant: Sendable, Equatable {
    public var fips: Bool
    public var dualStack: Bool

    public init(fips: Bool = false, dualStack: Bool = false) {
        self.fips = fips
        self.dualStack = dualStack
    }

    public static func fromEnvironment() -> EndpointVariant {
        EndpointVariant(fips: Env.flag("AWS_USE_FIPS_ENDPOINT"), dualStack: Env.flag("AWS_USE_DUALSTACK_ENDPOINT"))
    }

    /// As botocore reads the switches: the environment variable when it is set at all (so
    /// `AWS_USE_FIPS_ENDPOINT=false` turns off a profile's `use_fips_endpoint = true`), else the
    /// profile's setting; "true" in any case is on, anything else off.
    public static func resolve(profile: AWSConfigFiles.Section?) -> EndpointVariant {
        func setting(_ variable: String, _ key: String) -> Bool {
            (Env.get(variable) ?? profile?[key])?.lowercased() == "true"
        }
        return EndpointVariant(fips: setting("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"),
                               dualStack: setting("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"))
    }
}

/// Public AWS service endpoints, resolved as botocore's endpoint rules resolve them.
public enum Endpoints {
    /// The host of a regional service endpoint: `sts.us-east-1.amazonaws.com`,
    /// `sts-fips.us-east-1.api.aws`, `eks.cn-north-1.amazonaws.com.cn`, …
    public static func host(service: String, region: String, variant: EndpointVariant = .init()) -> String {
        let p = Partition.of(region: region)
        let suffix = variant.dualStack ? p.dualStackDnsSuffix : p.dnsSuffix
        // GovCloud's standard STS endpoints are already FIPS endpoints (botocore's STS rules).
        if variant.fips && !variant.dualStack && service == "sts" && p.name == "aws-us-gov" {
            return "sts.\(region).\(suffix)"
        }
        let name = variant.fips ? "\(service)-fips" : service
        return "\(name).\(region).\(suffix)"
    }

    /// The regions that `sts_regional_endpoints = legacy` sends to the global endpoint
    /// (botocore's LEGACY_GLOBAL_STS_REGIONS).
    public static let legacyGlobalSTSRegions: Set<String> = [
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1",
        "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ]

    /// STS's host and signing region for `region`, as `aws eks get-token` resolves them: no
    /// region is `aws-global`, whose plain endpoint is the global `sts.amazonaws.com` signed for
    /// us-east-1 (with FIPS or dual-stack it is `sts-fips.aws-global.…`, still signed for
    /// us-east-1); `legacyGlobal` (`sts_regional_endpoints = legacy`) sends the legacy regions to
    /// the global endpoint unless FIPS or dual-stack is asked for.
    public static func sts(region: String?, variant: EndpointVariant = .init(), legacyGlobal: Bool = false) -> (host: String, signingRegion: String) {
        let region = region.flatMap { $0.isEmpty ? nil : $0 } ?? "aws-global"
        let plain = !variant.fips && !variant.dualStack
        if plain && (region == "aws-global" || (legacyGlobal && legacyGlobalSTSRegions.contains(region))) {
            return ("sts.amazonaws.com", "us-east-1")
        }
        return (host(service: "sts", region: region, variant: variant), region == "aws-global" ? "us-east-1" : region)
    }
}
