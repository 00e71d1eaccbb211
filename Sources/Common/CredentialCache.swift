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

    public static var defaultDirectory: String { Path.join(Env.cacheHome, "ekspipe", "credentials") }

    public init(directory: String? = nil) {
        self.directory = directory ?? Self.defaultDirectory
    }

    public func path(for key: String) -> String { Path.join(directory, key + ".json") }

    /// The cached entry, or nil when there is none. A corrupt entry is treated as absent (it is
    /// only a cache) and will be overwritten by the next write.
    public func read(_ key: String) -> Entry? {
        guard let bytes = try? Sys.readFileIfExists(path(for: key)),
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
        try AtomicFile.write(Array(JSON.object(o).render(pretty: true).utf8) + [10], to: path(for: key),
                             mode: 0o600, forceMode: true, directoryMode: 0o700)
    }

    /// Removes the entry; a missing entry is not an error.
    public func remove(_ key: String) throws {
        if Glibc.unlink(path(for: key)) != 0 && errno != ENOENT { throw SystemError.current("remove", path(for: key)) }
    }

    /// Keys of every entry whose selection text contains `line` (for logout of an identity).
    public func keys(matching line: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasSuffix(".json") else { continue }
            let key = String(name.dropLast(5))
            if let bytes = try? Sys.readFile(path(for: key)), let doc = try? JSON.parse(bytes),
               let sel = doc["selection"]?.string, sel.split(separator: "\n").contains(Substring(line)) {
                out.append(key)
            }
        }
        return out.sorted()
    }

    /// Runs `body` holding an exclusive flock(2) on `<key>.lock`, so parallel runs for the same
    /// selection wait for one STS call instead of each making their own. The lock is released
    /// by the kernel even if the process dies.
    public func withLock<T>(_ key: String, _ body: () throws -> T) throws -> T {
        try Sys.mkdirs(directory, mode: 0o700)
        let lockPath = Path.join(directory, key + ".lock")
        let fd = try Sys.open(lockPath, O_RDWR | O_CREAT, 0o600)
        defer { Sys.close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw SystemError.current("lock", lockPath) }
        }
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }
}
