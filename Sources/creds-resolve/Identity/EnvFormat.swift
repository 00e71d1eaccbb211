import Common
import Network

/// `--format env`: lines a POSIX shell can `eval`, with every value single-quoted. Variables
/// the credentials do not set are unset, so a stale session token never lingers in the shell.
enum EnvFormat {
    static func quote(_ value: String) -> String {
        "'" + value.replacingAll("'", with: "'\\''") + "'"
    }

    static func lines(_ r: ResolvedCredentials, mask: Bool) -> [String] {
        let c = r.credentials
        func secret(_ v: String) -> String { mask ? Secrets.mask(v) : v }
        var out = ["export AWS_ACCESS_KEY_ID=\(quote(c.accessKeyId))",
                   "export AWS_SECRET_ACCESS_KEY=\(quote(secret(c.secretAccessKey)))"]
        var unset: [String] = []
        if let t = c.sessionToken { out.append("export AWS_SESSION_TOKEN=\(quote(secret(t)))") } else { unset.append("AWS_SESSION_TOKEN") }
        if let e = c.expiration {
            out.append("export AWS_CREDENTIAL_EXPIRATION=\(quote(e.iso8601))")
        } else {
            unset.append("AWS_CREDENTIAL_EXPIRATION")
        }
        if let region = r.region { out.append("export AWS_REGION=\(quote(region))") }
        if !unset.isEmpty { out.append("unset \(unset.joined(separator: " "))") }
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var s = ""
        for ch in self { if ch == target { s += replacement } else { s.append(ch) } }
        return s
    }
}
