import Glibc

// Free functions: inside `Sys`, `Glibc.stat(...)` resolves to the struct's initializer.
private func cStat(_ path: String, _ st: inout FileInfo) -> Int32 { stat(path, &st) }
private func cLstat(_ path: String, _ st: inout FileInfo) -> Int32 { lstat(path, &st) }

/// Thin wrappers over the system calls ekspipe uses: EINTR is retried, failures become
/// `SystemError` naming the operation and path. Nothing here allocates more than it returns.
public enum Sys {
    public static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o600) throws -> Int32 {
        let fd = retrying { Glibc.open(path, flags | O_CLOEXEC, mode) }
        if fd < 0 { throw SystemError.current("open", path) }
        return fd
    }

    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Writes every byte or throws (a short write to a full disk or /dev/full is an error).
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String? = nil) throws {
        var offset = 0
        while offset < bytes.count {
            let n = retrying { Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
            if n < 0 { throw SystemError.current("write", path) }
            if n == 0 { throw SystemError(errno: EIO, operation: "write", path: path) }
            offset += n
        }
    }

    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String? = nil) throws {
        try bytes.withUnsafeBytes { try writeAll(fd, $0, path: path) }
    }

    public static func writeAll(_ fd: Int32, _ string: String, path: String? = nil) throws {
        var s = string
        try s.withUTF8 { try writeAll(fd, UnsafeRawBufferPointer($0), path: path) }
    }

    /// Reads a descriptor to its end.
    public static func readAll(_ fd: Int32, path: String? = nil, limit: Int = 64 << 20) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { buf in retrying { Glibc.read(fd, buf.baseAddress!, buf.count) } }
            if n < 0 { throw SystemError.current("read", path) }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit { throw InputTooLargeError(source: path ?? "input", limit: limit) }
        }
        return out
    }

    /// The whole file's bytes; throws SystemError (ENOENT when missing).
    public static func readFile(_ path: String) throws -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        return try readAll(fd, path: path)
    }

    /// The file's bytes, or nil when it does not exist.
    public static func readFileIfExists(_ path: String) throws -> [UInt8]? {
        do { return try readFile(path) } catch let e as SystemError where e.errno == ENOENT || e.errno == ENOTDIR {
            return nil
        }
    }

    /// Opens an existing file for reading when it is a regular file; nil when it does not exist.
    /// Anything else is refused before it is opened (opening a device can act on it) and again
    /// after (fstat of the descriptor: it may have been swapped in between); O_NONBLOCK keeps a
    /// FIFO from blocking the open. With `followLinks` false a symlink is refused (ELOOP).
    public static func openRegular(_ path: String, followLinks: Bool = true) throws -> (fd: Int32, info: FileInfo)? {
        guard let before = try followLinks ? fileInfo(path) : linkInfo(path) else { return nil }
        guard isRegular(before) else { throw NotARegularFile(path: path, target: path, info: before) }
        let fd: Int32
        do {
            fd = try open(path, O_RDONLY | O_NONBLOCK | (followLinks ? 0 : O_NOFOLLOW))
        } catch let e as SystemError where e.errno == ENOENT {
            return nil
        }
        var st = FileInfo()
        guard fstat(fd, &st) == 0 else { let e = SystemError.current("stat", path); close(fd); throw e }
        guard isRegular(st) else { close(fd); throw NotARegularFile(path: path, target: path, info: st) }
        return (fd, st)
    }

    public static func fsync(_ fd: Int32, path: String? = nil) throws {
        if retrying({ Glibc.fsync(fd) }) != 0 { throw SystemError.current("fsync", path) }
    }

    public static func rename(_ from: String, _ to: String) throws {
        if Glibc.rename(from, to) != 0 { throw SystemError.current("rename", to) }
    }

    public static func unlink(_ path: String) throws {
        if Glibc.unlink(path) != 0 { throw SystemError.current("remove", path) }
    }

    /// `stat(2)`, which follows links; nil when the path does not exist.
    public static func fileInfo(_ path: String) throws -> FileInfo? {
        var st = FileInfo()
        if cStat(path, &st) != 0 {
            if Glibc.errno == ENOENT || Glibc.errno == ENOTDIR { return nil }
            throw SystemError.current("stat", path)
        }
        return st
    }

    /// `lstat(2)`, which does not follow links; nil when the path does not exist.
    public static func linkInfo(_ path: String) throws -> FileInfo? {
        var st = FileInfo()
        if cLstat(path, &st) != 0 {
            if Glibc.errno == ENOENT || Glibc.errno == ENOTDIR { return nil }
            throw SystemError.current("lstat", path)
        }
        return st
    }

    public static func isDirectory(_ st: FileInfo) -> Bool { (st.st_mode & S_IFMT) == S_IFDIR }
    public static func isSymlink(_ st: FileInfo) -> Bool { (st.st_mode & S_IFMT) == S_IFLNK }
    public static func isRegular(_ st: FileInfo) -> Bool { (st.st_mode & S_IFMT) == S_IFREG }

    public static func readlink(_ path: String) throws -> String {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = Glibc.readlink(path, &buf, buf.count - 1)
        if n < 0 { throw SystemError.current("readlink", path) }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Creates `path` and its missing parents with `mode` (0700 by default: ekspipe's own
    /// directories hold credentials and kubeconfigs).
    public static func mkdirs(_ path: String, mode: mode_t = 0o700) throws {
        if path.isEmpty || path == "/" { return }
        if let st = try fileInfo(path) {
            if isDirectory(st) { return }
            throw SystemError(errno: ENOTDIR, operation: "mkdir", path: path)
        }
        try mkdirs(Path.dirname(path), mode: mode)
        if Glibc.mkdir(path, mode) != 0 && Glibc.errno != EEXIST {
            throw SystemError.current("mkdir", path)
        }
    }

    public static func isatty(_ fd: Int32) -> Bool { Glibc.isatty(fd) == 1 }

    public static func getpid() -> Int32 { Glibc.getpid() }

    /// The absolute path of the running executable (for exec entries in kubeconfig and for
    /// finding sibling tools).
    public static func executablePath() -> String? {
        try? readlink("/proc/self/exe")
    }

    public static func cwd() -> String {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buf, buf.count) != nil else { return "." }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
