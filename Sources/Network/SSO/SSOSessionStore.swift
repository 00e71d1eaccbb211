import Common
import Glibc

/// Where ekspipe keeps its own IAM Identity Center sessions: one file per start URL in
/// `$XDG_CACHE_HOME/ekspipe/sso` (0700), each 0600 and in the AWS CLI v2's token format
/// (`startUrl`, `region`, `accessToken`, `expiresAt`, `clientId`, `clientSecret`,
/// `registrationExpiresAt`, `refreshToken`). A valid token the AWS CLI left in
/// `~/.aws/sso/cache` for the same start URL is reused read-only: ekspipe never writes,
/// refreshes or deletes the CLI's files, so `aws` keeps working whatever ekspipe does.
public enum SSOSessionStore {
    public static var directory: String { Path.join(Env.cacheHome, "ekspipe", "sso") }

    public static func path(startURL: String) -> String {
        Path.join(directory, Encoding.hex(Hashing.sha1(normalized(startURL))) + ".json")
    }

    /// `https://x.awsapps.com/start/` and `…/start` are the same portal.
    static func normalized(_ url: String) -> String {
        var u = url
        while u.hasSuffix("/") { u.removeLast() }
        return u
    }

    /// ekspipe's session for the start URL; a corrupt file is treated as absent (it is
    /// replaced by the next login).
    public static func read(startURL: String) -> SSOToken? {
        let p = path(startURL: startURL)
        guard let bytes = try? Sys.readFileIfExists(p), let doc = try? JSON.parse(bytes, source: p), let o = doc.object else { return nil }
        return SSOToken(path: p, document: o)
    }

    public static func write(_ token: SSOToken) throws {
        try SSOTokenCache.write(token)
    }

    /// Removes ekspipe's session file; true when there was one.
    @discardableResult
    public static func remove(startURL: String) throws -> Bool {
        let p = path(startURL: startURL)
        if Glibc.unlink(p) == 0 { return true }
        if errno == ENOENT { return false }
        throw SystemError.current("remove", p)
    }

    /// A token of the AWS CLI for the same start URL that is valid for at least `margin`
    /// more seconds, or nil.
    public static func cliToken(startURL: String, at now: Timestamp, margin: Int64) -> SSOToken? {
        let dir = SSOTokenCache.directory
        guard let d = opendir(dir) else { return nil }
        defer { closedir(d) }
        let want = normalized(startURL)
        var best: SSOToken? = nil
        while let ent = readdir(d) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasSuffix(".json") else { continue }
            let p = Path.join(dir, name)
            guard let bytes = try? Sys.readFile(p), let doc = try? JSON.parse(bytes, source: p), let o = doc.object else { continue }
            let t = SSOToken(path: p, document: o)
            guard let url = o["startUrl"]?.string, normalized(url) == want, t.accessToken?.isEmpty == false,
                  let exp = t.expiresAt, exp.seconds > now.seconds + margin else { continue }
            if best == nil || exp > best!.expiresAt! { best = t }
        }
        return best
    }
}
