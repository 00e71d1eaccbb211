import Foundation
import XCTest

/// Runs the built tools the way users and kubectl run them, and gives each test a scratch
/// HOME so nothing touches the developer's real files.
enum Harness {
    /// The package root (…/Tests/ToolTests/Support/Harness.swift → …).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shared test data next to the repository (`../shared/testdata`).
    static let sharedTestdata: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata")

    /// Where the tool binaries are: `$EKSPIPE_BIN_DIR`, else the directory of the running test
    /// bundle (swift test builds the products next to it).
    static let binDir: URL = {
        if let d = ProcessInfo.processInfo.environment["EKSPIPE_BIN_DIR"], !d.isEmpty { return URL(fileURLWithPath: d) }
        var url = Bundle.main.bundleURL
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("eks-presign").path) { return url }
            url = url.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }()

    static func tool(_ name: String) -> String { binDir.appendingPathComponent(name).path }

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var out: String { String(decoding: stdout, as: UTF8.self) }
        func json() throws -> [String: Any] {
            guard let o = try JSONSerialization.jsonObject(with: stdout) as? [String: Any] else {
                throw NSError(domain: "Harness", code: 1, userInfo: [NSLocalizedDescriptionKey: "stdout is not a JSON object: \(out)"])
            }
            return o
        }
    }

    /// Runs `executable` with exactly `env` (plus PATH and HOME unless given), feeding `stdin`.
    @discardableResult
    static func run(_ executable: String, _ args: [String], env: [String: String] = [:], stdin: Data? = nil,
                    stdoutPath: String? = nil, timeout: TimeInterval = 60) throws -> Result {
        var environment = env
        if environment["PATH"] == nil { environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }
        if executable.contains("/"), Spawner.handles(executable, args: args, environment: environment),
           let result = try runSpawned(executable, args, env: environment, stdin: stdin, stdoutPath: stdoutPath, timeout: timeout) {
            return result
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable.contains("/") ? executable : tool(executable))
        p.arguments = args
        p.environment = environment
        let out = Pipe(), err = Pipe()
        if let stdoutPath {
            p.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        } else {
            p.standardOutput = out
        }
        p.standardError = err
        if let stdin {
            let inPipe = Pipe()
            p.standardInput = inPipe
            // A tool that exits before reading its input (a usage error) closes the pipe: the
            // write then fails with EPIPE, which must be the tool's result, not the end of the
            // test process (SIGPIPE, or the trap of the non-throwing `write(_:)`).
            signal(SIGPIPE, SIG_IGN)
            try p.run()
            try? inPipe.fileHandleForWriting.write(contentsOf: stdin)
            try? inPipe.fileHandleForWriting.close()
        } else {
            p.standardInput = FileHandle.nullDevice
            try p.run()
        }
        let outData = Box(), errData = Box()
        let group = DispatchGroup()
        group.enter()
        let readOut = stdoutPath == nil
        DispatchQueue.global().async {
            if readOut { outData.data = out.fileHandleForReading.readDataToEndOfFile() }
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            p.terminate()
            throw NSError(domain: "Harness", code: 2, userInfo: [NSLocalizedDescriptionKey: "\(executable) timed out"])
        }
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: outData.data, stderr: String(decoding: errData.data, as: UTF8.self))
    }

    /// `run` for a program the spawner forks (Spawner.swift): its input and output go through
    /// files in a scratch directory, read when it has exited. nil when the spawner cannot be reached.
    private static func runSpawned(_ executable: String, _ args: [String], env: [String: String], stdin: Data?,
                                   stdoutPath: String?, timeout: TimeInterval) throws -> Result? {
        let dir = try tempDir("spawned")
        defer { try? FileManager.default.removeItem(at: dir) }
        let inPath = dir.appendingPathComponent("stdin").path, outPath = dir.appendingPathComponent("stdout").path,
            errPath = dir.appendingPathComponent("stderr").path
        if let stdin { FileManager.default.createFile(atPath: inPath, contents: stdin) }
        guard let program = Spawner.reach({ try Spawner.start([executable] + args, environment: env, stdin: stdin == nil ? nil : inPath,
                                                             stdout: stdoutPath ?? outPath, stderr: errPath) }) else { return nil }
        if !program.wait(timeout: timeout) {
            kill(program.processIdentifier, SIGKILL)
            program.waitUntilExit()
            throw NSError(domain: "Harness", code: 2, userInfo: [NSLocalizedDescriptionKey: "\(executable) timed out"])
        }
        let out = stdoutPath == nil ? (FileManager.default.contents(atPath: outPath) ?? Data()) : Data()
        let err = FileManager.default.contents(atPath: errPath) ?? Data()
        return Result(status: program.terminationStatus, stdout: out, stderr: String(decoding: err, as: UTF8.self))
    }

    /// A reader thread's result; the DispatchGroup wait orders the write before the read.
    final class Box: @unchecked Sendable { var data = Data() }

    /// A fresh directory under the system temp dir, removed by the caller's tearDown.
    static func tempDir(_ label: String = "ekspipe") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A Unix socket's path has room for 107 bytes, which a long TMPDIR can use up: nil when
    /// `path` fits, else a fresh short directory under /tmp (the caller removes it) to bind in.
    static func shortSocketDirectory(for path: String) throws -> String? {
        guard path.utf8.count > 100 else { return nil }
        var template = Array("/tmp/ekspipe-sock-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw NSError(domain: "Harness", code: 4, userInfo: [NSLocalizedDescriptionKey: "mkdtemp /tmp: \(String(cString: strerror(errno)))"])
        }
        return String(cString: made)
    }

    /// A TCP port that was free a moment ago on 127.0.0.1 (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw NSError(domain: "Harness", code: 3, userInfo: [NSLocalizedDescriptionKey: "no free port"]) }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// An environment with no AWS settings from the developer's machine: HOME, XDG dirs and the
    /// AWS config files all point into `home` (see `ScratchHome.environment`).
    static func isolatedEnv(home: URL, extra: [String: String] = [:]) -> [String: String] {
        ScratchHome.environment(home: home, extra: extra)
    }
}
