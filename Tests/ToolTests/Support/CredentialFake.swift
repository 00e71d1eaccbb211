import Foundation
import XCTest

/// One of the small fakes of scripts/fakes that share fakeutil.py (sso_portal.py, imds.py,
/// container_creds.py, github_oidc.py, stalled_endpoint.py), started on a free port and stopped
/// by its process id. Each logs one JSON line per request (or connection), so tests see exactly
/// what the tools sent.
final class CredentialFake: @unchecked Sendable {
    let url: String
    let logURL: URL
    private let server: BackgroundProcess

    private init(url: String, logURL: URL, server: BackgroundProcess) {
        self.url = url
        self.logURL = logURL
        self.server = server
    }

    static func start(_ script: String, _ args: [String] = []) throws -> CredentialFake {
        let dir = try Harness.tempDir("fake-\(script)")
        let log = dir.appendingPathComponent("requests.log")
        let (server, ready) = try BackgroundProcess.startFake(script, ["--port", "0", "--log", log.path] + args)
        return CredentialFake(url: ready["url"]!, logURL: log, server: server)
    }

    deinit { stop() }
    func stop() { server.stop() }

    /// Every request logged so far.
    func requests() -> [[String: Any]] {
        guard let text = try? String(contentsOf: logURL, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
