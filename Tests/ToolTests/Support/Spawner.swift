import Foundation

/// The test run's spawner (scripts/fakes/spawner.py): one Python that has imported moto, boto3
/// and the AWS CLI and forks a fresh process for each `moto_server`, `aws` and `python3` program
/// a test starts. scripts/test starts it and names its socket in `EKSPIPE_TEST_SPAWNER`. When
/// it cannot be reached, a test process says so once on stderr and starts its programs itself.
///
/// Why: those imports are most of each Python program's start (0.5-1.3 CPU seconds), and the
/// suite starts about 300 of them on a 2-core machine. Without the variable (a single test run
/// with `swift test`, or `scripts/test --filter …`) every program starts as its own process, as
/// before; both ways run the same program code with the same arguments, environment, working
/// directory and files.
enum Spawner {
    /// The spawner's Unix socket, when this test run has one.
    static let socketPath: String? = {
        guard let p = ProcessInfo.processInfo.environment["EKSPIPE_TEST_SPAWNER"], !p.isEmpty else { return nil }
        return p
    }()

    /// The spawner's interpreter, symbolic links resolved (`EKSPIPE_TEST_SPAWNER_PYTHON`).
    static let interpreter: String? = ProcessInfo.processInfo.environment["EKSPIPE_TEST_SPAWNER_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }

    /// The programs it can run: `python3` when it is the spawner's interpreter, and `aws` and
    /// `moto_server` when they are scripts of that interpreter (their `#!` line names it), so
    /// the program a test asks for is the one the spawner has imported.
    /// `ownEnvironment`: the test gives the program an environment other than its own. moto
    /// reads its settings (INITIAL_NO_AUTH_ACTION_COUNT, …) from the environment when it is
    /// imported, and the spawner imported it with the test run's, so such a moto starts on its own.
    static func handles(_ executable: String, args: [String] = [], environment: [String: String], ownEnvironment: Bool = true) -> Bool {
        let name = (executable as NSString).lastPathComponent
        guard socketPath != nil, !unavailable, let interpreter, ["python3", "aws", "moto_server"].contains(name),
              let path = BackgroundProcess.which(executable) else { return false }
        // A program under faketime or another preload cannot be a fork of a process without it.
        if environment.keys.contains(where: { $0 == "LD_PRELOAD" || $0.hasPrefix("FAKETIME") }) { return false }
        let moto = name == "moto_server" || args.first.map { $0.hasSuffix("/moto_eks.py") } == true
        if moto && ownEnvironment { return false }
        let runs = name == "python3" ? path : shebangInterpreter(path)
        return runs.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } == interpreter
    }

    private static let state = NSLock()
    nonisolated(unsafe) private static var lost = false
    /// Set when the spawner could not be reached: the rest of this test process starts its
    /// programs itself (slower, the same programs), after one line on stderr saying why.
    static var unavailable: Bool {
        state.lock()
        defer { state.unlock() }
        return lost
    }

    /// `start()` through the spawner; nil, and the spawner marked unavailable, when it fails.
    static func reach<T>(_ start: () throws -> T) -> T? {
        do {
            return try start()
        } catch {
            state.lock()
            let first = !lost
            lost = true
            state.unlock()
            if first { FileHandle.standardError.write(Data("\(error.localizedDescription); this test process starts its Python programs itself\n".utf8)) }
            return nil
        }
    }

    /// The interpreter a script's `#!` line names (nil for a binary or `#!/usr/bin/env …`).
    private static func shebangInterpreter(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 256), as: UTF8.self)
        guard head.hasPrefix("#!"), let line = head.dropFirst(2).split(separator: "\n").first,
              let first = line.split(separator: " ").first, first.hasPrefix("/") else { return nil }
        return String(first)
    }

    /// Starts `argv` (argv[0]: `moto_server`, `aws` or `python3`) with exactly `environment`,
    /// in `directory`, standard input from `stdin` (else empty) and output appended to the files.
    /// `socket`: another spawner's (SpawnerTests start their own).
    static func start(_ argv: [String], environment: [String: String], directory: String = FileManager.default.currentDirectoryPath,
                      stdin: String? = nil, stdout: String, stderr: String, socket: String? = socketPath) throws -> SpawnedProgram {
        var request: [String: Any] = ["argv": argv, "env": environment, "cwd": directory, "stdout": stdout, "stderr": stderr]
        if let stdin { request["stdin"] = stdin }
        let channel = try SpawnerChannel(request: request, socket: socket)
        return SpawnedProgram(pid: try channel.pid(), channel: channel)
    }

    /// Starts `argv` with the connection itself as its standard input and output (a program that
    /// answers requests line by line); the handle reads and writes it. The program ends when it
    /// reads the end of its input, that is when the handle is closed or this test process ends.
    static func startConnected(_ argv: [String], environment: [String: String], stderr: String,
                               socket: String? = socketPath) throws -> (pid: Int32, io: FileHandle) {
        let request: [String: Any] = ["argv": argv, "env": environment, "cwd": FileManager.default.currentDirectoryPath,
                                      "stdio": "socket", "stderr": stderr]
        let channel = try SpawnerChannel(request: request, socket: socket)
        let pid = try channel.pid()
        return (pid, channel.takeHandle())
    }
}

