import Common

/// An AWS service as endpoint resolution and signing see it.
public struct AWSService: Sendable, Equatable {
    /// Name in messages ("STS").
    public let name: String
    /// Suffix of `AWS_ENDPOINT_URL_<SUFFIX>` and key in a `[services x]` section (lowercased).
    public let endpointKey: String
    /// SigV4 service name.
    public let signingName: String
    /// Host of the public regional endpoint.
    let defaultHost: @Sendable (_ region: String, _ variant: EndpointVariant) -> String

    public static func == (a: AWSService, b: AWSService) -> Bool { a.name == b.name }

    public static let sts = AWSService(name: "STS", endpointKey: "STS", signingName: "sts") { region, variant in
        Endpoints.sts(region: region, variant: variant).host
    }
    public static let eks = AWSService(name: "EKS", endpointKey: "EKS", signingName: "eks") { region, variant in
        Endpoints.host(service: "eks", region: region, variant: variant)
    }
    /// The IAM Identity Center portal (GetRoleCredentials); its calls carry a bearer token, not SigV4.
    public static let sso = AWSService(name: "SSO", endpointKey: "SSO", signingName: "awsssoportal") { region, variant in
        let p = Partition.of(region: region)
        return "portal.sso\(variant.fips ? "-fips" : "").\(region).\(variant.dualStack ? p.dualStackDnsSuffix : p.dnsSuffix)"
    }
    /// IAM Identity Center OIDC (CreateToken, device authorization).
    public static let ssoOIDC = AWSService(name: "SSO OIDC", endpointKey: "SSO_OIDC", signingName: "sso-oauth") { region, variant in
        let p = Partition.of(region: region)
        return "oidc\(variant.fips ? "-fips" : "").\(region).\(variant.dualStack ? p.dualStackDnsSuffix : p.dnsSuffix)"
    }
}

/// Where requests to a service go and which region signs them. An endpoint URL from the
/// environment or the config file replaces only the address: the signing region stays the
/// real region, as in the AWS SDKs.
public struct ServiceEndpoint: Sendable, Equatable {
    public let url: URLParts
    public let signingRegion: String
    /// Where the URL came from ("AWS_ENDPOINT_URL_STS", "default", "file:line").
    public let origin: String

    public init(url: URLParts, signingRegion: String, origin: String) {
        self.url = url
        self.signingRegion = signingRegion
        self.origin = origin
    }

    /// Resolves in the SDKs' order: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the
    /// profile's `services` section, the profile's `endpoint_url`, else the public endpoint for
    /// `region` (with `AWS_USE_FIPS_ENDPOINT` / `AWS_USE_DUALSTACK_ENDPOINT`).
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns every override off.
    public static func resolve(_ service: AWSService, region: String?, variant: EndpointVariant = .fromEnvironment(),
                               profile: AWSConfigFiles.Section? = nil, files: AWSConfigFiles? = nil) throws -> ServiceEndpoint {
        let signingRegion: String
        if service == .sts {
            signingRegion = Endpoints.sts(region: region, variant: variant).signingRegion
        } else {
            guard let region, !region.isEmpty else {
                throw EndpointError(.noRegion(service: service.name))
            }
            signingRegion = region
        }
        if let region, !region.isEmpty, !Partition.isValidRegion(region) {
            throw EndpointError(.badRegion(region))
        }
        if !Env.flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") && !(profile?["ignore_configured_endpoint_urls"].map { $0.lowercased() == "true" } ?? false) {
            for name in ["AWS_ENDPOINT_URL_\(service.endpointKey)", "AWS_ENDPOINT_URL"] {
                if let v = Env.nonEmpty(name) {
                    guard let u = URLParts(v) else { throw EndpointError(.notURL(setting: name, value: v)) }
                    return ServiceEndpoint(url: u, signingRegion: signingRegion, origin: name)
                }
            }
            if let profile {
                if let servicesName = profile["services"], let section = files?.services(servicesName) {
                    let key = "\(service.endpointKey.lowercased()).endpoint_url"
                    if let v = section[key], !v.isEmpty {
                        guard let u = URLParts(v) else { throw EndpointError(.endpointURLNotURL(location: section.location(of: key))) }
                        return ServiceEndpoint(url: u, signingRegion: signingRegion, origin: section.location(of: key))
                    }
                }
                if let v = profile["endpoint_url"], !v.isEmpty {
                    guard let u = URLParts(v) else { throw EndpointError(.endpointURLNotURL(location: profile.location(of: "endpoint_url"))) }
                    return ServiceEndpoint(url: u, signingRegion: signingRegion, origin: profile.location(of: "endpoint_url"))
                }
            }
        }
        let host = service.defaultHost(region ?? "", variant)
        return ServiceEndpoint(url: URLParts("https://\(host)")!, signingRegion: signingRegion, origin: "default")
    }
}
