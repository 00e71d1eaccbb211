import Common

/// A transport with the AWS SDKs' retry behaviour: batches go out together, answers that are
/// throttling, 5xx or a failed connection are sent again (only those) after a jittered backoff,
/// and error answers become `AWSServiceError` with the service's own code and message.
/// Every attempt fits in what is left of the run's `deadline`: its timeouts are cut to it, and
/// no attempt starts (and no backoff is slept) that the deadline would not leave time for.
public final class HTTPClient {
    public let transport: Transport
    public var retry: RetryPolicy
    /// The run's overall limit (`Deadline.current` when the client is made); nil: none.
    public var deadline: Deadline?
    /// Waits between attempts; tests replace it so they never sleep.
    public var sleep: (Double) -> Void = RetryPolicy.sleep
    public var random: () -> Double = RetryPolicy.randomUnit

    public init(transport: Transport = CurlTransport(), retry: RetryPolicy = .fromEnvironment(),
                deadline: Deadline? = Deadline.current) {
        self.transport = transport
        self.retry = retry
        self.deadline = deadline
    }

    /// An attempt with less time than this left is not worth starting.
    static let minimumAttempt = 0.05

    /// Sends every request; each result is the 2xx answer or the error that ended its attempts.
    /// `service` names the answering service in errors.
    public func send(_ requests: [HTTPRequest], service: String, retry policy: RetryPolicy? = nil) -> [Result<HTTPResponse, Error>] {
        let policy = policy ?? retry
        var results = [Result<HTTPResponse, Error>?](repeating: nil, count: requests.count)
        var pending = Array(requests.indices)
        var attempt = 0
        while !pending.isEmpty {
            if let deadline, deadline.remaining < Self.minimumAttempt {
                for i in pending where results[i] == nil { results[i] = .failure(Self.outOfTime(requests[i], deadline)) }
                break
            }
            attempt += 1
            let batch = pending.map { fit(requests[$0]) }
            let answers = transport.send(batch)
            var again: [Int] = []
            for (k, i) in pending.enumerated() {
                let retryable: Bool
                switch answers[k] {
                case .success(let r) where r.isSuccess:
                    results[i] = .success(r)
                    retryable = false
                case .success(let r):
                    let e = AWSServiceError.parse(service: service, response: r)
                    results[i] = .failure(e)
                    retryable = e.isRetryable
                case .failure(let e):
                    results[i] = .failure(cutShort(e, request: requests[i], sent: batch[k]))
                    retryable = true
                }
                if retryable && attempt < policy.maxAttempts { again.append(i) }
            }
            pending = again
            guard !pending.isEmpty else { break }
            let wait = policy.delay(afterAttempt: attempt, random: random())
            // A backoff that leaves no time for the next attempt: the last error stands.
            if let deadline, deadline.remaining - wait < Self.minimumAttempt { break }
            sleep(wait)
        }
        return results.map { $0! }
    }

    /// One request: the 2xx answer, or the error thrown.
    public func send(_ request: HTTPRequest, service: String, retry policy: RetryPolicy? = nil) throws -> HTTPResponse {
        try send([request], service: service, retry: policy)[0].get()
    }

    /// The request with its connect and total timeouts cut to the time left.
    func fit(_ request: HTTPRequest) -> HTTPRequest {
        guard let left = deadline?.remaining else { return request }
        var r = request
        r.totalTimeout = min(r.totalTimeout, left)
        r.connectTimeout = min(r.connectTimeout, left)
        return r
    }

    /// A timeout caused by the deadline (not the request's own limit) says so, and how to
    /// change it; the host stays in the message.
    func cutShort(_ e: TransportError, request: HTTPRequest, sent: HTTPRequest) -> TransportError {
        guard let deadline, e.kind == .timeout, sent.totalTimeout < request.totalTimeout || sent.connectTimeout < request.connectTimeout
        else { return e }
        return TransportError(kind: .timeout, host: e.host, reason: "\(deadline.summary) passed (\(e.reason))")
    }

    static func outOfTime(_ request: HTTPRequest, _ deadline: Deadline) -> TransportError {
        TransportError(kind: .timeout, host: URLParts(request.url)?.authority ?? "?", reason: "\(deadline.summary) passed before the request could be sent")
    }
}
