import Common

/// IAM Identity Center's portal: role credentials for an account and role, paid for with the
/// SSO access token (a bearer token, never SigV4).
public struct SSOPortalClient {
    public let http: HTTPClient
    public let endpoint: ServiceEndpoint

    public init(http: HTTPClient, endpoint: ServiceEndpoint) {
        self.http = http
        self.endpoint = endpoint
    }

    public func getRoleCredentials(accessToken: String, accountId: String, roleName: String) throws -> Credentials {
        let request = AWSRequest.make("GET", endpoint: endpoint, service: .sso, path: "/federation/credentials",
                                      query: [("account_id", accountId), ("role_name", roleName)],
                                      headers: [("x-amz-sso_bearer_token", accessToken), ("Accept", "application/json")])
        let response = try http.send(request, service: "SSO")
        let doc = try JSON.parse(response.body, source: "SSO GetRoleCredentials answer")
        guard let rc = doc["roleCredentials"] else { throw ServiceAnswerError(call: "SSO GetRoleCredentials", .notInAnswer(element: "roleCredentials")) }
        let at = "SSO GetRoleCredentials.roleCredentials"
        let id = try rc.requireString("accessKeyId", at: at)
        let secret = try rc.requireString("secretAccessKey", at: at)
        let token = try rc.optionalString("sessionToken", at: at)
        // The portal gives the expiration in milliseconds since the epoch.
        guard let ms = rc["expiration"]?.int else { throw ServiceAnswerError(call: at, .notNumber(field: "expiration")) }
        return Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, expiration: Timestamp(seconds: ms / 1000))
    }
}

/// IAM Identity Center OIDC: exchanges a refresh token for a new access token (CreateToken).
public struct SSOOIDCClient {
    public let http: HTTPClient
    public let endpoint: ServiceEndpoint

    public init(http: HTTPClient, endpoint: ServiceEndpoint) {
        self.http = http
        self.endpoint = endpoint
    }

    public struct Token: Sendable {
        public var accessToken: String
        public var expiresIn: Int64
        public var refreshToken: String?
    }

    /// CreateToken with a refresh token (the answer is read by `token(_:)`, as the device flow's).
    public func refresh(clientId: String, clientSecret: String, refreshToken: String) throws -> Token {
        let body: JSON = ["clientId": .string(clientId), "clientSecret": .string(clientSecret),
                          "grantType": "refresh_token", "refreshToken": .string(refreshToken)]
        return try Self.token(try post("/token", body, what: "CreateToken"))
    }
}
