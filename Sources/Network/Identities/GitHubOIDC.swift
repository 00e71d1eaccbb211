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
            throw RuntimeError("provider \(provider) (github/oidc) works only inside a GitHub Actions job with `permissions: id-token: write`: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set")
        }
        guard URLParts(base) != nil else { throw InputError("ACTIONS_ID_TOKEN_REQUEST_URL: not an http(s) URL") }
        let url = base + (base.contains("?") ? "&" : "?") + "audience=" + Encoding.uriEncode(audience)
        let request = HTTPRequest(method: "GET", url: url, headers: [("Authorization", "bearer \(bearer)"), ("Accept", "application/json")])
        let response = try http.send(request, service: "GitHub OIDC")
        let doc = try JSON.parse(response.body, source: "GitHub OIDC token answer")
        guard let token = doc["value"]?.string, !token.isEmpty else {
            throw RuntimeError("provider \(provider): the GitHub token endpoint answered without a token (\"value\")")
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
            throw InputError("\(identity.location): via.provider '\(providerName)' names no provider")
        }
        guard provider.kind == "github/oidc" else {
            throw InputError("\(identity.location): an aws/assume-role identity can come via a github/oidc provider; for \(provider.kind) use an aws/permission-set identity and via.identity")
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