/// A program the spawner started: its process id, and its exit status when the spawner reports it.
final class SpawnedProgram: ProgramHandle, @unchecked Sendable {
    let processIdentifier: Int32
    private let channel: SpawnerChannel
    private let lock = NSLock()
    private var exitCode: Int32?

    fileprivate init(pid: Int32, channel: SpawnerChannel) {
        processIdentifier = pid
        self.channel = channel
    }

    var isRunning: Bool { !wait(timeout: 0) }

    /// Like `Process.terminationStatus`: the exit code, or the signal that ended the program.
    var terminationStatus: Int32 {
        lock.lock()
        defer { lock.unlock() }
        guard let code = exitCode else { return 0 }
        return code >= 0 ? code : -code
    }

    func waitUntilExit() { _ = wait(timeout: nil) }

    /// Waits up to `timeout` seconds (nil: for ever) for the exit; true once the program has ended.
    @discardableResult
    func wait(timeout: TimeInterval?) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if exitCode != nil { return true }
        guard let line = channel.readLine(timeout: timeout) else { return false }
        if let obj = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let code = obj["exit"] as? Int {
            exitCode = Int32(code)
        } else {
            exitCode = -SIGKILL  // the spawner itself is gone, and the program with it
        }
        return true
    }
}

/// One connection to the spawner: the request out, JSON lines in.
private final class SpawnerChannel: @unchecked Sendable {
    private var fd: Int32
    private var buffer: [UInt8] = []

    init(request: [String: Any], socket path: String?) throws {
        guard let path else { throw BackgroundProcess.failure("spawner: EKSPIPE_TEST_SPAWNER is not set") }
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BackgroundProcess.failure("spawner: socket: \(String(cString: strerror(errno)))") }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
            close(fd)
            throw BackgroundProcess.failure("spawner: socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
        guard ok else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw BackgroundProcess.failure("spawner: cannot connect to \(path): \(why)")
        }
        var line = try JSONSerialization.data(withJSONObject: request)
        line.append(0x0A)
        let sent = line.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == line.count else {
            close(fd)
            throw BackgroundProcess.failure("spawner: could not send the request")
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// The `{"pid": N}` answer.
    func pid() throws -> Int32 {
        guard let line = readLine(timeout: 60),
              let obj = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            throw BackgroundProcess.failure("spawner: no answer")
        }
        guard let pid = obj["pid"] as? Int else {
            throw BackgroundProcess.failure("spawner: \(obj["error"] as? String ?? "unexpected answer \(obj)")")
        }
        return Int32(pid)
    }

    /// The connection as a file handle that owns it (this channel no longer does).
    func takeHandle() -> FileHandle {
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        fd = -1
        return handle
    }

    /// The next line, waiting up to `timeout` seconds (nil: for ever); nil on a timeout. At the
    /// end of the stream the line is empty.
    func readLine(timeout: TimeInterval?) -> Data? {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = Data(buffer[..<nl])
                buffer.removeSubrange(...nl)
                return line
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = deadline.map { Int32(max(0, min(1_000, $0.timeIntervalSinceNow * 1000))) } ?? 1_000
            let n = poll(&pfd, 1, ms)
            if n < 0 && errno != EINTR { return Data() }
            if n > 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let got = read(fd, &chunk, chunk.count)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { return Data() }
                buffer.append(contentsOf: chunk[..<got])
                continue
            }
            if let deadline, deadline.timeIntervalSinceNow <= 0 { return nil }
        }
    }
}
