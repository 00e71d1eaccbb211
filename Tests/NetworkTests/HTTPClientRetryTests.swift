import Common
import XCTest
@testable import Network

final class HTTPClientRetryTests: XCTestCase {
    let ok = HTTPRequest(method: "GET", url: "https://sts.us-east-1.amazonaws.com/")

    func testRetries5xxThenSucceeds() throws {
        let t = ScriptedTransport { _, n in n == 1 ? .success(HTTPResponse(status: 503)) : .success(HTTPResponse(status: 200, body: Array("yes".utf8))) }
        let (c, sleeps) = client(t)
        let r = try c.send(ok, service: "STS")
        XCTAssertEqual(r.text, "yes")
        XCTAssertEqual(t.requests.count, 2)
        XCTAssertEqual(sleeps.value, [0.5], "one wait of base delay × random(1)")
    }

    func testRetriesThrottlingCode() throws {
        let t = ScriptedTransport { _, n in
            n < 3 ? ScriptedTransport.stsError(400, code: "Throttling", message: "Rate exceeded") : .success(HTTPResponse(status: 200))
        }
        let (c, sleeps) = client(t)
        _ = try c.send(ok, service: "STS")
        XCTAssertEqual(t.requests.count, 3)
        XCTAssertEqual(sleeps.value, [0.5, 1.0], "exponential backoff")
    }

    func testGivesUpAfterMaxAttemptsWithTheLastError() {
        let t = ScriptedTransport { _, _ in ScriptedTransport.stsError(500, code: "InternalFailure", message: "boom") }
        let (c, sleeps) = client(t, retry: RetryPolicy(maxAttempts: 4))
        XCTAssertThrowsError(try c.send(ok, service: "STS")) { e in
            XCTAssertEqual((e as? AWSServiceError)?.code, "InternalFailure")
            XCTAssertEqual((e as? ToolError)?.exitCode, .runtime)
        }
        XCTAssertEqual(t.requests.count, 4)
        XCTAssertEqual(sleeps.value.count, 3)
    }

    func testClientErrorsAreNotRetried() {
        let t = ScriptedTransport { _, _ in ScriptedTransport.stsError(403, code: "AccessDenied", message: "User: x is not authorized") }
        let (c, sleeps) = client(t)
        XCTAssertThrowsError(try c.send(ok, service: "STS")) { e in
            let err = e as? AWSServiceError
            XCTAssertEqual(err?.code, "AccessDenied")
            XCTAssertEqual(err?.message, "STS AccessDenied: User: x is not authorized")
            XCTAssertEqual(err?.requestId, "req-1")
        }
        XCTAssertEqual(t.requests.count, 1)
        XCTAssertEqual(sleeps.value, [])
    }

    func testConnectionFailuresAreRetried() {
        let t = ScriptedTransport { r, _ in .failure(TransportError(kind: .connect, host: "127.0.0.1:1", reason: "Connection refused")) }
        let (c, _) = client(t)
        XCTAssertThrowsError(try c.send(ok, service: "STS")) { e in
            XCTAssertEqual((e as? TransportError)?.kind, .connect)
            XCTAssertTrue((e as? ToolError)?.message.contains("127.0.0.1:1") == true)
        }
        XCTAssertEqual(t.requests.count, 3)
    }

    func testBatchRetriesOnlyTheFailedRequests() throws {
        let urls = (1...5).map { "https://eks.us-east-1.amazonaws.com/clusters/c\($0)" }
        let t = ScriptedTransport { r, n in
            if r.url.hasSuffix("c3") && n == 1 { return .success(HTTPResponse(status: 429)) }
            if r.url.hasSuffix("c4") { return .success(HTTPResponse(status: 404, headers: [("x-amzn-ErrorType", "ResourceNotFoundException:http://internal")],
                                                                    body: Array(#"{"message":"No cluster found for name: c4."}"#.utf8))) }
            return .success(HTTPResponse(status: 200, body: Array(r.url.utf8)))
        }
        let (c, _) = client(t)
        let results = c.send(urls.map { HTTPRequest(method: "GET", url: $0) }, service: "EKS")
        XCTAssertEqual(t.batches.map { $0.count }, [5, 1])
        XCTAssertEqual(t.batches[1].first?.url, urls[2])
        for (i, r) in results.enumerated() where i != 3 {
            XCTAssertEqual(try r.get().text, urls[i])
        }
        XCTAssertThrowsError(try results[3].get()) { e in
            XCTAssertEqual((e as? AWSServiceError)?.code, "ResourceNotFoundException")
            XCTAssertEqual((e as? AWSServiceError)?.awsMessage, "No cluster found for name: c4.")
        }
    }

    func testBackoffIsJitteredAndCapped() {
        let p = RetryPolicy(maxAttempts: 10, baseDelay: 0.5, maxDelay: 4)
        XCTAssertEqual(p.delay(afterAttempt: 1, random: 0), 0)
        XCTAssertEqual(p.delay(afterAttempt: 1, random: 0.5), 0.25)
        XCTAssertEqual(p.delay(afterAttempt: 3, random: 1), 2)
        XCTAssertEqual(p.delay(afterAttempt: 9, random: 1), 4)
        for _ in 0..<50 {
            let r = RetryPolicy.randomUnit()
            XCTAssertTrue(r >= 0 && r < 1)
        }
    }
}
