import Common

/// Forgetting an identity: its cached credentials (every selection made with `--identity NAME`
/// in this config, with or without a role on top) are removed; other identities, even those
/// built `via` it, keep theirs until they expire.
public enum IdentityLogout {
    /// The removed cache keys.
    public static func removeCached(identity: String, config: String, cache: CredentialCache = CredentialCache()) throws -> [String] {
        let keys = cached(identity: identity, config: config, cache: cache)
        for k in keys { try cache.remove(k) }
        return keys
    }

    /// The cache keys a logout removes (`--logout --dry-run` names them and removes nothing).
    public static func cached(identity: String, config: String, cache: CredentialCache = CredentialCache()) -> [String] {
        let inConfig = Set(cache.keys(matching: "config=\(config)"))
        return cache.keys(matching: "identity=\(identity)").filter { inConfig.contains($0) }
    }
}
