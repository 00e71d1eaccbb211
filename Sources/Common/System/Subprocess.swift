import Glibc

/// Runs a child process with posix_spawn and collects its stdout (and optionally stderr).
/// Used for composition: eks-presign runs creds-resolve, creds-resolve runs credential_process.
public enum Subprocess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]
    }

    /// Runs `argv` (argv[0] a path, or a name looked up on PATH) with `environment` (nil:
    /// inherit). stdin is /dev/null unless `stdin` is given. stderr is captured when
    /// `captureStderr`, else inherited so the child's own diagnostics reach the user.
    /// With a `deadline`, the child leads a process group of its own; when the deadline passes
    /// first, the whole group (the child and anything it started) is killed, the child reaped,
    /// and `Subprocess.TimedOut` thrown: a caller under kubectl must never hang on a child.
    public static func run(_ argv: [String], environment: [String]? = nil, stdin: [UInt8]? = nil,
                           captureStderr: Bool = true, deadline: Deadline? = nil) throws -> Result {
        guard !argv.isEmpty else { throw UsageError("no command to run") }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        var inPipe: [Int32] = [-1, -1]
        // A later pipe(2) failing must not leak the descriptors of the earlier ones.
        func closeAll() { for fd in outPipe + errPipe + inPipe where fd >= 0 { Glibc.close(fd) } }
        guard makePipe(&outPipe),
              !captureStderr || makePipe(&errPipe),
              stdin == nil || makePipe(&inPipe)
        else {
            let e = SystemError.current("pipe")
            closeAll()
            throw e
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin != nil {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        if captureStderr { posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2) }

        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        let envList = environment ?? Env.all().map { "\($0.0)=\($0.1)" }
        let cEnv = envList.map { strdup($0) } + [nil]
        defer { for p in cEnv { free(p) } }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if deadline != nil {
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
        }

        var pid: pid_t = 0
        let rc = argv[0].contains("/")
            ? posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
            : posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        Glibc.close(outPipe[1])
        if captureStderr { Glibc.close(errPipe[1]) }
        if stdin != nil { Glibc.close(inPipe[0]) }
        if rc != 0 {
            Glibc.close(outPipe[0])
            if captureStderr { Glibc.close(errPipe[0]) }
            if stdin != nil { Glibc.close(inPipe[1]) }
            throw SystemError(errno: rc, operation: "run", path: argv[0])
        }
        if let stdin {
            // Inputs here are small (an envelope); a child that stops reading gets EPIPE, ignored.
            _ = try? Sys.writeAll(inPipe[1], stdin)
            Glibc.close(inPipe[1])
        }
        // Read both pipes without deadlock: poll until both reach EOF.
        var out: [UInt8] = []
        var err: [UInt8] = []
        var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0)]
        if captureStderr { fds.append(pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)) }
        var open = fds.count
        var buf = [UInt8](repeating: 0, count: 65536)
        while open > 0 {
            var wait: Int32 = -1
            if let deadline {
                let left = deadline.remaining
                if left <= 0 {
                    for f in fds where f.fd >= 0 { Glibc.close(f.fd) }
                    stopGroup(pid)
                    throw TimedOut(command: Path.basename(argv[0]), deadline: deadline)
                }
                wait = Int32(min((left * 1000).rounded(.up), 3_600_000))
            }
            // Not Sys.retrying: after a signal the wait is computed again from the deadline.
            let n = poll(&fds, nfds_t(fds.count), wait)
            if n < 0 { if errno == EINTR { continue }; break }
            for i in fds.indices where fds[i].fd >= 0 && fds[i].revents != 0 {
                let r = buf.withUnsafeMutableBytes { b in Sys.retrying { read(fds[i].fd, b.baseAddress!, b.count) } }
                if r > 0 {
                    if i == 0 { out.append(contentsOf: buf[0..<r]) } else { err.append(contentsOf: buf[0..<r]) }
                } else {
                    Glibc.close(fds[i].fd)
                    fds[i].fd = -1
                    open -= 1
                }
            }
        }
        var status: Int32 = 0
        if let deadline {
            // Its output closed, the child may still not exit: wait only until the deadline.
            while true {
                let w = Sys.retrying { waitpid(pid, &status, WNOHANG) }
                if w == pid || w < 0 { break }
                if deadline.remaining <= 0 {
                    stopGroup(pid)
                    throw TimedOut(command: Path.basename(argv[0]), deadline: deadline)
                }
                usleep(10_000)
            }
        } else {
            _ = Sys.retrying { waitpid(pid, &status, 0) }
        }
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitStatus, stdout: out, stderr: err)
    }

    /// A child that ran past its deadline and was stopped.
    public struct TimedOut: ToolError {
        public let command: String
        public let deadline: Deadline
        public var exitCode: ExitCode { .runtime }
        public var message: String { "\(command) did not finish within \(deadline.summary) and was stopped" }
    }

    /// SIGKILL to the child's process group (the child and whatever it started), then the
    /// child reaped so no zombie is left behind.
    private static func stopGroup(_ pid: pid_t) {
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = Sys.retrying { waitpid(pid, &status, 0) }
    }

    /// pipe(2) with both ends close-on-exec, so only the dup2'ed copies reach the child.
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    /// The full path of `name` on PATH, or nil.
    public static func which(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        for dir in (Env.get("PATH") ?? "/usr/bin:/bin").split(separator: ":") {
            let p = Path.join(String(dir), name)
            if access(p, X_OK) == 0 { return p }
        }
        return nil
    }
}
