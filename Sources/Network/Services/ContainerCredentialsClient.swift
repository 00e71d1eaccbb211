import Common

/// The container credential endpoint of ECS tasks and EKS Pod Identity:
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on 169.254.170.2) or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the authorization token from
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (Pod Identity rotates it) or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
public struct ContainerCredentialsClient {
    public let http: HTTPClient
    public let url: String
    /// `AWS_CONTAINER_CREDENTIALS_FULL_URI` or `..._RELATIVE_URI`, for messages.
    public let origin: String
    /// Where the authorization token variables are read (injected in tests).
    public var environment: Environment = .process

    /// Hosts a plain-http full URI may name (as the SDKs allow): loopback, the ECS and EKS
    /// Pod Identity agent addresses.
    static let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"]

    /// Nil when neither variable is set.
    public static func fromEnvironment(http: HTTPClient, environment env: Environment = .process) throws -> ContainerCredentialsClient? {
        if let rel = env.nonEmpty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            return ContainerCredentialsClient(http: http, url: "http://169.254.170.2" + (rel.hasPrefix("/") ? rel : "/" + rel),
                                              origin: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", environment: env)
        }
        guard let full = env.nonEmpty("AWS_CONTAINER_CREDENTIALS_FULL_URI") else { return nil }
        guard let u = URLParts(full) else { throw EndpointError(.notURL(setting: "AWS_CONTAINER_CREDENTIALS_FULL_URI", value: nil)) }
        guard u.scheme == "https" || u.isLoopback || allowedHTTPHosts.contains(u.host) else {
            throw EndpointError(.plainHTTP(setting: "AWS_CONTAINER_CREDENTIALS_FULL_URI", host: u.host))
        }
        return ContainerCredentialsClient(http: http, url: full, origin: "AWS_CONTAINER_CREDENTIALS_FULL_URI", environment: env)
    }

    public func fetch() throws -> Credentials {
        var headers: [(String, String)] = [("Accept", "application/json")]
        if let file = environment.nonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            let bytes: [UInt8]
            do { bytes = try Sys.readFile(file) } catch {
                throw EndpointError(.tokenFileUnreadable(setting: "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", reason: "\(error)"))
            }
            headers.append(("Authorization", String(String(decoding: bytes, as: UTF8.self).trimmingWhitespace())))
        } else if let token = environment.nonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN") {
            headers.append(("Authorization", token))
        }
        if let auth = headers.last, auth.0 == "Authorization", auth.1.contains("\r") || auth.1.contains("\n") {
            throw EndpointError(.tokenLineBreak)
        }
        let answer = try http.send(HTTPRequest(method: "GET", url: url, headers: headers, connectTimeout: 2, totalTimeout: 5),
                                   service: "container credentials", retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.2, maxDelay: 1))
        return try Self.parse(try JSON.parse(answer.body, source: "container credentials"), at: "container credentials")
    }

    /// The document IMDS and the container endpoints share: AccessKeyId, SecretAccessKey,
    /// Token, Expiration.
    static func parse(_ doc: JSON, at path: String) throws -> Credentials {
        let id = try doc.requireString("AccessKeyId", at: path)
        let secret = try doc.requireString("SecretAccessKey", at: path)
        let token = try doc.optionalString("Token", at: path)
        var expiration: Timestamp? = nil
        if let e = try doc.optionalString("Expiration", at: path) {
            guard let t = Timestamp.parse(e) else { throw ServiceAnswerError(call: path, .notISOTime(field: "Expiration")) }
            expiration = t
        }
        return Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }
}
