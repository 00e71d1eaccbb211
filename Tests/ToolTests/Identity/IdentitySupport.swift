import Foundation
import XCTest

/// Runs of creds-resolve (and eks-presign) with `--identity` against an `auth:` config written
/// into the scratch HOME.
class IdentityTestCase: CredsResolveTestCase {
    var atmosURL: URL { home.appendingPathComponent("project/atmos.yaml") }

    /// Writes the config (the text after `auth:` is the caller's) and returns its absolute path.
    @discardableResult
    func writeAtmos(_ text: String) throws -> String {
        try FileManager.default.createDirectory(at: atmosURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: atmosURL, atomically: true, encoding: .utf8)
        return atmosURL.path
    }

    /// creds-resolve --identity NAME --config <atmos.yaml> + `args`.
    func identityArgs(_ name: String, _ args: [String] = []) -> [String] {
        ["--identity", name, "--config", atmosURL.path] + args
    }

    /// Cache entries (JSON files) in the scratch HOME's credential cache.
    func cacheEntries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cacheDir.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The cache entry's selection text for each file.
    func cachedSelections() throws -> [String] {
        try cacheEntries().map { name in
            let data = try Data(contentsOf: cacheDir.appendingPathComponent(name))
            let doc = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return doc?["selection"] as? String ?? ""
        }.sorted()
    }

    func presign(_ args: [String], env: [String: String] = [:]) throws -> Harness.Result {
        try Harness.run("eks-presign", args, env: Harness.isolatedEnv(home: home, extra: env))
    }

    /// The URL inside an ExecCredential's token.
    static func tokenURL(_ r: Harness.Result) throws -> (token: String, url: String) {
        let status = try r.json()["status"] as? [String: Any]
        let token = try XCTUnwrap(status?["token"] as? String)
        var b64 = String(token.dropFirst("k8s-aws-v1.".count)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        let data = try XCTUnwrap(Data(base64Encoded: b64))
        return (token, String(decoding: data, as: UTF8.self))
    }
}

extension IdentityTestCase {
    /// A built tool with a controlling terminal (a pseudo-terminal on stdin, as when a person
    /// runs `ekspipe auth login`) but stdout and stderr captured apart, so the envelope stays
    /// clean. Returns at once; `finish()` waits.
    func startWithTerminal(_ args: [String], tool: String = "creds-resolve", env: [String: String] = [:]) throws -> PseudoTerminalRun {
        try PseudoTerminalRun([Harness.tool(tool)] + args, env: Harness.isolatedEnv(home: home, extra: env), captureOutput: true)
    }

    func runWithTerminal(_ args: [String], tool: String = "creds-resolve", env: [String: String] = [:]) throws -> Harness.Result {
        try startWithTerminal(args, tool: tool, env: env).finish().result
    }

    func filePermissions(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// Rewrites the Expiration of every cached credential entry to `seconds` from now (what the
    /// clock would do), so the next run sees them as stale without waiting.
    func ageCachedCredentials(expiringIn seconds: TimeInterval) throws {
        for name in cacheEntries() {
            let url = cacheDir.appendingPathComponent(name)
            var doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            var creds = try XCTUnwrap(doc["credentials"] as? [String: Any])
            creds["Expiration"] = Self.iso(Date().addingTimeInterval(seconds))
            doc["credentials"] = creds
            try JSONSerialization.data(withJSONObject: doc).write(to: url)
        }
    }
}
