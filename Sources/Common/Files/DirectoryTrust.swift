import Glibc

/// Which directories ekspipe keeps secrets in and writes kubeconfigs to. Whoever may write a
/// directory may rename, replace or plant the files in it: cached credentials that eks-presign
/// then signs with, a `<key>.json` or `<key>.lock` symlink that turns ekspipe's write into one
/// elsewhere, a kubeconfig of their making. The rule is ssh's for `~/.ssh`: the directory belongs
/// to the user (or to root, who can change anything anyway) and no one else may write it.
///
/// Kubeconfig directories may also be *shared* (sticky and writable by others, like /tmp): there
/// the kernel lets no one rename or remove another user's files, so a file ekspipe creates stays
/// its own. In a shared directory ekspipe reads and replaces only files the user owns
/// (`checkOwnFile`) and follows only the links the kernel's `protected_symlinks` rule would
/// follow (`AtomicFile.linkChain`). The credential cache gets no such exception: it is ekspipe's
/// own directory, created 0700.
public enum DirectoryTrust {
    /// Throws `UntrustedPath` unless `dir` (which must exist) is safe to keep `what` in.
    /// `allowShared`: accept a sticky directory writable by others (owned by the user or root).
    public static func check(_ dir: String, holding what: String, allowShared: Bool) throws {
        guard let st = try Sys.fileInfo(dir) else { return }
        let me = geteuid()
        if st.st_uid != me && st.st_uid != 0 {
            throw UntrustedPath("refusing \(dir) for \(what): the directory belongs to \(FileKind.user(st.st_uid)), not to you "
                + "(\(FileKind.user(me))), so that user could swap what ekspipe reads or writes there; "
                + "use a directory of your own (or have it chowned to you)")
        }
        let writable = st.st_mode & (S_IWGRP | S_IWOTH)
        if writable != 0 && !(allowShared && isShared(st)) {
            let who = writable == (S_IWGRP | S_IWOTH) ? "group and others" : writable == S_IWGRP ? "its group" : "others"
            throw UntrustedPath("refusing \(dir) for \(what): the directory is writable by \(who) "
                + "(mode \(octal(st.st_mode & 0o7777))), so they could swap what ekspipe reads or writes there; "
                + "fix: chmod go-w '\(dir)'")
        }
    }

    /// Checks `dir` or, when it does not exist yet, the nearest ancestor that does; then creates
    /// the missing directories (0700) and checks `dir` again, in case someone else made it first.
    public static func ensure(_ dir: String, holding what: String, allowShared: Bool, mode: mode_t = 0o700) throws {
        var existing = dir
        while try Sys.fileInfo(existing) == nil && existing != "/" && existing != "." { existing = Path.dirname(existing) }
        try check(existing, holding: what, allowShared: allowShared)
        if existing != dir {
            try Sys.mkdirs(dir, mode: mode)
            try check(dir, holding: what, allowShared: allowShared)
        }
    }

    /// In a shared directory, a file another user owns is theirs to change at any moment:
    /// ekspipe neither reads it as its own nor replaces it.
    public static func checkOwnFile(_ file: String, named path: String) throws {
        guard let dirInfo = try Sys.fileInfo(Path.dirname(file)), isShared(dirInfo),
              let st = try Sys.linkInfo(file), st.st_uid != geteuid() else { return }
        throw UntrustedPath("refusing \(path): \(file) belongs to \(FileKind.user(st.st_uid)) and lies in the shared directory "
            + "\(Path.dirname(file)), so that user controls it; name a file of your own")
    }

    /// Sticky and writable by group or others: a directory like /tmp.
    public static func isShared(_ st: FileInfo) -> Bool {
        st.st_mode & S_ISVTX != 0 && st.st_mode & (S_IWGRP | S_IWOTH) != 0
    }

    /// The kernel's `protected_symlinks` rule, applied whatever the sysctl says: in a shared
    /// directory a link is followed only when it belongs to the follower or to the directory's
    /// owner. Anyone can plant a link there, dangling or not, to turn a write into one elsewhere.
    public static func mayFollow(link: FileInfo, inDirectory dir: FileInfo) -> Bool {
        !isShared(dir) || link.st_uid == geteuid() || link.st_uid == dir.st_uid
    }

    static func octal(_ mode: mode_t) -> String {
        var s = String(mode, radix: 8)
        while s.count < 4 { s = "0" + s }
        return s
    }
}
