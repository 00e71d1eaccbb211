import Glibc

/// The lock kubectl and client-go take before writing a kubeconfig: a file `<file>.lock`
/// created with O_CREAT|O_EXCL and removed when done. Taking the same lock means ekspipe and a
/// concurrent `kubectl config set-*` never overwrite each other. client-go gives up at once when
/// the lock exists; ekspipe waits up to a timeout (several logins may run in parallel), then
/// fails with a message naming the lock file. Released by `release()`, by deinit on every
/// error path, and by SIGINT/SIGTERM/SIGHUP (see `FileLockCleanup`); only SIGKILL or a crash
/// can leave it behind, exactly as with kubectl.
public final class FileLock {
    /// The lock file's path (`<file>.lock`).
    public let lockPath: String
    public let filePath: String
    /// False until the lock file is ours: a throwing init still runs deinit, which must not
    /// remove a lock someone else holds.
    private var held = false

    /// A lock held by someone else past the timeout.
    public struct Timeout: ToolError {
        public let filePath: String
        public let lockPath: String
        public let seconds: Double
        public var exitCode: ExitCode { .runtime }
        public var message: String {
            "\(filePath) is locked by another process (\(lockPath) still exists after \(Self.format(seconds))s); " +
                "if no kubectl or ekspipe is running, remove \(lockPath)"
        }
        static func format(_ s: Double) -> String {
            s == s.rounded() ? String(Int(s)) : String(s)
        }
    }

    /// Creates `<file>.lock`, retrying every few milliseconds until `timeout` seconds have
    /// passed. The lock file holds the owner's pid, for whoever finds it left behind.
    public init(for file: String, timeout: Double) throws {
        filePath = file
        lockPath = file + ".lock"
        let deadline = FileLock.monotonic() + max(0, timeout)
        var delay = 0.002
        while true {
            let fd = Glibc.open(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                held = true
                FileLockCleanup.register(lockPath)
                _ = try? Sys.writeAll(fd, "\(Sys.getpid())\n")
                Sys.close(fd)
                return
            }
            let err = Glibc.errno
            if err == EINTR { continue }
            guard err == EEXIST else {
                throw SystemError(errno: err, operation: "lock", path: file)
            }
            let now = FileLock.monotonic()
            if now >= deadline { throw Timeout(filePath: file, lockPath: lockPath, seconds: timeout) }
            FileLock.sleep(min(delay, deadline - now))
            delay = min(delay * 2, 0.05)
        }
    }

    /// Removes the lock file. Safe to call more than once.
    public func release() {
        guard held else { return }
        held = false
        _ = unlink(lockPath)
        FileLockCleanup.unregister(lockPath)
    }

    deinit { release() }

    /// Runs `body` holding the lock on `file`, releasing it however `body` ends.
    public static func withLock<T>(_ file: String, timeout: Double, _ body: () throws -> T) throws -> T {
        let lock = try FileLock(for: file, timeout: timeout)
        defer { lock.release() }
        return try body()
    }

    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var ts = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var rest = timespec()
        while nanosleep(&ts, &rest) != 0 && Glibc.errno == EINTR { ts = rest }
    }
}
