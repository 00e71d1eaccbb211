import Foundation
import XCTest

/// A scratch HOME with `.aws/config` and `.aws/credentials`, and runs of the built creds-resolve
/// with exactly that environment (no AWS settings of the machine leak in).
class CredsResolveTestCase: XCTestCase {
    var home: URL!

    override func setUpWithError() throws {
        home = try Harness.tempDir("creds-resolve")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let home { try? FileManager.default.removeItem(at: home) }
    }

    var configURL: URL { home.appendingPathComponent(".aws/config") }
    var credentialsURL: URL { home.appendingPathComponent(".aws/credentials") }
    var cacheDir: URL { home.appendingPathComponent(".cache/ekspipe/credentials") }

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

    /// Runs creds-resolve on a pseudo-terminal (python's pty: it becomes the controlling
    /// terminal and stdout), typing `input` when `prompt` appears; returns what the terminal showed.
    func runOnTerminal(_ args: [String], env: [String: String] = [:], prompt: String? = nil, input: String = "") throws -> (status: Int32, screen: String) {
        let script = """
            import os, pty, sys, json
            args = json.loads(sys.argv[1]); prompt = sys.argv[2]; answer = sys.argv[3]
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(args[0], args)
            out = b""
            sent = False
            while True:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
                if prompt and not sent and prompt.encode() in out:
                    os.write(fd, answer.encode() + b"\\n")
                    sent = True
            _, status = os.waitpid(pid, 0)
            sys.stdout.write(json.dumps({"status": os.waitstatus_to_exitcode(status), "screen": out.decode(errors="replace")}))
            """
        let argv = [Harness.tool("creds-resolve")] + args
        let argvJSON = String(decoding: try JSONSerialization.data(withJSONObject: argv), as: UTF8.self)
        let r = try Harness.run(BackgroundProcess.which("python3")!, ["-c", script, argvJSON, prompt ?? "", input],
                                env: Harness.isolatedEnv(home: home, extra: env))
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try r.json()
        return (Int32(doc["status"] as! Int), doc["screen"] as! String)
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
