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
