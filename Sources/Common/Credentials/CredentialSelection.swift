/// What the user asked credentials for: a profile, or an identity of an auth config, optionally
/// with a role to assume on top. eks-presign and creds-resolve build the same selection from the
/// same flags, so they agree on the cache entry and on how to ask creds-resolve for a refresh.
public struct CredentialSelection: Sendable, Equatable {
    public var profile: String?
    public var identity: String?
    /// Absolute path of the auth config the identity comes from.
    public var config: String?
    public var roleArn: String?
    public var externalId: String?
    public var roleSessionName: String?
    public var durationSeconds: Int?

    public init(profile: String? = nil, identity: String? = nil, config: String? = nil, roleArn: String? = nil,
                externalId: String? = nil, roleSessionName: String? = nil, durationSeconds: Int? = nil) {
        self.profile = profile
        self.identity = identity
        self.config = config
        self.roleArn = roleArn
        self.externalId = externalId
        self.roleSessionName = roleSessionName
        self.durationSeconds = durationSeconds
    }

    /// The canonical text the cache key is the hash of. Field names are part of it so that a
    /// profile and an identity of the same name never share an entry.
    public var canonical: String {
        var parts: [String] = []
        if let identity { parts.append("identity=\(identity)") }
        if let config { parts.append("config=\(config)") }
        if let profile { parts.append("profile=\(profile)") }
        if let roleArn { parts.append("role-arn=\(roleArn)") }
        if let externalId { parts.append("external-id=\(externalId)") }
        if let roleSessionName { parts.append("role-session-name=\(roleSessionName)") }
        if let durationSeconds { parts.append("duration-seconds=\(durationSeconds)") }
        return parts.joined(separator: "\n")
    }

    /// The cache file name (without extension): hex SHA-256 of `canonical`.
    public var cacheKey: String { Encoding.hex(Hashing.sha256(canonical)) }

    /// The creds-resolve flags that reproduce this selection.
    public var credsResolveArguments: [String] {
        var a: [String] = []
        if let identity { a += ["--identity", identity] }
        if let config { a += ["--config", config] }
        if let profile { a += ["--profile", profile] }
        if let roleArn { a += ["--role-arn", roleArn] }
        if let externalId { a += ["--external-id", externalId] }
        if let roleSessionName { a += ["--role-session-name", roleSessionName] }
        if let durationSeconds { a += ["--duration-seconds", String(durationSeconds)] }
        return a
    }

    /// The command a person runs to get fresh credentials for this selection. It names
    /// `--config FILE` unless the config is the one found without it (AuthConfigLocation:
    /// `EKSPIPE_CONFIG`, ./atmos.yaml and its parents, the user's): a kubeconfig entry carries the absolute
    /// path, and `ekspipe auth login NAME` alone would log in with another file, or with none.
    public var loginHint: String {
        if let identity {
            guard let config, config != (try? AuthConfigLocation.resolve(flag: nil)) else { return "ekspipe auth login \(ShellQuote.word(identity))" }
            return "ekspipe auth login \(ShellQuote.word(identity)) --config \(ShellQuote.word(config))"
        }
        if let profile { return "aws sso login --profile \(profile) (or check profile '\(profile)' in your AWS config)" }
        return "ekspipe auth login <identity>"
    }

    /// How the selection is named in messages ("identity dev-admin", "profile dev").
    public var displayName: String {
        if let identity { return "identity \(identity)" }
        if let profile { return "profile \(profile)" }
        if let roleArn { return "role \(roleArn)" }
        return "the default credential chain"
    }
}
