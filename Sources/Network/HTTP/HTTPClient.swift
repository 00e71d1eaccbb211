import Common

/// A transport with the AWS SDKs' retry behaviour: batches go out together, answers that are
/// throttling, 5xx or a failed connection are sent again (only those) after a jittered backoff,
/// and error answers become `AWSServiceError` with the service's own code and message.
public final class HTTPClient {
    public let transport: Transport
    public var retry: RetryPolicy
    /// Waits between attempts; tests replace it so they never sleep.
    public var sleep: (Double) -> Void = RetryPolicy.sleep
    public var random: () -> Double = RetryPolicy.randomUnit

    public init(transport: Transport = CurlTransport(), retry: RetryPolicy = .fromEnvironment()) {
        self.transport = transport
        self.retry = retry
    }

    /// Sends every request; each result is the 2xx answer or the error that ended its attempts.
    /// `service` names the answering service in errors.
    public func send(_ requests: [HTTPRequest], service: String, retry policy: RetryPolicy? = nil) -> [Result<HTTPResponse, Error>] {
        let policy = policy ?? retry
        var results = [Result<HTTPResponse, Error>?](repeating: nil, count: requests.count)
        var pending = Array(requests.indices)
        var attempt = 0
        while !pending.isEmpty {
            attempt += 1
            let answers = transport.send(pending.map { requests[$0] })
            var again: [Int] = []
            for (k, i) in pending.enumerated() {
                let outcome: Result<HTTPResponse, Error>
                let retryable: Bool
                switch answers[k] {
                case .success(let r) where r.isSuccess:
                    outcome = .success(r)
                    retryable = false
                case .success(let r):
                    let e = AWSServiceError.parse(service: service, response: r)
                    outcome = .failure(e)
                    retryable = e.isRetryable
                case .failure(let e):
                    outcome = .failure(e)
                    retryable = true
                }
                if retryable && attempt < policy.maxAttempts {
                    again.append(i)
                } else {
                    results[i] = outcome
                }
            }
            pending = again
            if !pending.isEmpty { sleep(policy.delay(afterAttempt: attempt, random: random())) }
        }
        return results.map { $0! }
    }

    /// One request: the 2xx answer, or the error thrown.
    public func send(_ request: HTTPRequest, service: String, retry policy: RetryPolicy? = nil) throws -> HTTPResponse {
        try send([request], service: service, retry: policy)[0].get()
    }
}
