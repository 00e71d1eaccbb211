import Glibc

/// Who holds a kubeconfig lock, as ekspipe records it in `<file>.lock`: one line
/// `pid=1234 host=build-7 pidns=pid:[4026531836]`. kubectl leaves its lock empty, and an empty or
/// unreadable lock says nothing about its owner.
///
/// Why the host and the pid namespace: a kubeconfig on a shared home (NFS) or a volume mounted
/// into containers can be locked by a process that kill(2) here cannot see. An owner is
/// *provably gone* only when the lock was taken on this host, in this pid namespace, and kill(pid, 0)
/// fails with ESRCH; anything less leaves the lock alone.
struct LockOwner: Equatable {
    let pid: Int32
    let host: String
    let pidNamespace: String?

    /// This process.
    static var current: LockOwner {
        LockOwner(pid: Sys.getpid(), host: hostname(), pidNamespace: ownPidNamespace())
    }

    /// The lock file's line.
    var line: String {
        "pid=\(pid) host=\(host)" + (pidNamespace.map { " pidns=\($0)" } ?? "") + "\n"
    }

    init(pid: Int32, host: String, pidNamespace: String?) {
        self.pid = pid
        self.host = host
        self.pidNamespace = pidNamespace
    }

    /// The owner a lock file names; nil for kubectl's empty lock or anything else.
    init?(parsing bytes: [UInt8]) {
        var fields: [String: String] = [:]
        for word in String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            guard let eq = word.firstIndex(of: "=") else { return nil }
            fields[String(word[..<eq])] = String(word[word.index(after: eq)...])
        }
        guard let p = fields["pid"].flatMap({ Int32($0) }), p > 0, let h = fields["host"], !h.isEmpty else { return nil }
        self.init(pid: p, host: h, pidNamespace: fields["pidns"])
    }

    /// The owner named by the lock file at `path`, read without following a link or blocking.
    static func read(_ path: String) -> LockOwner? {
        guard let file = try? Sys.openRegular(path, followLinks: false) else { return nil }
        defer { Sys.close(file.fd) }
        return (try? Sys.readAll(file.fd, path: path, limit: 4096)).flatMap { LockOwner(parsing: $0) }
    }

    /// Taken on this host, in this pid namespace: kill(2) can tell whether it still runs.
    var isLocal: Bool { host == Self.hostname() && pidNamespace == Self.ownPidNamespace() }

    /// Certainly no longer running (see the type's comment).
    var isProvablyGone: Bool {
        guard isLocal else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// How the lock's holder looks from here, for the timeout message.
    var whereabouts: String {
        guard isLocal else { return "pid \(pid) on host \(host)" }
        return isProvablyGone ? "pid \(pid) on this host, no longer running" : "pid \(pid) on this host, still running"
    }

    static func hostname() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count - 1) == 0 else { return "unknown" }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func ownPidNamespace() -> String? {
        try? Sys.readlink("/proc/self/ns/pid")
    }
}
