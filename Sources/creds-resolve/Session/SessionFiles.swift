import Common
import Glibc

/// The files a session writes (scripts/SESSIONS.md): the AWS config whose profile runs
/// creds-resolve for the identity, and the session kubeconfig that holds only the current
/// context. Both 0600 in 0700 directories, by atomic rename, rewritten only when they change.
enum SessionFiles {
    /// The identity's name made safe for a file and an AWS profile name; a name that needed
    /// changes gets its POSIX `cksum` appended, so "a/b" and "a_b" never share a profile.
    static func safeName(_ name: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-".utf8)
        let safe = String(decoding: name.utf8.map { allowed.contains($0) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
        return safe == name ? safe : "\(safe)-\(Checksum.cksum(Array(name.utf8)))"
    }

    /// DIR and its missing parents created, DIR itself 0700.
    static func privateDirectory(_ dir: String) throws {
        try Sys.mkdirs(dir)
        if chmod(dir, 0o700) != 0 { throw SystemError.current("chmod", dir) }
    }

    /// `$XDG_CONFIG_HOME/ekspipe/aws/config-NAME` with `[profile ekspipe-NAME]` whose
    /// credential_process is this creds-resolve for the identity, so AWS SDKs in the session
    /// get the identity's credentials and refresh them themselves. Returns (file, profile).
    static func writeAWSConfig(identity: String, config: String, region: String?) throws -> (String, String) {
        let safe = safeName(identity)
        let base = Path.join(Env.configHome, "ekspipe")
        let dir = Path.join(base, "aws")
        let file = Path.join(dir, "config-\(safe)"), profile = "ekspipe-\(safe)"
        guard let me = Sys.executablePath() else { throw SessionError(.noExecutablePath) }
        let q = EnvFormat.quote
        let command = "\(q(me)) --identity \(q(identity)) --config \(q(config)) --format credential-process --non-interactive"
        var text = "# Written by ekspipe for identity \(identity) (auth exec/shell/env). AWS SDKs run\n"
        text += "# creds-resolve for credentials and again whenever they near expiry.\n"
        text += "[profile \(profile)]\ncredential_process = \(command)\n"
        if let region, !region.isEmpty { text += "region = \(region)\n" }
        try privateDirectory(dir)
        if chmod(base, 0o700) != 0 { throw SystemError.current("chmod", base) }
        try AtomicFile.write(Array(text.utf8), to: file, mode: 0o600, forceMode: true)
        return (file, profile)
    }

    /// Where session kubeconfigs live: `$XDG_RUNTIME_DIR/ekspipe` (the user's private per-login
    /// directory), else `$XDG_CACHE_HOME/ekspipe/sessions`.
    static var sessionDirectory: String {
        if let r = Env.nonEmpty("XDG_RUNTIME_DIR"), r.hasPrefix("/") { return Path.join(r, "ekspipe") }
        return Path.join(Env.cacheHome, "ekspipe", "sessions")
    }

    /// This host's name as `uname -n` gives it, made safe for a file name.
    static var host: String {
        var u = utsname()
        guard uname(&u) == 0 else { return "localhost" }
        let name = withUnsafeBytes(of: &u.nodename) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-".utf8)
        let safe = String(decoding: name.utf8.map { allowed.contains($0) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
        return safe.isEmpty ? "localhost" : safe
    }

    /// The session kubeconfig holding only `current-context: CONTEXT`, to go first in the
    /// session's KUBECONFIG: kubectl takes the first current-context of its list, so the session
    /// starts in the identity's cluster, and `kubectl config use-context` writes here, never to
    /// the user's files. exec/shell: `kubeconfig-HOST-PID`, PID being the process that becomes
    /// the command or shell; sessions of this host whose process is gone are removed first.
    /// env: `env-NAME`, one per identity, since the shell that evaluates it outlives ekspipe.
    /// Not fsynced: it lives as long as the session (and a new one is written per exec).
    static func writeSessionKubeconfig(context: String, identity: String, kind: SessionCommand.Kind, pid: Int32) throws -> String {
        let dir = sessionDirectory
        try privateDirectory(dir)
        let host = self.host
        removeGoneSessions(in: dir, host: host)
        let file = Path.join(dir, kind == .env ? "env-\(safeName(identity))" : "kubeconfig-\(host)-\(pid)")
        let text = "# Written by ekspipe: the current context of an auth exec/shell/env session.\n"
            + "apiVersion: v1\nkind: Config\ncurrent-context: \(JSON.string(context).render(pretty: false))\n"
        try AtomicFile.write(Array(text.utf8), to: file, mode: 0o600, forceMode: true, durable: false)
        return file
    }

    /// `kubeconfig-HOST-PID` files whose process is gone (kill 0: ESRCH; a pid now another
    /// user's answers EPERM and is kept).
    static func removeGoneSessions(in dir: String, host: String) {
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        let prefix = "kubeconfig-\(host)-"
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: &e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix(prefix) else { continue }
            let digits = name.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let pid = Int32(digits) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(Path.join(dir, name)) }
        }
    }

    /// The session's KUBECONFIG: the session file (when there is one), the user's KUBECONFIG
    /// (or ~/.kube/config), then `files`, empty entries dropped, de-duplicated, order kept.
    static func kubeconfigList(session: String?, caller: [String: String], files: [String]) -> String {
        var user = caller["KUBECONFIG"] ?? ""
        if user.isEmpty { user = (caller["HOME"] ?? "") + "/.kube/config" }
        var seen = Set<String>(), out: [String] = []
        let all = (session.map { [$0] } ?? []) + user.split(separator: ":", omittingEmptySubsequences: true).map(String.init) + files
        for p in all where !p.isEmpty && seen.insert(p).inserted { out.append(p) }
        return out.joined(separator: ":")
    }
}
