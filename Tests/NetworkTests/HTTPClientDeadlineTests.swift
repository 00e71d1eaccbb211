import Common
import XCTest
@testable import Network

/// The retry policy inside an overall deadline, on a clock the test moves: each attempt's
/// timeouts are cut to the time left, no attempt starts and no backoff is slept past it, and a
/// timeout the deadline caused says so and names the host.
final class HTTPClientDeadlineTests: XCTestCase {
    let request = HTTPRequest(method: "POST", url: "https://sts.us-east-1.amazonaws.com/")

    /// A client whose deadline runs on `clock`; its waits move the clock instead of sleeping.
    func client(_ transport: Transport, seconds: Double, clock: Box<Double>) -> (HTTPClient, Box<[Double]>) {
        let c = HTTPClient(transport: transport, retry: .standard,
                           deadline: Deadline(seconds: seconds, origin: "EKSPIPE_TIMEOUT", clock: { clock.value }))
        let sleeps = Box<[Double]>([])
        c.sleep = { sleeps.value.append($0); clock.value += $0 }
        c.random = { 1 }
        return (c, sleeps)
    }

    /// An endpoint that never answers: the attempt lasts as long as it is allowed to.
    func testASilentEndpointCostsOneAttemptCutToTheDeadline() {
        let clock = Box(0.0)
        let t = ScriptedTransport { r, _ in
            clock.value += r.totalTimeout
            return .failure(TransportError(kind: .timeout, host: "sts.us-east-1.amazonaws.com", reason: "Operation timed out"))
        }
        let (c, sleeps) = client(t, seconds: 5, clock: clock)
        XCTAssertThrowsError(try c.send(request, service: "STS")) { e in
            let message = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(message.contains("no answer from sts.us-east-1.amazonaws.com"), message)
            XCTAssertTrue(message.contains("the 5 s deadline (EKSPIPE_TIMEOUT) passed"), message)
        }
        XCTAssertEqual(t.requests.map(\.totalTimeout), [5], "one attempt, 5 s instead of 20")
        XCTAssertEqual(t.requests.map(\.connectTimeout), [3], "the shorter connect timeout stays")
        XCTAssertEqual(sleeps.value, [])
    }

    func testNoRetryWhoseBackoffWouldPassTheDeadline() {
        let clock = Box(0.0)
        let t = ScriptedTransport { _, _ in
            clock.value += 0.01
            return .failure(TransportError(kind: .connect, host: "127.0.0.1:1", reason: "Connection refused"))
        }
        let (c, sleeps) = client(t, seconds: 1, clock: clock)
        XCTAssertThrowsError(try c.send(request, service: "STS")) { e in
            XCTAssertEqual((e as? TransportError)?.kind, .connect, "the last error stands")
        }
        // 0.01 + 0.5 backoff + 0.01: a second attempt fits; a 1 s backoff after it does not.
        XCTAssertEqual(t.requests.count, 2)
        XCTAssertEqual(sleeps.value, [0.5])
        XCTAssertEqual(t.requests[1].totalTimeout, 1 - 0.51, accuracy: 1e-9)
    }

    func testNothingIsSentOnceTheDeadlinePassed() {
        let clock = Box(0.0)
        let t = ScriptedTransport { _, _ in .success(HTTPResponse(status: 200)) }
        let (c, _) = client(t, seconds: 5, clock: clock)
        clock.value = 6
        XCTAssertThrowsError(try c.send(request, service: "STS")) { e in
            let message = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(message.contains("sts.us-east-1.amazonaws.com"), message)
            XCTAssertTrue(message.contains("passed before the request could be sent"), message)
        }
        XCTAssertEqual(t.requests.count, 0)
    }

    /// A timeout of the request's own (its 20 s) within a larger deadline is reported as is.
    func testTheRequestsOwnTimeoutIsNotBlamedOnTheDeadline() {
        let clock = Box(0.0)
        let t = ScriptedTransport { r, _ in
            clock.value += r.totalTimeout
            return .failure(TransportError(kind: .timeout, host: "eks.us-east-1.amazonaws.com", reason: "Operation timed out"))
        }
        let (c, _) = client(t, seconds: 300, clock: clock)
        XCTAssertThrowsError(try c.send(request, service: "EKS")) { e in
            XCTAssertEqual((e as? TransportError)?.reason, "Operation timed out")
        }
        XCTAssertEqual(t.requests.map(\.totalTimeout), [20, 20, 20])
    }
}
