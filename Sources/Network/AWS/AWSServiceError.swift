import Common

/// An error answer from an AWS service (or from a credential endpoint): the service's own code
/// and message, which is what a user searches for. Messages never echo request content.
public struct AWSServiceError: ToolError, Equatable {
    /// "STS", "SSO", "EKS", … — which service answered.
    public let service: String
    public let status: Int
    public let code: String
    public let awsMessage: String
    public let requestId: String?

    public init(service: String, status: Int, code: String, message: String, requestId: String? = nil) {
        self.service = service
        self.status = status
        self.code = code
        self.awsMessage = message
        self.requestId = requestId
    }

    public var exitCode: ExitCode { .runtime }
    public var message: String {
        awsMessage.isEmpty ? "\(service) \(code) (HTTP \(status))" : "\(service) \(code): \(awsMessage)"
    }

    /// Codes the AWS SDKs treat as throttling (retried with backoff).
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// Codes the SDKs retry as transient besides throttling and 5xx (web identity's IdP hiccups).
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "IDPCommunicationError", "InternalError", "ServiceUnavailable"]

    public var isThrottling: Bool { status == 429 || Self.throttlingCodes.contains(code) }
    public var isRetryable: Bool { isThrottling || status >= 500 || Self.transientCodes.contains(code) }

    /// Reads the error out of a non-2xx answer: the Query protocol's XML `<Error>` (STS), the
    /// JSON protocols' `__type`/`code` + `message` (SSO, OIDC, EKS) or the `x-amzn-ErrorType`
    /// header; the HTTP status when the body says nothing.
    public static func parse(service: String, response: HTTPResponse) -> AWSServiceError {
        var code: String? = nil
        var message: String? = nil
        var requestId = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
        let text = response.text.trimmingWhitespace()
        if text.hasPrefix("<"), let doc = try? XMLTree(Array(text.utf8)) {
            if let err = doc.root?.descendant("Error") {
                code = err.child("Code")?.text
                message = err.child("Message")?.text
            }
            requestId = requestId ?? doc.root?.descendant("RequestId")?.text
        } else if text.hasPrefix("{"), let json = try? JSON.parse(String(text)) {
            code = json["__type"]?.string ?? json["code"]?.string ?? json["Code"]?.string ?? json["error"]?.string
            message = json["message"]?.string ?? json["Message"]?.string ?? json["error_description"]?.string
        }
        if code == nil || code!.isEmpty, let header = response.header("x-amzn-ErrorType") {
            code = header
        }
        // `aws.protocols#Code:http://…` and `com.amazonaws.x#Code` forms carry the code in the middle.
        if var c = code {
            if let colon = c.firstIndex(of: ":") { c = String(c[..<colon]) }
            if let hash = c.lastIndex(of: "#") { c = String(c[c.index(after: hash)...]) }
            code = c
        }
        return AWSServiceError(service: service, status: response.status,
                               code: code.flatMap { $0.isEmpty ? nil : $0 } ?? "HTTP\(response.status)",
                               message: message ?? "", requestId: requestId)
    }
}
