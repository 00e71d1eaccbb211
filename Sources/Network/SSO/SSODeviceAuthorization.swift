import Common

/// SSO OIDC's device authorization grant (RFC 8628), as `aws sso login` uses it: register a
/// public client, start a device authorization for the start URL, then poll CreateToken until
/// the person approved in a browser. The client secret and tokens stay in memory and in the
/// 0600 token file; they never appear in messages.
extension SSOOIDCClient {
    public struct Registration: Sendable {
        public var clientId: String
        public var clientSecret: String
        public var expiresAt: Timestamp?
    }

    public struct DeviceAuthorization: Sendable {
        public var deviceCode: String
        public var userCode: String
        public var verificationURI: String
        public var verificationURIComplete: String?
        public var expiresIn: Int64
        public var interval: Int64
    }

    /// One answer of CreateToken while a device authorization is pending.
    public enum Poll: Sendable {
        case token(Token)
        case pending
        case slowDown
        case expired
        case denied
    }

    /// The scope that lets the token list accounts and get role credentials; the grant types
    /// let the token be refreshed without a browser.
    static let scopes: [JSON] = ["sso:account:access"]

    public func registerClient(name: String) throws -> Registration {
        let body: JSON = ["clientName": .string(name), "clientType": "public", "scopes": .array(Self.scopes),
                          "grantTypes": ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"]]
        let doc = try post("/client/register", body, what: "RegisterClient")
        let at = "SSO OIDC RegisterClient"
        return Registration(clientId: try doc.requireString("clientId", at: at), clientSecret: try doc.requireString("clientSecret", at: at),
                            expiresAt: doc["clientSecretExpiresAt"]?.int.map { Timestamp(seconds: $0) })
    }

    public func startDeviceAuthorization(_ client: Registration, startURL: String) throws -> DeviceAuthorization {
        let body: JSON = ["clientId": .string(client.clientId), "clientSecret": .string(client.clientSecret), "startUrl": .string(startURL)]
        let doc = try post("/device_authorization", body, what: "StartDeviceAuthorization")
        let at = "SSO OIDC StartDeviceAuthorization"
        return DeviceAuthorization(deviceCode: try doc.requireString("deviceCode", at: at), userCode: try doc.requireString("userCode", at: at),
                                   verificationURI: try doc.requireString("verificationUri", at: at),
                                   verificationURIComplete: try doc.optionalString("verificationUriComplete", at: at),
                                   expiresIn: doc["expiresIn"]?.int ?? 600, interval: max(1, doc["interval"]?.int ?? 5))
    }

    /// One CreateToken poll with the device code.
    public func poll(_ client: Registration, _ device: DeviceAuthorization) throws -> Poll {
        let body: JSON = ["clientId": .string(client.clientId), "clientSecret": .string(client.clientSecret),
                          "grantType": "urn:ietf:params:oauth:grant-type:device_code", "deviceCode": .string(device.deviceCode)]
        do {
            return .token(try Self.token(try post("/token", body, what: "CreateToken")))
        } catch let e as AWSServiceError where e.status == 400 || e.status == 401 {
            switch e.code {
            case "authorization_pending", "AuthorizationPendingException": return .pending
            case "slow_down", "SlowDownException": return .slowDown
            case "expired_token", "ExpiredTokenException": return .expired
            case "access_denied", "AccessDeniedException": return .denied
            default: throw e
            }
        }
    }

    static func token(_ doc: JSON) throws -> Token {
        let at = "SSO OIDC CreateToken"
        let access = try doc.requireString("accessToken", at: at)
        guard let expiresIn = doc["expiresIn"]?.int else { throw ServiceAnswerError(call: at, .notNumber(field: "expiresIn")) }
        return Token(accessToken: access, expiresIn: expiresIn, refreshToken: try doc.optionalString("refreshToken", at: at))
    }

    func post(_ path: String, _ body: JSON, what: String) throws -> JSON {
        let request = AWSRequest.make("POST", endpoint: endpoint, service: .ssoOIDC, path: path,
                                      headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
                                      body: Array(body.render(pretty: false).utf8))
        let response = try http.send(request, service: "SSO OIDC")
        return try JSON.parse(response.body, source: "SSO OIDC \(what) answer")
    }
}
