/// The credential cache as a decorator around a provider: a fresh entry answers without asking
/// `inner`; otherwise `inner` answers and a temporary result (one with an Expiration; long-term
/// keys never reach the cache) is written back. Everything happens under the selection's lock,
/// so parallel runs (kubectl starting several eks-presign refreshes) make one STS call and the
/// others read its result. A write that fails is a notice on the result, not an error: the
/// credentials are still good to hand out.
public struct CachingProvider: CredentialProvider {
    public var inner: any CredentialProvider
    public var cache: CredentialCache
    public var selection: CredentialSelection
    public var now: Timestamp

    public init(_ inner: any CredentialProvider, cache: CredentialCache, selection: CredentialSelection, now: Timestamp) {
        self.inner = inner
        self.cache = cache
        self.selection = selection
        self.now = now
    }

    public func resolve() throws -> ResolvedCredentials? {
        let key = selection.cacheKey
        return try cache.withLock(key) {
            if let entry = cache.fresh(key, at: now) { return CacheEntryProvider.resolved(entry) }
            guard var r = try inner.resolve() else { return nil }
            if r.credentials.expiration != nil {
                do {
                    try cache.write(key, CredentialCache.Entry(credentials: r.credentials, source: r.source, region: r.region),
                                    selection: selection, now: now)
                } catch {
                    r.notices.append(.warning("could not cache the credentials: \(error)"))
                }
            }
            return r
        }
    }
}

/// The cache read alone, without lock or network: the entry for a selection while fresh.
/// eks-presign's third local source; `entry` also serves its fallback when a refresh fails
/// (the credentials for as long as they really last).
public struct CacheEntryProvider: CredentialProvider {
    /// The entry as read once at init, fresh or not.
    public let entry: CredentialCache.Entry?
    public let now: Timestamp

    public init(cache: CredentialCache = CredentialCache(), selection: CredentialSelection, now: Timestamp) {
        entry = cache.read(selection.cacheKey)
        self.now = now
    }

    public func resolve() throws -> ResolvedCredentials? {
        guard let entry, entry.credentials.isFresh(at: now) else { return nil }
        return Self.resolved(entry)
    }

    static func resolved(_ entry: CredentialCache.Entry) -> ResolvedCredentials {
        var r = ResolvedCredentials(credentials: entry.credentials, source: entry.source, region: entry.region)
        r.fromCache = true
        return r
    }
}
