import Common
import Foundation
import XCTest
@testable import Network

/// The libcurl transport against a local echo server (Python's stdlib): a batch through the
/// multi handle comes back complete and in order; a refused connection is a typed error.
final class CurlTransportTests: XCTestCase {
    static let echo = """
        import json, sys, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *a): pass
            def serve(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n).decode() if n else ""
                time.sleep(0.2)
                out = json.dumps({"method": self.command, "path": self.path, "body": body,
                                  "x": self.headers.get("X-Test"), "host": self.headers.get("Host"),
                                  "contentLength": self.headers.get("Content-Length")}).encode()
                status = 503 if self.path.startswith("/fail") else 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Echo", "yes")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)
            do_GET = do_PUT = do_POST = serve
        s = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H)
        print("ready", flush=True)
        s.serve_forever()
        """

    var server: Process?
    var port = 0

    override func setUpWithError() throws {
        port = try freePort()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", Self.echo, String(port)]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        server = p
        _ = out.fileHandleForReading.availableData  // the "ready" line
    }

    override func tearDown() {
        if let server, server.isRunning {
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
    }

    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    func testBatchComesBackInOrder() throws {
        let t = CurlTransport()
        let requests = (0..<12).map { i in
            HTTPRequest(method: i % 3 == 0 ? "POST" : "GET", url: "http://127.0.0.1:\(port)/item/\(i)?q=\(i)",
                        headers: [("X-Test", "v\(i)")], body: i % 3 == 0 ? Array("body-\(i)".utf8) : [])
        }
        let results = t.send(requests)
        XCTAssertEqual(results.count, 12)
        for (i, r) in results.enumerated() {
            let resp = try r.get()
            XCTAssertEqual(resp.status, 200)
            XCTAssertEqual(resp.header("x-echo"), "yes")
            let doc = try JSON.parse(resp.body)
            XCTAssertEqual(doc["path"]?.string, "/item/\(i)?q=\(i)")
            XCTAssertEqual(doc["x"]?.string, "v\(i)")
            XCTAssertEqual(doc["host"]?.string, "127.0.0.1:\(port)")
            XCTAssertEqual(doc["method"]?.string, i % 3 == 0 ? "POST" : "GET")
            XCTAssertEqual(doc["body"]?.string, i % 3 == 0 ? "body-\(i)" : "")
        }
        // The same transport (and multi handle) serves a second batch.
        XCTAssertEqual(try t.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/again")).status, 200)
    }

    func testEmptyPutSendsContentLength() throws {
        let r = try CurlTransport().send(HTTPRequest(method: "PUT", url: "http://127.0.0.1:\(port)/latest/api/token"))
        let doc = try JSON.parse(r.body)
        XCTAssertEqual(doc["method"]?.string, "PUT")
        XCTAssertEqual(doc["contentLength"]?.string, "0")
    }

    func testErrorStatusIsAResponseNotATransportError() throws {
        let r = try CurlTransport().send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/fail"))
        XCTAssertEqual(r.status, 503)
    }

    func testRefusedConnection() throws {
        let closed = try freePort()
        let results = CurlTransport().send([HTTPRequest(method: "GET", url: "http://127.0.0.1:\(closed)/"),
                                            HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/ok")])
        XCTAssertThrowsError(try results[0].get()) { e in
            XCTAssertEqual((e as? TransportError)?.kind, .connect)
            XCTAssertEqual((e as? TransportError)?.host, "127.0.0.1:\(closed)")
        }
        XCTAssertEqual(try results[1].get().status, 200, "one failure does not sink the batch")
    }

    func testTimeoutIsTyped() throws {
        let r = CurlTransport().send([HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/slow", totalTimeout: 0.05)])
        XCTAssertThrowsError(try r[0].get()) { e in XCTAssertEqual((e as? TransportError)?.kind, .timeout) }
    }

    func testNotAURL() {
        let r = CurlTransport().send([HTTPRequest(method: "GET", url: "file:///etc/passwd")])
        XCTAssertThrowsError(try r[0].get())
    }
}
