import Common
@testable import Network

/// A transport with no sockets: answers come from a closure, every batch is recorded.
final class ScriptedTransport: Transport {
    var batches: [[HTTPRequest]] = []
    let answer: (HTTPRequest, Int) -> Result<HTTPResponse, TransportError>

    /// `answer(request, n)`: n counts the calls for that request's URL, from 1.
    init(_ answer: @escaping (HTTPRequest, Int) -> Result<HTTPResponse, TransportError>) {
        self.answer = answer
    }

    private var counts: [String: Int] = [:]

    func send(_ requests: [HTTPRequest]) -> [Result<HTTPResponse, TransportError>] {
        batches.append(requests)
        return requests.map { r in
            counts[r.url, default: 0] += 1
            return answer(r, counts[r.url]!)
        }
    }

    var requests: [HTTPRequest] { batches.flatMap { $0 } }

    static func xml(_ status: Int, _ body: String) -> Result<HTTPResponse, TransportError> {
        .success(HTTPResponse(status: status, headers: [("Content-Type", "text/xml")], body: Array(body.utf8)))
    }

    static func stsError(_ status: Int, code: String, message: String) -> Result<HTTPResponse, TransportError> {
        xml(status, """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>
              <RequestId>req-1</RequestId>
            </ErrorResponse>
            """)
    }
}

/// An HTTPClient over `transport` that records its waits instead of sleeping.
func client(_ transport: Transport, retry: RetryPolicy = .standard, random: Double = 1) -> (HTTPClient, Box<[Double]>) {
    let c = HTTPClient(transport: transport, retry: retry)
    let sleeps = Box<[Double]>([])
    c.sleep = { sleeps.value.append($0) }
    c.random = { random }
    return (c, sleeps)
}

final class Box<T> {
    var value: T
    init(_ v: T) { value = v }
}
