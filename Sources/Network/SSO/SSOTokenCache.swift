import Common

/// The AWS CLI v2's SSO token cache, `~/.aws/sso/cache/<sha1>.json`, read and updated in the
/// CLI's own format: the file name is the SHA-1 hex of the sso-session name (or of the start URL
/// for legacy profiles); fields `startUrl`, `region`, `accessToken`, `expiresAt`, and with a
/// refreshable session `clientId`, `clientSecret`, `registrationExpiresAt`, `refreshToken`.
/// Updates keep every field the CLI wrote, so `aws sso login` and `aws` keep working.
public struct SSOToken: Sendable {
    public let path: String
    /// The document as read (all fields, in order).
    public var document: JSONObject

    public var accessToken: String? { document["accessToken"]?.string }
    public var expiresAt: Timestamp? { document["expiresAt"]?.string.flatMap(SSOTokenCache.parseTime) }
    public var refreshToken: String? { document["refreshToken"]?.string.flatMap { $0.isEmpty ? nil : $0 } }
    public var clientId: String? { document["clientId"]?.string }
    public var clientSecret: String? { document["clientSecret"]?.string }
    public var registrationExpiresAt: Timestamp? { document["registrationExpiresAt"]?.string.flatMap(SSOTokenCache.parseTime) }

    /// Whether CreateToken can refresh it: a refresh token and a client registration that has
    /// not expired.
    public func canRefresh(at now: Timestamp) -> Bool {
        guard refreshToken != nil, clientId != nil, clientSecret != nil else { return false }
        if let r = registrationExpiresAt, r <= now { return false }
        return true
    }
}

public enum SSOTokenCache {
    /// `~/.aws/sso/cache` (the AWS CLI does not honour XDG here, so neither do we).
    public static var directory: String { Path.join(Env.home ?? "/", ".aws", "sso", "cache") }

    /// The cache file for an sso-session name or a legacy start URL.
    public static func path(forKey key: String, directory: String = directory) -> String {
        Path.join(directory, Encoding.hex(Hashing.sha1(key)) + ".json")
    }

    /// The AWS CLI has written `...Z` and older versions `...UTC`.
    static func parseTime(_ s: String) -> Timestamp? {
        if s.hasSuffix("UTC") { return Timestamp.parse(String(s.dropLast(3)) + "Z") }
        return Timestamp.parse(s)
    }

    /// The token file, nil when there is none; a corrupt file is an error naming it.
    public static func read(key: String, directory: String = directory) throws -> SSOToken? {
        let p = path(forKey: key, directory: directory)
        guard let bytes = try Sys.readFileIfExists(p) else { return nil }
        let doc = try JSON.parse(bytes, source: p)
        guard let o = doc.object else { throw SSOError(.notTokenDocument(path: p)) }
        return SSOToken(path: p, document: o)
    }

    /// Writes the token back atomically, 0600 whatever the old mode was: it holds bearer and
    /// refresh tokens.
    public static func write(_ token: SSOToken) throws {
        try AtomicFile.write(Array(JSON.object(token.document).render(pretty: false).utf8), to: token.path,
                             mode: 0o600, forceMode: true, directoryMode: 0o700)
    }
}
