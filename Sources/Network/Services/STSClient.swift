import Common

/// The STS calls credential resolution needs, over the Query protocol (form POST, XML answer).
public struct STSClient {
    public let http: HTTPClient
    public let endpoint: ServiceEndpoint

    public init(http: HTTPClient, endpoint: ServiceEndpoint) {
        self.http = http
        self.endpoint = endpoint
    }

    public struct AssumeRoleInput: Sendable {
        public var roleArn: String
        public var sessionName: String
        public var externalId: String?
        public var durationSeconds: Int?
        public var serialNumber: String?
        public var tokenCode: String?

        public init(roleArn: String, sessionName: String, externalId: String? = nil, durationSeconds: Int? = nil,
                    serialNumber: String? = nil, tokenCode: String? = nil) {
            self.roleArn = roleArn
            self.sessionName = sessionName
            self.externalId = externalId
            self.durationSeconds = durationSeconds
            self.serialNumber = serialNumber
            self.tokenCode = tokenCode
        }
    }

    /// The assumed role's temporary credentials and the assumed-role ARN.
    public struct Assumed: Sendable {
        public var credentials: Credentials
        public var assumedRoleArn: String?
    }

    public func assumeRole(_ input: AssumeRoleInput, credentials: Credentials) throws -> Assumed {
        var params: [(String, String)] = [("Action", "AssumeRole"), ("Version", "2011-06-15"),
                                          ("RoleArn", input.roleArn), ("RoleSessionName", input.sessionName)]
        if let d = input.durationSeconds { params.append(("DurationSeconds", String(d))) }
        if let e = input.externalId { params.append(("ExternalId", e)) }
        if let s = input.serialNumber { params.append(("SerialNumber", s)) }
        if let t = input.tokenCode { params.append(("TokenCode", t)) }
        return try call(params, credentials: credentials, result: "AssumeRoleResult")
    }

    /// GetSessionToken: an IAM user's long-term keys traded for a session (with an MFA code
    /// when the user's policies require one), so the long-term keys never sign everyday calls.
    public func getSessionToken(durationSeconds: Int?, serialNumber: String? = nil, tokenCode: String? = nil,
                                credentials: Credentials) throws -> Assumed {
        var params: [(String, String)] = [("Action", "GetSessionToken"), ("Version", "2011-06-15")]
        if let d = durationSeconds { params.append(("DurationSeconds", String(d))) }
        if let s = serialNumber { params.append(("SerialNumber", s)) }
        if let t = tokenCode { params.append(("TokenCode", t)) }
        return try call(params, credentials: credentials, result: "GetSessionTokenResult")
    }

    /// AssumeRoleWithWebIdentity is unsigned: the web identity token is the credential.
    public func assumeRoleWithWebIdentity(roleArn: String, sessionName: String, token: String,
                                          durationSeconds: Int? = nil) throws -> Assumed {
        var params: [(String, String)] = [("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"),
                                          ("RoleArn", roleArn), ("RoleSessionName", sessionName), ("WebIdentityToken", token)]
        if let d = durationSeconds { params.append(("DurationSeconds", String(d))) }
        return try call(params, credentials: nil, result: "AssumeRoleWithWebIdentityResult")
    }

    /// The caller's account, ARN and user id.
    public func getCallerIdentity(credentials: Credentials) throws -> (account: String, arn: String, userId: String) {
        let response = try send([("Action", "GetCallerIdentity"), ("Version", "2011-06-15")], credentials: credentials)
        let tree = try XMLTree(response.body)
        guard let r = tree.root?.descendant("GetCallerIdentityResult") else {
            throw ServiceAnswerError(call: "STS GetCallerIdentity", .missing(element: "GetCallerIdentityResult"))
        }
        return (r.child("Account")?.text ?? "", r.child("Arn")?.text ?? "", r.child("UserId")?.text ?? "")
    }

    private func send(_ params: [(String, String)], credentials: Credentials?) throws -> HTTPResponse {
        let request = AWSRequest.make("POST", endpoint: endpoint, service: .sts,
                                      headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                      body: AWSRequest.formBody(params), credentials: credentials)
        return try http.send(request, service: "STS")
    }

    private func call(_ params: [(String, String)], credentials: Credentials?, result: String) throws -> Assumed {
        let action = params[0].1
        let response = try send(params, credentials: credentials)
        let tree = try XMLTree(response.body)
        guard let r = tree.root?.descendant(result), let c = r.child("Credentials") else {
            throw ServiceAnswerError(call: "STS \(action)", .missing(element: "\(result)/Credentials"))
        }
        guard let id = c.child("AccessKeyId")?.text, !id.isEmpty,
              let secret = c.child("SecretAccessKey")?.text, !secret.isEmpty,
              let token = c.child("SessionToken")?.text, !token.isEmpty,
              let expText = c.child("Expiration")?.text, let expiration = Timestamp.parse(expText)
        else { throw ServiceAnswerError(call: "STS \(action)", .incompleteCredentials) }
        return Assumed(credentials: Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, expiration: expiration),
                       assumedRoleArn: r.child("AssumedRoleUser")?.child("Arn")?.text)
    }
}
