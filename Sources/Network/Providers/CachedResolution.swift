import Common

extension CredentialCache {
    /// The selection's credentials from a fresh cache entry, else from `body`, written back
    /// when they are temporary (long-term keys never reach the cache). Everything happens under
    /// the selection's lock, so parallel runs (kubectl starting several eks-presign refreshes)
    /// make one STS call and the others read its result. Why shared: the profile chain and the
    /// identity resolver cache the same way, and eks-presign reads what both write.
    func resolve(_ selection: CredentialSelection, at now: Timestamp,
                 _ body: () throws -> ResolvedCredentials) throws -> ResolvedCredentials {
        let key = selection.cacheKey
        return try withLock(key) {
            if let entry = fresh(key, at: now) {
                var r = ResolvedCredentials(credentials: entry.credentials, source: entry.source, region: entry.region)
                r.fromCache = true
                return r
            }
            let r = try body()
            if r.credentials.expiration != nil {
                do {
                    try write(key, Entry(credentials: r.credentials, source: r.source, region: r.region), selection: selection, now: now)
                } catch {
                    // Only a cache: the credentials are still good to hand out.
                    Output.stderr("\(Path.basename(CommandLine.arguments.first ?? "ekspipe")): warning: could not cache the credentials: \(error)")
                }
            }
            return r
        }
    }
}
