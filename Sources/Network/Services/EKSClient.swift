import Common

/// Amazon EKS's DescribeCluster (`GET /clusters/{name}`, REST-JSON, SigV4 service `eks`) for
/// many clusters at once. Why a batch API: people describe dozens of clusters per login, so all
/// requests go out together through the client's one libcurl multi handle (one connection pool,
/// reused per regional endpoint) and many clusters cost about as much as one.
public struct EKSClient {
    public let http: HTTPClient

    public init(http: HTTPClient) {
        self.http = http
    }

    /// One cluster to describe and where its region's EKS endpoint is.
    public struct Target: Sendable {
        public var name: String
        public var endpoint: ServiceEndpoint

        public init(name: String, endpoint: ServiceEndpoint) {
            self.name = name
            self.endpoint = endpoint
        }
    }

    /// What a kubeconfig needs from DescribeCluster's `cluster` object.
    public struct Cluster: Sendable, Equatable {
        public var name: String
        public var arn: String?
        public var endpoint: String?
        public var certificateAuthorityData: String?
        public var status: String?
        /// The Kubernetes version ("1.31").
        public var version: String?
        public var platformVersion: String?
        /// The id of an EKS local cluster on Outposts (DescribeCluster's `id`, which comes with
        /// `outpostConfig`): such a cluster's tokens are for the id, not the name, as
        /// `aws eks update-kubeconfig` writes `get-token --cluster-id` for it.
        public var localClusterId: String?

        /// ACTIVE and UPDATING clusters serve the Kubernetes API; CREATING, DELETING, FAILED and
        /// PENDING ones have no usable endpoint yet (or any more).
        public var isUsable: Bool { status == "ACTIVE" || status == "UPDATING" }

        /// Reads DescribeCluster's answer body. `source` names it in errors.
        public init(answer: JSON, source: String) throws {
            guard let c = answer["cluster"], c.object != nil else {
                throw ServiceAnswerError(call: source, .missing(element: "\"cluster\" object"))
            }
            let at = "\(source).cluster"
            name = try c.requireString("name", at: at)
            arn = try c.optionalString("arn", at: at)
            endpoint = try c.optionalString("endpoint", at: at)
            status = try c.optionalString("status", at: at)
            version = try c.optionalString("version", at: at)
            platformVersion = try c.optionalString("platformVersion", at: at)
            certificateAuthorityData = try c["certificateAuthority"].flatMap { try $0.optionalString("data", at: "\(at).certificateAuthority") }
            localClusterId = c["outpostConfig"]?.object != nil ? try c.optionalString("id", at: at) : nil
        }
    }

    /// At most this many requests are handed to libcurl at once: enough for every cluster a
    /// person has, few enough not to look like a flood to a proxy or to EKS's rate limits.
    public static let maxInFlight = 32

    /// Describes every target with `credentials`; one result per target, in order. Throttling,
    /// 5xx and connection failures are retried by the client (backoff with jitter); every
    /// request has bounded connect and total timeouts.
    public func describe(_ targets: [Target], credentials: Credentials, date: Timestamp = .now(),
                         connectTimeout: Double = 5, totalTimeout: Double = 20) -> [Result<Cluster, Error>] {
        var results: [Result<Cluster, Error>] = []
        results.reserveCapacity(targets.count)
        var start = 0
        while start < targets.count {
            let chunk = targets[start..<min(start + Self.maxInFlight, targets.count)]
            let requests = chunk.map { t in
                // The name was validated (EKS's pattern has no characters that need escaping),
                // so the path is exactly what SigV4 signs.
                AWSRequest.make("GET", endpoint: t.endpoint, service: .eks, path: "/clusters/\(t.name)",
                                headers: [("Accept", "application/json")], credentials: credentials, date: date,
                                connectTimeout: connectTimeout, totalTimeout: totalTimeout)
            }
            let answers = http.send(requests, service: "EKS")
            for (t, answer) in zip(chunk, answers) {
                results.append(answer.flatMap { response in
                    Result {
                        try Cluster(answer: try JSON.parse(response.body, source: "EKS DescribeCluster \(t.name)"),
                                    source: "EKS DescribeCluster \(t.name)")
                    }
                })
            }
            start += Self.maxInFlight
        }
        return results
    }
}
