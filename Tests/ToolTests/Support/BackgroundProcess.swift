import Foundation
import XCTest

/// A server the tests start (moto, the fake Kubernetes API, the latency proxy): started with
/// its output in files under its own scratch directory, stopped by its process id only.
///
/// Why files and not pipes: a server that logs a lot would block on a full pipe nobody reads.
/// Python servers (moto, the fakes) are forked by the test run's spawner when there is one
/// (Spawner.swift); everything else is a child process.
final class BackgroundProcess: @unchecked Sendable {
    let process: ProgramHandle
    let directory: URL
    let stdoutURL: URL
    let stderrURL: URL
    let name: String

    var pid: Int32 { process.processIdentifier }

    /// Starts `executable` (a path, or a name looked up on PATH) with `args`.
    init(name: String, executable: String, args: [String], environment: [String: String]? = nil) throws {
        self.name = name
        directory = try Harness.tempDir("bg-\(name)")
        stdoutURL = directory.appendingPathComponent("stdout")
        stderrURL = directory.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        guard let path = BackgroundProcess.which(executable) else {
            throw BackgroundProcess.failure("\(name): \(executable) not found on PATH (run scripts/setup)")
        }
        let env = environment ?? ProcessInfo.processInfo.environment
        let out = stdoutURL.path, err = stderrURL.path
        if Spawner.handles(path, args: args, environment: env, ownEnvironment: environment != nil),
           let spawned = Spawner.reach({ try Spawner.start([executable] + args, environment: env, stdout: out, stderr: err) }) {
            process = spawned
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        if let environment { p.environment = environment }
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        p.standardError = try FileHandle(forWritingTo: stderrURL)
        try p.run()
        process = p
    }

    deinit { stop() }

    /// SIGTERM to this process id, then SIGKILL if it has not exited after a few seconds.
    func stop() {
        guard process.isRunning else { return }
        kill(pid, SIGTERM)
        for _ in 0..<100 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// The first line the server prints on stdout (its JSON "ready" line), parsed.
    func readyLine(timeout: TimeInterval = 30) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let out = stdout
            if let nl = out.firstIndex(of: "\n") {
                let line = String(out[..<nl])
                guard let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw BackgroundProcess.failure("\(name): ready line is not a JSON object: \(line)")
                }
                return obj
            }
            if !process.isRunning { break }
            usleep(20_000)
        }
        throw BackgroundProcess.failure("\(name) did not start: \(process.isRunning ? "no ready line" : "exited \(process.terminationStatus)"); stderr: \(stderr.suffix(2000))")
    }

    /// Waits until something accepts TCP connections on 127.0.0.1:`port`.
    func waitForPort(_ port: Int, timeout: TimeInterval = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if BackgroundProcess.canConnect(port: port) { return }
            if !process.isRunning {
                throw BackgroundProcess.failure("\(name) exited \(process.terminationStatus) before listening; stderr: \(stderr.suffix(2000))")
            }
            usleep(50_000)
        }
        throw BackgroundProcess.failure("\(name) did not listen on port \(port) within \(Int(timeout)) s; stderr: \(stderr.suffix(2000))")
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// `name` resolved on PATH (or itself when it contains a slash).
    static func which(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func failure(_ message: String) -> NSError {
        NSError(domain: "BackgroundProcess", code: 1, userInfo: [NSLocalizedDescriptionKey: message])
    }

    /// Starts `python3 scripts/fakes/<script> args…` and waits for its JSON ready line, whose
    /// `fields` must be strings (a fake prints at least its `url`). Why here: every fake wrapper
    /// needs the same start, wait and check, and a fake that never gets ready must be stopped
    /// by its process id rather than left running.
    static func startFake(_ script: String, _ args: [String], requiring fields: [String] = ["url"]) throws
        -> (server: BackgroundProcess, ready: [String: String]) {
        let name = script.hasSuffix(".py") ? String(script.dropLast(3)) : script
        let server = try BackgroundProcess(name: name, executable: "python3",
                                           args: [fakesDir.appendingPathComponent(script).path] + args)
        do {
            let line = try server.readyLine()
            var ready: [String: String] = [:]
            for f in fields {
                guard let v = line[f] as? String else { throw failure("\(name): ready line without \(f): \(line)") }
                ready[f] = v
            }
            return (server, ready)
        } catch {
            server.stop()
            throw error
        }
    }

    /// The scripts/fakes directory of this checkout.
    static var fakesDir: URL { Harness.packageRoot.appendingPathComponent("scripts/fakes") }
}

/// What the tests need of a started program, whether a child process (`Process`) or a fork of
/// the spawner (`SpawnedProgram`).
protocol ProgramHandle: AnyObject {
    var processIdentifier: Int32 { get }
    var isRunning: Bool { get }
    var terminationStatus: Int32 { get }
    func waitUntilExit()
}

extension Process: ProgramHandle {}
