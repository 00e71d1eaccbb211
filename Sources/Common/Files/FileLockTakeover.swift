import Glibc

/// Taking over a kubeconfig lock whose owner is provably gone (`LockOwner.isProvablyGone`),
/// so that a SIGKILLed ekspipe does not make every later write, ekspipe's and kubectl's, fail.
///
/// Why it is safe with many waiters at once:
/// - Waiters that find the same stale lock file serialize on flock(2) of *that file*. The one
///   holding the flock first establishes that the owner is dead, and only then checks that the
///   lock path still names that very file (same device and inode; the inode cannot be reused
///   while the waiter holds it open). In that order, a lock its owner released before exiting
///   (and someone else then took) is never mistaken for a stale one: a dead owner can no longer
///   remove its file, so if the path still names it, it is stale.
/// - The stale file is replaced in one rename(2) by a uniquely named file holding this process's
///   owner line: the lock path never stops existing, so neither kubectl nor another ekspipe can
///   create the lock in between. Afterwards the lock path must name the new file, else the lock
///   is not considered ours.
extension FileLock {
    /// True when this process now holds the lock, having replaced a stale one.
    func takeOverIfStale() throws -> Bool {
        // Not there any more (the next create() may succeed), unreadable (kubectl's mode-0
        // lock), a symlink: none of these can be proven stale.
        let fd = Sys.retrying { Glibc.open(lockPath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { return false }
        defer { Sys.close(fd) }
        // Another waiter is examining this very file; it will take it over or find it alive.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        var stale = FileInfo()
        guard fstat(fd, &stale) == 0, Sys.isRegular(stale),
              let bytes = try? Sys.readAll(fd, path: lockPath, limit: 4096),
              let owner = LockOwner(parsing: bytes), owner.isProvablyGone,
              // Only now, with the owner known to be dead: had it released the lock (and someone
              // else taken it) before dying, the path would name another file by now.
              let now = try? Sys.linkInfo(lockPath), now.st_dev == stale.st_dev, now.st_ino == stale.st_ino
        else { return false }

        let dir = Path.dirname(lockPath)
        let claim = Path.join(dir, ".\(Path.basename(lockPath)).takeover-\(Sys.getpid())-\(Encoding.hex(Hashing.randomBytes(4)))")
        let cfd = Sys.retrying { Glibc.open(claim, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard cfd >= 0 else { throw SystemError.current("lock", filePath) }
        defer { Sys.close(cfd) }
        var mine = FileInfo()
        guard (try? Sys.writeAll(cfd, LockOwner.current.line)) != nil, fstat(cfd, &mine) == 0 else {
            _ = unlink(claim)
            return false
        }
        // An interrupt between the rename and the registration waits for the registration.
        let taken: Bool = FileLockCleanup.holdingInterrupts {
            // EPERM when the stale lock belongs to another user in a sticky directory.
            guard Glibc.rename(claim, lockPath) == 0 else {
                _ = unlink(claim)
                return false
            }
            guard let after = try? Sys.linkInfo(lockPath), after.st_dev == mine.st_dev, after.st_ino == mine.st_ino else {
                return false
            }
            held = (UInt64(mine.st_dev), UInt64(mine.st_ino))
            FileLockCleanup.register(lockPath)
            return true
        }
        guard taken else { return false }
        Notices.post(.info("took over \(lockPath): it was left by pid \(owner.pid) on this host, which is no longer running"))
        return true
    }
}
