import Foundation
import XCTest

/// A scratch HOME with `.aws/config` and `.aws/credentials`, and runs of the built creds-resolve
/// with exactly that environment (no AWS settings of the machine leak in).
class CredsResolveTestCase: XCTestCase {
    var scratch: ScratchHome!
    var home: URL! { scratch?.url }

    override func setUpWithError() throws {
        scratch = try makeScratchHome("creds-resolve")
        try scratch.directory(".aws")
    }

    var configURL: URL { scratch.awsConfig }
    var credentialsURL: URL { scratch.awsCredentials }
    var cacheDir: URL { scratch.credentialCache }

    func writeConfig(_ text: String) throws { try text.write(to: configURL, atomically: true, encoding: .utf8) }
    func writeCredentials(_ text: String) throws { try text.write(to: credentialsURL, atomically: true, encoding: .utf8) }

    /// Runs creds-resolve with the isolated environment plus `env`.
    @discardableResult
    func run(_ args: [String], env: [String: String] = [:], stdin: Data? = nil, stdoutPath: String? = nil) throws -> Harness.Result {
        try Harness.run("creds-resolve", args, env: Harness.isolatedEnv(home: home, extra: env), stdin: stdin, stdoutPath: stdoutPath)
    }

    /// Runs and expects success; returns the JSON document printed.
    func resolve(_ args: [String], env: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let r = try run(args, env: env)
        XCTAssertEqual(r.status, 0, "stderr: \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stderr, "", file: file, line: line)
        return try r.json()
    }

    /// Runs and expects failure with `status`; returns stderr (stdout must be empty).
    func fail(_ args: [String], env: [String: String] = [:], status: Int32, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try run(args, env: env)
        XCTAssertEqual(r.status, status, "stderr: \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.out, "", "nothing on stdout on failure", file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("creds-resolve: "), r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one line: \(r.stderr)", file: file, line: line)
        return r.stderr
    }

    /// Runs creds-resolve on a pseudo-terminal that is also its stdout and stderr, typing
    /// `input` when `prompt` appears; returns what the terminal showed.
    func runOnTerminal(_ args: [String], env: [String: String] = [:], prompt: String? = nil, input: String = "") throws -> (status: Int32, screen: String) {
        let run = try PseudoTerminalRun([Harness.tool("creds-resolve")] + args, env: Harness.isolatedEnv(home: home, extra: env),
                                        captureOutput: false, prompt: prompt, answer: input)
        let r = run.finish()
        return (r.status, r.screen)
    }

    static func credentials(_ doc: [String: Any]) -> AWSKeys? {
        guard let c = doc["credentials"] as? [String: Any], let id = c["AccessKeyId"] as? String,
              let secret = c["SecretAccessKey"] as? String else { return nil }
        return AWSKeys(accessKeyId: id, secretAccessKey: secret, sessionToken: c["SessionToken"] as? String,
                       expiration: c["Expiration"] as? String)
    }

    /// Asserts no secret value of `keys` appears in `text`.
    func assertNoSecrets(_ text: String, _ keys: [AWSKeys], file: StaticString = #filePath, line: UInt = #line) {
        for k in keys {
            XCTAssertFalse(text.contains(k.secretAccessKey), "secret key leaked: \(text)", file: file, line: line)
            if let t = k.sessionToken { XCTAssertFalse(text.contains(t), "session token leaked", file: file, line: line) }
        }
    }

    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
