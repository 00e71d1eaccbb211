import Common
import Glibc

/// Which of an identity's integrations already have kubeconfig entries, read with the real
/// kubeconfig parser and matched as kubeconfig-merge `--remove` matches them (KubeconfigOwner).
/// Nothing is locked or written. A file that cannot be read counts as holding no entries: the
/// flow then provisions, and kubeconfig-merge reports what is wrong with the file.
enum SessionContexts {
    /// The file an integration's entries go to: its kubeconfig.path, else ekspipe's default.
    static func path(_ i: AuthConfig.Integration) -> String {
        i.kubeconfigPath.map { Path.absolute($0) } ?? KubeconfigOwner.defaultPath
    }

    /// Integration name → the first context written for it in its file (file order).
    static func lookup(_ integrations: [AuthConfig.Integration], identity: String, config: String) -> [String: String] {
        var parsed: [String: Kubeconfig?] = [:]
        var out: [String: String] = [:]
        for i in integrations {
            let p = path(i)
            if parsed[p] == nil { parsed.updateValue(read(p), forKey: p) }
            guard let cfg = parsed[p] ?? nil else { continue }
            let owner = KubeconfigOwner(identity: identity, config: config, profile: nil, integrations: [i.name])
            if let first = owner.contexts(in: cfg).first { out[i.name] = first.name }
        }
        return out
    }

    private static func read(_ path: String) -> Kubeconfig? {
        guard let opened = try? Sys.openRegular(path) else { return nil }
        defer { Sys.close(opened.fd) }
        guard let bytes = try? Sys.readAll(opened.fd, path: path, limit: 32 << 20) else { return nil }
        return try? Kubeconfig(parsing: bytes, source: path)
    }
}
