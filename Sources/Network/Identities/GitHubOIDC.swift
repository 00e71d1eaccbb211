import Common

/// The `github/oidc` provider: inside a GitHub Actions job with `permissions: id-token: write`,
/// the runner's token endpoint (`ACTIONS_ID_TOKEN_REQUEST_URL`, authorized by
/// `ACTIONS_ID_TOKEN_REQUEST_TOKEN`) issues a signed ID token for the configured audience, which
/// STS AssumeRoleWithWebIdentity accepts for roles that trust GitHub's OIDC provider.
public struct GitHubOIDCClient {
    public let http: HTTPClient
    public var environment: Environment

    public init(http: HTTPClient, environment: Environment = .process) {
        self.http = http
        self.environment = environment
    }

    public static let defaultAudience = "sts.amazonaws.com"

    public func idToken(audience: String, provider: String) throws -> String {
        guard let base = environment.nonEmpty("ACTIONS_ID_TOKEN_REQUEST_URL"), let bearer = environment.nonEmpty("ACTIONS_ID_TOKEN_REQUEST_TOKEN") else {
            throw IdentityError(at: nil, .outsideGitHubActions(provider: provider))
        }
        guard URLParts(base) != nil else { throw EndpointError(.notURL(setting: "ACTIONS_ID_TOKEN_REQUEST_URL", value: nil)) }
        let url = base + (base.contains("?") ? "&" : "?") + "audience=" + Encoding.uriEncode(audience)
        let request = HTTPRequest(method: "GET", url: url, headers: [("Authorization", "bearer \(bearer)"), ("Accept", "application/json")])
        let response = try http.send(request, service: "GitHub OIDC")
        let doc = try JSON.parse(response.body, source: "GitHub OIDC token answer")
        guard let token = doc["value"]?.string, !token.isEmpty else {
            throw IdentityError(at: nil, .noGitHubToken(provider: provider))
        }
        return token
    }
}

/// aws/assume-role `via: {provider: …}`: a github/oidc ID token traded for the role with
/// AssumeRoleWithWebIdentity.
public struct GitHubOIDCIdentityProvider: CredentialProvider {
    public var identity: AuthConfig.Identity
    public var roleArn: String
    public var providerName: String
    public var context: IdentityContext

    public init(identity: AuthConfig.Identity, roleArn: String, providerName: String, context: IdentityContext) {
        self.identity = identity
        self.roleArn = roleArn
        self.providerName = providerName
        self.context = context
    }

    public func resolve() throws -> ResolvedCredentials? {
        guard let provider = context.config.provider(providerName) else {
            throw IdentityError(at: identity.location, .unknownViaProvider(provider: providerName))
        }
        guard provider.kind == "github/oidc" else {
            throw IdentityError(at: identity.location, .viaProviderNotOIDC(kind: provider.kind))
        }
        let role = AssumeRoleIdentityProvider(identity: identity, roleArn: roleArn, base: ClosureProvider { nil }, context: context)
        let audience = provider.audience ?? GitHubOIDCClient.defaultAudience
        let token = try GitHubOIDCClient(http: context.http, environment: context.environment).idToken(audience: audience, provider: provider.name)
        let assumed = try CredentialSourceError.naming("assume role \(roleArn) with web identity") {
            try context.sts(region: context.region(of: identity))
                .assumeRoleWithWebIdentity(roleArn: roleArn, sessionName: role.sessionName, token: token, durationSeconds: role.duration)
        }
        var extra: [(String, JSON)] = [("roleArn", .string(roleArn)), ("sessionName", .string(role.sessionName)),
                                       ("provider", .string(provider.name)), ("webIdentity", "github/oidc")]
        if let a = assumed.assumedRoleArn { extra.append(("assumedRoleArn", .string(a))) }
        return ResolvedCredentials(credentials: assumed.credentials, source: IdentityContext.source(identity, extra))
    }
}
