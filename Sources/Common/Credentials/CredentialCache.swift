import Glibc

/// The credential cache creds-resolve writes and eks-presign reads, so that kubectl's exec
/// plugin normally signs without a network call. One JSON file per selection
/// (`<key>.json`, 0600) in `$XDG_CACHE_HOME/ekspipe/credentials` (0700), written atomically:
///
///     {"credentials": {credential_process document}, "source": {...}, "region": "us-east-2",
///      "selection": "identity=dev-admin\nconfig=/…/atmos.yaml", "cachedAt": "2026-11-22T12:00:00Z"}
///
/// Only temporary credentials (with an Expiration) are cached; entries are used while fresh
/// (more than 15 minutes left).
///
/// Whoever can write the cache can make eks-presign sign with their keys, so the cache is used
/// only when the directory and its `ekspipe` parent are the user's alone (`DirectoryTrust`):
/// reads of an untrusted cache find nothing, and `withLock` and `write` refuse it with the fix.
/// Entry and lock files are never opened through a symlink, and an entry that is not a regular
/// file of the user's is ignored (the next write replaces it with a 0600 one).
public struct CredentialCache: Sendable {
    public struct Entry: Sendable, Equatable {
        public var credentials: Credentials
        public var source: JSON
        public var region: String?

        public init(credentials: Credentials, source: JSON = .object(JSONObject()), region: String? = nil) {
            self.credentials = credentials
            self.source = source
            self.region = region
        }
    }

    public let directory: String
    /// How long `withLock` waits for another process resolving the same selection; nil: the
    /// `EKSPIPE_CACHE_LOCK_TIMEOUT` environment variable, else 60 seconds.
    public var lockTimeout: Double?

    public static var defaultDirectory: String { Path.join(Env.cacheHome, "ekspipe", "credentials") }

    public init(directory: String? = nil, lockTimeout: Double? = nil) {
        self.directory = directory ?? Self.defaultDirectory
        self.lockTimeout = lockTimeout
    }

    /// Throws `UntrustedPath` unless the cache directory and its parent are the user's alone.
    public func checkTrusted() throws {
        for dir in [Path.dirname(directory), directory] {
            try DirectoryTrust.check(dir, holding: "the credential cache", allowShared: false)
        }
    }

    /// Creates the directory (0700) when missing, then checks it.
    func prepareDirectory() throws {
        try Sys.mkdirs(directory, mode: 0o700)
        try checkTrusted()
    }

    public func path(for key: String) -> String { Path.join(directory, key + ".json") }

    /// The cached entry, or nil when there is none. A corrupt entry is treated as absent (it is
    /// only a cache) and will be overwritten by the next write.
    public func read(_ key: String) -> Entry? {
        guard (try? checkTrusted()) != nil, let bytes = try? Self.readOwnFile(path(for: key)),
              let doc = try? JSON.parse(bytes, source: path(for: key)),
              let credsDoc = doc["credentials"],
              let creds = try? Credentials(credentialProcess: credsDoc, at: "cache")
        else { return nil }
        return Entry(credentials: creds, source: doc["source"] ?? .object(JSONObject()), region: doc["region"]?.string)
    }

    /// The entry when it is still fresh at `now`.
    public func fresh(_ key: String, at now: Timestamp) -> Entry? {
        guard let e = read(key), e.credentials.isFresh(at: now) else { return nil }
        return e
    }

    public func write(_ key: String, _ entry: Entry, selection: CredentialSelection? = nil, now: Timestamp = .now()) throws {
        var o = JSONObject()
        o["credentials"] = entry.credentials.credentialProcessJSON
        o["source"] = entry.source
        if let r = entry.region { o["region"] = .string(r) }
        if let selection { o["selection"] = .string(selection.canonical) }
        o["cachedAt"] = .string(now.iso8601)
        try prepareDirectory()
        try AtomicFile.write(Array(JSON.object(o).render(pretty: true).utf8) + [10], to: path(for: key),
                             mode: 0o600, forceMode: true, directoryMode: 0o700, followLinks: false)
    }

    /// A cache file's bytes: a regular file of the user's, opened without following a link;
    /// nil for anything else.
    static func readOwnFile(_ path: String) throws -> [UInt8]? {
        guard let file = try Sys.openRegular(path, followLinks: false) else { return nil }
        defer { Sys.close(file.fd) }
        guard file.info.st_uid == geteuid() else { return nil }
        return try Sys.readAll(file.fd, path: path)
    }

    /// Removes the entry; a missing entry is not an error.
    public func remove(_ key: String) throws {
        if Glibc.unlink(path(for: key)) != 0 && errno != ENOENT { throw SystemError.current("remove", path(for: key)) }
    }

    /// Keys of every entry whose selection text contains `line` (for logout of an identity).
    public func keys(matching line: String) -> [String] {
        guard (try? checkTrusted()) != nil, let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasSuffix(".json") else { continue }
            let key = String(name.dropLast(5))
            if let bytes = try? Self.readOwnFile(path(for: key)), let doc = try? JSON.parse(bytes),
               let sel = doc["selection"]?.string, sel.split(separator: "\n").contains(Substring(line)) {
                out.append(key)
            }
        }
        return out.sorted()
    }
}
