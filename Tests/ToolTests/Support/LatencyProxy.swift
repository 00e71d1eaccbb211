import Foundation
import XCTest

/// scripts/fakes/latency_proxy.py from Swift: puts `latencyMs` of delay in front of an upstream
/// (moto), so concurrency is visible. Point a tool at `url` with AWS_ENDPOINT_URL.
final class LatencyProxy: @unchecked Sendable {
    /// "http://127.0.0.1:PORT"
    let url: String
    let latencyMs: Int
    private let server: BackgroundProcess

    private init(url: String, latencyMs: Int, server: BackgroundProcess) {
        self.url = url
        self.latencyMs = latencyMs
        self.server = server
    }

    static func start(upstream: String, latencyMs: Int) throws -> LatencyProxy {
        let (server, ready) = try BackgroundProcess.startFake("latency_proxy.py", [
            "--upstream", upstream, "--latency-ms", String(latencyMs), "--port", "0",
        ])
        return LatencyProxy(url: ready["url"]!, latencyMs: latencyMs, server: server)
    }

    deinit { stop() }

    func stop() { server.stop() }

    /// The requests forwarded so far, in order: their Action, parameters and signing key id.
    func log() throws -> [(action: String?, params: [String: String], keyId: String?)] {
        let obj = try LocalHTTP.getJSON(url + "/__proxy__/log")
        return ((obj["requests"] as? [[String: Any]]) ?? []).map {
            ($0["action"] as? String, ($0["params"] as? [String: String]) ?? [:], $0["keyId"] as? String)
        }
    }

    /// Requests forwarded so far and the most that were in flight at once.
    func stats() throws -> (requests: Int, maxInFlight: Int) {
        let obj = try LocalHTTP.getJSON(url + "/__proxy__/stats")
        return ((obj["requests"] as? Int) ?? -1, (obj["maxInFlight"] as? Int) ?? -1)
    }
}
