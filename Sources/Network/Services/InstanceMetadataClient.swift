import Common

/// EC2 instance metadata (IMDSv2): a session token by PUT, then the instance role's
/// credentials. Short timeouts and a single attempt by default, as the SDKs, so a laptop that is
/// not an EC2 instance pays about a second at most — and nothing when
/// `AWS_EC2_METADATA_DISABLED=true`.
public struct InstanceMetadataClient {
    public let http: HTTPClient
    public let base: URLParts
    public let timeout: Double
    public let attempts: Int

    public init(http: HTTPClient, base: URLParts, timeout: Double = 1, attempts: Int = 1) {
        self.http = http
        self.base = base
        self.timeout = timeout
        self.attempts = attempts
    }

    /// The settings of the SDKs: `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or the profile's
    /// `ec2_metadata_service_endpoint`), `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`,
    /// `AWS_METADATA_SERVICE_TIMEOUT`, `AWS_METADATA_SERVICE_NUM_ATTEMPTS`.
    public static func fromEnvironment(http: HTTPClient, profile: AWSConfigFiles.Section?,
                                       environment env: Environment = .process) throws -> InstanceMetadataClient {
        let mode = (env.nonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE") ?? profile?["ec2_metadata_service_endpoint_mode"] ?? "IPv4").lowercased()
        let text = env.nonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?? profile?["ec2_metadata_service_endpoint"]
            ?? (mode == "ipv6" ? "http://[fd00:ec2::254]" : "http://169.254.169.254")
        guard let base = URLParts(text) else { throw EndpointError(.notURL(setting: "AWS_EC2_METADATA_SERVICE_ENDPOINT", value: text)) }
        let timeout = env.nonEmpty("AWS_METADATA_SERVICE_TIMEOUT").flatMap(Double.init) ?? profile?["metadata_service_timeout"].flatMap(Double.init) ?? 1
        let attempts = env.nonEmpty("AWS_METADATA_SERVICE_NUM_ATTEMPTS").flatMap(Int.init) ?? profile?["metadata_service_num_attempts"].flatMap(Int.init) ?? 1
        return InstanceMetadataClient(http: http, base: base, timeout: max(0.1, timeout), attempts: max(1, attempts))
    }

    /// Whether the SDKs' switch turns IMDS off.
    public static var disabled: Bool { isDisabled(in: .process) }

    public static func isDisabled(in environment: Environment) -> Bool {
        environment.nonEmpty("AWS_EC2_METADATA_DISABLED")?.lowercased() == "true"
    }

    private func request(_ method: String, _ path: String, headers: [(String, String)]) -> HTTPRequest {
        HTTPRequest(method: method, url: base.base + path, headers: headers, connectTimeout: timeout, totalTimeout: timeout)
    }

    /// The role credentials and the role's name; nil when the instance has no role.
    public func roleCredentials() throws -> (credentials: Credentials, role: String)? {
        let policy = RetryPolicy(maxAttempts: attempts, baseDelay: 0.1, maxDelay: 1)
        var headers: [(String, String)] = []
        do {
            let token = try http.send(request("PUT", "/latest/api/token", headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")]),
                                      service: "IMDS", retry: policy)
            headers = [("X-aws-ec2-metadata-token", token.text)]
        } catch let e as AWSServiceError where [403, 404, 405].contains(e.status) {
            // An IMDSv1-only endpoint: go on without a token, as the SDKs do.
        }
        let list: HTTPResponse
        do {
            list = try http.send(request("GET", "/latest/meta-data/iam/security-credentials/", headers: headers), service: "IMDS", retry: policy)
        } catch let e as AWSServiceError where e.status == 404 {
            return nil
        }
        guard let role = list.text.split(separator: "\n").first.map({ String($0.trimmingWhitespace()) }), !role.isEmpty else { return nil }
        let answer = try http.send(request("GET", "/latest/meta-data/iam/security-credentials/\(role)", headers: headers),
                                   service: "IMDS", retry: policy)
        let doc = try JSON.parse(answer.body, source: "IMDS credentials")
        if let code = doc["Code"]?.string, code != "Success" {
            throw ServiceAnswerError(call: "IMDS", .roleFailed(role: role, code: code, detail: doc["Message"]?.string ?? ""))
        }
        return (try ContainerCredentialsClient.parse(doc, at: "IMDS credentials"), role)
    }
}
