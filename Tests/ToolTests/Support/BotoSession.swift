import Foundation
import XCTest

/// One long-lived `python3` per test process that has imported boto3 and answers AWS calls one
/// JSON line at a time (what `MotoServer.call` sends to moto).
///
/// Why: importing boto3 costs about half a second of CPU, and the fixtures make dozens of calls
/// (users, keys, roles, clusters); a Python per call made the set-up of a class cost more CPU
/// than its tests. The process reads its requests on stdin, so it ends when the test process
/// that started it does.
final class BotoSession: @unchecked Sendable {
    /// Shared by every moto server of the test process; calls are serialised.
    static let shared = BotoSession()

    private let lock = NSLock()
    /// Whether the helper still runs; nil before the first start and after it died.
    private var alive: (() -> Bool)?
    private var toPython: FileHandle?
    private var fromPython: FileHandle?
    private var buffer = Data()
    private var stderrURL: URL?

    /// `request` carries service, operation, params, region, endpoint and the keys; returns
    /// the response (ResponseMetadata removed, datetimes as strings). An AWS error throws with
    /// its code and message.
    func call(_ request: [String: Any]) throws -> [String: Any] {
        lock.lock()
        defer { lock.unlock() }
        if alive?() != true { try start() }
        var line = try JSONSerialization.data(withJSONObject: request)
        line.append(0x0A)
        do {
            try toPython!.write(contentsOf: line)
        } catch {
            throw died("could not send the call")
        }
        guard let answer = readLine() else { throw died("no answer") }
        guard let obj = try JSONSerialization.jsonObject(with: answer) as? [String: Any] else {
            throw BackgroundProcess.failure("moto call: unexpected answer \(String(decoding: answer, as: UTF8.self).prefix(500))")
        }
        if let error = obj["error"] as? String { throw BackgroundProcess.failure("moto call failed: \(error)") }
        return obj["result"] as? [String: Any] ?? [:]
    }

    private func died(_ what: String) -> NSError {
        let err = stderrURL.flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? ""
        alive = nil
        return BackgroundProcess.failure("moto call: \(what) (boto3 helper exited); stderr: \(err.suffix(1500))")
    }

    private func readLine() -> Data? {
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<nl]
                buffer = Data(buffer[(nl + 1)...])
                return Data(line)
            }
            let chunk = fromPython!.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    private func start() throws {
        // No AWS settings of the machine: the keys and endpoint of each call are all there is.
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.temporaryDirectory.path,
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        let python = BackgroundProcess.which("python3") ?? "/usr/bin/python3"
        let argv = ["-u", "-c", Self.script]
        let dir = try Harness.tempDir("boto-session")
        let errURL = dir.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        stderrURL = errURL
        buffer = Data()
        signal(SIGPIPE, SIG_IGN)  // a helper that died makes the next write fail, not end the tests
        if Spawner.handles(python, environment: environment),
           let (_, io) = Spawner.reach({ try Spawner.startConnected([python] + argv, environment: environment, stderr: errURL.path) }) {
            // A fork of the test run's spawner, which has imported boto3 already; it talks on
            // the connection and ends when this test process does.
            toPython = io
            fromPython = io
            alive = { true }
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = argv
        p.environment = environment
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        alive = { p.isRunning }
        toPython = input.fileHandleForWriting
        fromPython = output.fileHandleForReading
    }

    private static let script = """
    import json, sys
    import boto3
    clients = {}
    def plain(o):
        return o.strftime("%Y-%m-%dT%H:%M:%SZ") if hasattr(o, "strftime") else str(o)
    for line in sys.stdin:
        r = json.loads(line)
        try:
            key = (r["service"], r["region"], r["endpoint"], r["accessKeyId"], r["secretAccessKey"], r["sessionToken"])
            client = clients.get(key)
            if client is None:
                client = clients[key] = boto3.client(
                    r["service"], region_name=r["region"], endpoint_url=r["endpoint"],
                    aws_access_key_id=r["accessKeyId"], aws_secret_access_key=r["secretAccessKey"],
                    aws_session_token=r["sessionToken"])
            try:
                out = getattr(client, r["operation"])(**r["params"])
                out.pop("ResponseMetadata", None)
                answer = {"result": json.loads(json.dumps(out, default=plain))}
            except client.exceptions.ClientError as e:
                err = e.response.get("Error", {})
                answer = {"error": "%s: %s" % (err.get("Code"), err.get("Message"))}
        except Exception as e:
            answer = {"error": repr(e)}
        sys.stdout.write(json.dumps(answer) + "\\n")
        sys.stdout.flush()
    """
}
