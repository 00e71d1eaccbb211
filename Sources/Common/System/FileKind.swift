import Glibc

/// What stat(2) says of a file.
public typealias FileInfo = Glibc.stat

/// Something other than a regular file where a file is to be replaced. Renaming a regular file
/// over a device node or FIFO destroys it (as root, `--kubeconfig /dev/null` would replace the
/// system's /dev/null), and reading one can block forever or never end.
public struct NotARegularFile: ToolError {
    /// The path as named (a symlink stays as named).
    public let path: String
    /// The file the links lead to (`path` when it is not a link).
    public let target: String
    /// "a character device", "a FIFO (named pipe)", …
    public let kind: String
    public var exitCode: ExitCode { .usage }
    public var message: String {
        let what = path == target ? path : "\(path) (a link to \(target))"
        return "\(what) is \(kind), not a regular file; refusing to replace it (nothing was changed)"
    }

    public init(path: String, target: String, kind: String) {
        self.path = path
        self.target = target
        self.kind = kind
    }

    public init(path: String, target: String, info: FileInfo) {
        self.init(path: path, target: target, kind: FileKind.describe(info))
    }
}

/// Words for the file types stat(2) reports, for messages.
public enum FileKind {
    public static func describe(_ st: FileInfo) -> String {
        switch st.st_mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFDIR: return "a directory"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "a special file"
        }
    }

    /// "uid 65534 (nobody)", or "uid 4242" when the user has no passwd entry.
    public static func user(_ uid: uid_t) -> String {
        if let pw = getpwuid(uid), let name = pw.pointee.pw_name { return "uid \(uid) (\(String(cString: name)))" }
        return "uid \(uid)"
    }
}
