import Glibc

/// Writes a file so that readers see either the old content or the new, never a half: a
/// temp file in the same directory, fsync, rename over the target, fsync the directory.
/// New files get `mode` (0600: ekspipe's files hold credentials or cluster access); an existing
/// file keeps its mode unless `forceMode` is set. A symlink is followed (unless `followLinks`
/// is false), so the link stays a link and its target is replaced.
///
/// Only a regular file is ever replaced: a device node, FIFO, socket or directory at the path,
/// or at the end of its links, is refused (`NotARegularFile`) before anything is written. The
/// temp file is created with O_EXCL | O_NOFOLLOW under a random name, so nothing planted in the
/// directory can redirect it.
public enum AtomicFile {
    /// The path and every link it leads through, ending with the file actually written (relative
    /// links resolved against their directory). In a shared sticky directory (like /tmp) a link
    /// that belongs to someone else is not followed, dangling or not (`DirectoryTrust.mayFollow`).
    public static func linkChain(_ path: String) throws -> [String] {
        var chain = [path]
        var p = path
        for _ in 0..<40 {
            guard let st = try Sys.linkInfo(p), Sys.isSymlink(st) else { return chain }
            let dir = Path.dirname(p)
            if let dirInfo = try Sys.fileInfo(dir), !DirectoryTrust.mayFollow(link: st, inDirectory: dirInfo) {
                throw UntrustedPath("refusing \(path): \(p) is a symbolic link belonging to \(FileKind.user(st.st_uid)) "
                    + "in the shared directory \(dir); ekspipe does not follow it (whoever planted it chose where it leads): "
                    + "remove it or name another path")
            }
            let target = try Sys.readlink(p)
            p = target.hasPrefix("/") ? target : Path.join(dir, target)
            chain.append(p)
        }
        throw SystemError(errno: ELOOP, operation: "resolve", path: path)
    }

    /// The file a path's links lead to (see `linkChain`).
    public static func resolveLinks(_ path: String) throws -> String {
        try linkChain(path).last ?? path
    }

    /// Throws `NotARegularFile` when something other than a regular file (or nothing) is at
    /// `target`, the end of `path`'s links.
    public static func checkReplaceable(_ target: String, named path: String) throws {
        if let st = try Sys.linkInfo(target), !Sys.isRegular(st) {
            throw NotARegularFile(path: path, target: target, info: st)
        }
    }

    /// Returns false (and writes nothing) when the file already holds exactly `bytes`.
    /// `durable` false skips the two fsyncs (still atomic): for files that live as long as one
    /// process, like a session's kubeconfig, whose loss in a crash loses nothing.
    /// `current`: the file's bytes as the caller read them under a lock that still holds, for
    /// a caller that resolved the links itself; compared instead of reading a large file twice.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600, forceMode: Bool = false,
                             directoryMode: mode_t = 0o700, followLinks: Bool = true, durable: Bool = true,
                             current: [UInt8]? = nil) throws -> Bool {
        let target = followLinks ? try resolveLinks(path) : path
        try checkReplaceable(target, named: path)
        let dir = Path.dirname(target)
        try Sys.mkdirs(dir, mode: directoryMode)
        var fileMode = mode
        if let old = try Sys.openRegular(target, followLinks: false) {
            defer { Sys.close(old.fd) }
            let oldMode = old.info.st_mode & 0o7777
            if !forceMode { fileMode = oldMode }
            if let content = current ?? (try? Sys.readAll(old.fd, path: target)), content == bytes {
                if forceMode && oldMode != mode { _ = fchmod(old.fd, mode) }
                return false
            }
        }
        let tmp = Path.join(dir, ".\(Path.basename(target)).tmp-\(Sys.getpid())-\(Encoding.hex(Hashing.randomBytes(4)))")
        let fd = try Sys.open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        do {
            defer { Sys.close(fd) }
            try Sys.writeAll(fd, bytes, path: tmp)
            if fchmod(fd, fileMode) != 0 { throw SystemError.current("chmod", tmp) }
            if durable { try Sys.fsync(fd, path: tmp) }
        } catch {
            _ = unlink(tmp)
            throw error
        }
        do { try Sys.rename(tmp, target) } catch {
            _ = unlink(tmp)
            throw error
        }
        if durable { syncDirectory(dir) }
        return true
    }

    /// fsync on the directory makes the rename itself durable; failure here is not fatal.
    public static func syncDirectory(_ dir: String) {
        let fd = Sys.retrying { Glibc.open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if fd >= 0 {
            _ = Sys.retrying { fsync(fd) }
            _ = Glibc.close(fd)
        }
    }
}
