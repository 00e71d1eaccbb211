import Glibc

/// The credential cache's per-selection lock: an exclusive flock(2) on `<key>.lock`, so parallel
/// runs for the same selection wait for one STS call instead of each making their own. The
/// kernel releases a flock when its holder dies, so it cannot go stale.
///
/// The lock file is removed when done, so none stays behind, without breaking mutual exclusion
/// (the classic flock-and-unlink): the holder unlinks the path *before* it lets go, and a waiter
/// that then gets the flock checks that its descriptor is still the file at the path (same
/// device and inode); if not, it locked a file no one else can find any more, and starts over.
/// The file is opened with O_NOFOLLOW (O_EXCL cannot be used: waiters must open the holder's
/// file). The wait is bounded (`lockTimeout`), with a message that says what to do.
extension CredentialCache {
    /// Another process held the selection's lock for the whole wait.
    public struct LockTimeout: ToolError {
        public let lockPath: String
        public let seconds: Double
        public var exitCode: ExitCode { .runtime }
        public var message: String {
            "another ekspipe process resolving the same credentials still holds \(lockPath) after "
                + "\(FileLock.Timeout.format(seconds))s (it may be waiting for an MFA code or a browser sign-in, or be this "
                + "run's own parent, reached again through a credential_process); let it finish or stop it, then retry "
                + "(EKSPIPE_CACHE_LOCK_TIMEOUT sets the wait in seconds)"
        }
    }

    /// `EKSPIPE_CACHE_LOCK_TIMEOUT` is not a number of seconds: bad input (exit 2).
    public struct LockTimeoutValue: ToolError, Equatable {
        public let value: String
        public var exitCode: ExitCode { .usage }
        public var message: String { "EKSPIPE_CACHE_LOCK_TIMEOUT: expected a number of seconds, found '\(value)'" }
    }

    /// Runs `body` holding the selection's lock, removing the lock file however `body` ends.
    public func withLock<T>(_ key: String, _ body: () throws -> T) throws -> T {
        try prepareDirectory()
        let lockPath = Path.join(directory, key + ".lock")
        let timeout = try lockTimeout ?? Self.lockTimeoutFromEnvironment()
        let deadline = FileLock.monotonic() + timeout
        var delay = 0.002
        while true {
            let fd = try Self.openLockFile(lockPath)
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                if Self.isStillThePath(fd, lockPath) {
                    FileLockCleanup.register(lockPath)
                    defer {
                        // Unlinked while still locked: see the type's comment.
                        _ = unlink(lockPath)
                        FileLockCleanup.unregister(lockPath)
                        Sys.close(fd)
                    }
                    return try body()
                }
                Sys.close(fd)
                continue
            }
            let err = errno
            Sys.close(fd)
            if err != EWOULDBLOCK && err != EINTR { throw SystemError(errno: err, operation: "lock", path: lockPath) }
            let now = FileLock.monotonic()
            if now >= deadline { throw LockTimeout(lockPath: lockPath, seconds: timeout) }
            FileLock.sleep(min(delay, deadline - now))
            delay = min(delay * 2, 0.05)
        }
    }

    /// `EKSPIPE_CACHE_LOCK_TIMEOUT` (seconds), else 60: long enough for a parallel run's MFA
    /// prompt, short enough that a run waiting on itself fails with a message instead of hanging.
    static func lockTimeoutFromEnvironment() throws -> Double {
        guard let text = Env.nonEmpty("EKSPIPE_CACHE_LOCK_TIMEOUT") else { return 60 }
        guard let s = Double(text), s >= 0, s.isFinite else {
            throw LockTimeoutValue(value: text)
        }
        return s
    }

    private static func openLockFile(_ path: String) throws -> Int32 {
        let fd = Sys.retrying { Glibc.open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600) }
        if fd >= 0 {
            var st = FileInfo()
            if fstat(fd, &st) == 0 && Sys.isRegular(st) && st.st_uid == geteuid() { return fd }
            Sys.close(fd)
            throw UntrustedPath("refusing the credential cache lock \(path): it is not a regular file of yours; remove it")
        }
        if errno == ELOOP {
            throw UntrustedPath("refusing the credential cache lock \(path): it is a symbolic link, which ekspipe never follows "
                + "in its cache; remove it")
        }
        throw SystemError.current("lock", path)
    }

    private static func isStillThePath(_ fd: Int32, _ path: String) -> Bool {
        var st = FileInfo()
        guard fstat(fd, &st) == 0, let now = try? Sys.linkInfo(path) else { return false }
        return now.st_dev == st.st_dev && now.st_ino == st.st_ino
    }
}
