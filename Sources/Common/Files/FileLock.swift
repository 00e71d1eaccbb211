import Glibc

/// The lock kubectl and client-go take before writing a kubeconfig: a file `<file>.lock`
/// created with O_CREAT|O_EXCL and removed when done. Taking the same lock means ekspipe and a
/// concurrent `kubectl config set-*` never write at the same time (kubectl reads the file before
/// it takes the lock, so it can still write back a stale copy: README, "Files ekspipe writes").
/// client-go gives up at once when the lock exists; ekspipe waits up to a timeout (several
/// logins may run in parallel), then fails with a message naming the lock file and its owner.
/// Released by `release()`, by deinit on every error path, and by SIGINT/SIGTERM/SIGHUP (see
/// `FileLockCleanup`).
///
/// The lock file names its owner (`LockOwner`). A lock left by SIGKILL or a crash, whose owner
/// is provably gone, is taken over (`FileLockTakeover.swift`) with a line on stderr instead of
/// blocking every later write; kubectl's own (empty) locks and locks of live or remote owners
/// are never touched.
public final class FileLock {
    /// The lock file's path (`<file>.lock`).
    public let lockPath: String
    public let filePath: String
    /// The lock file's device and inode once it is ours (nil before: a throwing init still runs
    /// deinit, which must not remove a lock someone else holds).
    var held: (dev: UInt64, ino: UInt64)?

    /// A lock held by someone else past the timeout.
    public struct Timeout: ToolError {
        public let filePath: String
        public let lockPath: String
        public let seconds: Double
        /// What the lock file says of its owner ("pid 12 on this host, still running"), if anything.
        public let owner: String?
        public var exitCode: ExitCode { .runtime }
        public var message: String {
            "\(filePath) is locked by another process (\(lockPath) still exists after \(Self.format(seconds))s"
                + (owner.map { ", held by \($0)" } ?? "") + "); "
                + "if no kubectl or ekspipe is running, remove \(lockPath)"
        }
        static func format(_ s: Double) -> String {
            s == s.rounded() ? String(Int(s)) : String(s)
        }
    }

    /// Creates `<file>.lock`, retrying every few milliseconds until `timeout` seconds have
    /// passed, and taking over a lock whose owner is provably gone.
    public init(for file: String, timeout: Double) throws {
        filePath = file
        lockPath = file + ".lock"
        let deadline = FileLock.monotonic() + max(0, timeout)
        var delay = 0.002
        while true {
            if try create() || takeOverIfStale() { return }
            let now = FileLock.monotonic()
            if now >= deadline {
                throw Timeout(filePath: file, lockPath: lockPath, seconds: timeout, owner: LockOwner.read(lockPath)?.whereabouts)
            }
            FileLock.sleep(min(delay, deadline - now))
            delay = min(delay * 2, 0.05)
        }
    }

    /// One attempt at kubectl's O_CREAT|O_EXCL (plus O_NOFOLLOW: a planted link is never
    /// followed); false when the lock exists.
    /// An interrupt between the open and the registration waits until the lock is registered
    /// (`FileLockCleanup.holdingInterrupts`), so it is removed like any held lock.
    private func create() throws -> Bool {
        let (fd, err): (Int32, Int32) = FileLockCleanup.holdingInterrupts {
            let fd = Sys.retrying { Glibc.open(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600) }
            let err = Glibc.errno
            if fd >= 0 {
                var st = FileInfo()
                _ = fstat(fd, &st)
                held = (UInt64(st.st_dev), UInt64(st.st_ino))
                FileLockCleanup.register(lockPath)
            }
            return (fd, err)
        }
        if fd >= 0 {
            defer { Sys.close(fd) }
            _ = try? Sys.writeAll(fd, LockOwner.current.line)
            return true
        }
        if err == EEXIST { return false }
        throw SystemError(errno: err, operation: "lock", path: filePath)
    }

    /// Removes the lock file if it is still the one this lock created. Safe to call more than once.
    public func release() {
        guard let id = held else { return }
        held = nil
        if let st = try? Sys.linkInfo(lockPath), UInt64(st.st_dev) == id.dev, UInt64(st.st_ino) == id.ino {
            _ = unlink(lockPath)
        }
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

    static func sleep(_ seconds: Double) { Sys.sleep(seconds: seconds) }
}
