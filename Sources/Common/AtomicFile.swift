import Glibc

/// Writes a file so that readers see either the old content or the new, never a half: a
/// temp file in the same directory, fsync, rename over the target, fsync the directory.
/// New files get `mode` (0600: ekspipe's files hold credentials or cluster access); an existing
/// file keeps its mode unless `forceMode` is set. A symlink is followed, so the link stays a
/// link and its target is replaced.
public enum AtomicFile {
    /// Resolves symlinks (relative ones against their directory) to the file actually written.
    public static func resolveLinks(_ path: String) throws -> String {
        var p = path
        for _ in 0..<40 {
            guard let st = try Sys.linkInfo(p), Sys.isSymlink(st) else { return p }
            let target = try Sys.readlink(p)
            p = target.hasPrefix("/") ? target : Path.join(Path.dirname(p), target)
        }
        throw SystemError(errno: ELOOP, operation: "resolve", path: path)
    }

    /// Returns false (and writes nothing) when the file already holds exactly `bytes`.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600, forceMode: Bool = false,
                             directoryMode: mode_t = 0o700) throws -> Bool {
        let target = try resolveLinks(path)
        let dir = Path.dirname(target)
        try Sys.mkdirs(dir, mode: directoryMode)
        var fileMode = mode
        if let st = try Sys.fileInfo(target) {
            if Sys.isDirectory(st) { throw SystemError(errno: EISDIR, operation: "write", path: path) }
            if !forceMode { fileMode = st.st_mode & 0o7777 }
            if let old = try? Sys.readFile(target), old == bytes {
                if forceMode && (st.st_mode & 0o7777) != mode { _ = chmod(target, mode) }
                return false
            }
        }
        let tmp = Path.join(dir, ".\(Path.basename(target)).tmp-\(Sys.getpid())-\(Encoding.hex(Hashing.randomBytes(4)))")
        let fd = try Sys.open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        do {
            try Sys.writeAll(fd, bytes, path: tmp)
            if fchmod(fd, fileMode) != 0 { throw SystemError.current("chmod", tmp) }
            try Sys.fsync(fd, path: tmp)
            Sys.close(fd)
            try Sys.rename(tmp, target)
        } catch {
            Sys.close(fd)
            _ = unlink(tmp)
            throw error
        }
        syncDirectory(dir)
        return true
    }

    /// fsync on the directory makes the rename itself durable; failure here is not fatal.
    public static func syncDirectory(_ dir: String) {
        let fd = Glibc.open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            _ = Glibc.close(fd)
        }
    }
}
