/// The `auth:` section of an Atmos config (seeds/atmos-eks-kubeconfig-guide.md): providers
/// (where a login starts), identities (what credentials a person gets, possibly `via` another
/// identity or a provider) and integrations (EKS clusters linked to an identity). The whole
/// section is validated when read, so a typo fails at once with the key path to fix rather than
/// halfway through a login (or, worse, succeeds without the setting: a misspelled `mfa_arn`
/// would turn MFA off). Reading is in AuthConfigReaders.swift, the valid keys in
/// AuthConfigKeys.swift.
public struct AuthConfig: Sendable {
    public static let providerKinds = ["aws/iam-identity-center", "github/oidc"]
    public static let identityKinds = ["aws/permission-set", "aws/assume-role", "aws/user", "aws/ambient"]
    public static let integrationKinds = ["aws/eks"]

    public struct Provider: Sendable {
        public var name: String
        public var kind: String
        public var region: String?
        /// IAM Identity Center: the portal's start URL.
        public var startURL: String?
        /// github/oidc: the audience of the ID token (default sts.amazonaws.com).
        public var audience: String?
        public var sessionDurationSeconds: Int?
        public var location: String
    }

    public struct Identity: Sendable {
        public var name: String
        public var kind: String
        public var viaProvider: String?
        public var viaIdentity: String?
        /// aws/assume-role: `principal.assume_role`.
        public var roleArn: String?
        public var externalId: String?
        public var sessionName: String?
        public var durationSeconds: Int?
        /// aws/permission-set: `principal.name` and the account by name or id.
        public var permissionSet: String?
        public var accountName: String?
        public var accountId: String?
        /// aws/user: static keys from `credentials` (else the environment), MFA device, region.
        public var accessKeyId: String?
        public var secretAccessKey: String?
        public var mfaArn: String?
        public var region: String?
        /// `default: true`: the identity used when a command names none (DefaultIdentity.swift).
        public var isDefault = false
        /// Where its `default: true` is written (file:line:column), for the two-defaults error.
        public var defaultAt: String?
        public var location: String
    }

    public struct Integration: Sendable {
        public var name: String
        public var kind: String
        public var identity: String
        public var autoProvision: Bool
        public var clusterName: String
        public var region: String
        public var alias: String?
        public var kubeconfigPath: String?
        public var kubeconfigMode: String?
        public var kubeconfigUpdate: String?
        public var location: String
    }

    /// Absolute path of the file read.
    public let path: String
    public let providers: [Provider]
    public let identities: [Identity]
    public let integrations: [Integration]

    public func provider(_ name: String) -> Provider? { providers.first { $0.name == name } }

    /// The identity, or an error listing the ones that exist.
    public func identity(_ name: String) throws -> Identity {
        guard let i = identities.first(where: { $0.name == name }) else {
            // A name that came from the environment (the flows pass it on as --identity) is
            // fixed there, not on the command line: the message says which variable holds it.
            let variable = IdentityChoice.environment.first { Env.nonEmpty($0) == name }
            throw AuthConfigError(path, .unknownIdentity(name, known: identities.map(\.name), namedBy: variable))
        }
        return i
    }

    /// The identity's integrations: named ones, or every one with `all`, else the auto-provision ones.
    public func integrations(for identity: String, named: [String] = [], all: Bool = false) throws -> [Integration] {
        let mine = integrations.filter { $0.identity == identity }
        if !named.isEmpty {
            return try named.map { n in
                guard let i = integrations.first(where: { $0.name == n }) else {
                    throw AuthConfigError(path, .unknownIntegration(n, known: integrations.map(\.name)))
                }
                guard i.identity == identity else {
                    throw AuthConfigError(path, .integrationOfOtherIdentity(n, owner: i.identity, asked: identity))
                }
                return i
            }
        }
        return all ? mine : mine.filter(\.autoProvision)
    }

    // MARK: reading

    public static func load(path: String, problems: AuthConfigProblems = AuthConfigProblems()) throws -> AuthConfig {
        let abs = Path.absolute(path)
        if let st = try Sys.fileInfo(abs) {
            if Sys.isDirectory(st) { throw AuthConfigError(abs, .isDirectory) }
            if Sys.isRegular(st) && Int(st.st_size) > YAML.maxInputBytes {
                throw AuthConfigError(abs, .tooLarge(bytes: Int(st.st_size), limit: YAML.maxInputBytes))
            }
        }
        guard let bytes = try Sys.readFileIfExists(abs) else { throw AuthConfigError(abs, .noSuchFile) }
        return try parse(bytes, path: abs, problems: problems)
    }

    /// Reads and checks the whole `auth:` section: unknown keys anywhere in it (AuthConfigKeys),
    /// kinds, required fields, values, and references between its parts (AuthConfigReaders,
    /// AuthConfigReferences). Strict by default (the first problem is thrown); with collecting
    /// `problems` every problem is kept there and what could be read is returned.
    public static func parse(_ bytes: [UInt8], path: String, problems: AuthConfigProblems = AuthConfigProblems()) throws -> AuthConfig {
        guard let root = try YAML.parseSingle(bytes, source: path)?.expandingAliases() else {
            throw AuthConfigError(path, .empty)
        }
        let top = YAMLField(root, path: "", source: path)
        guard root.isMapping else { throw AuthConfigError(path, .notAMapping) }
        guard let auth = top.child("auth") else { throw AuthConfigError(path, .noAuthSection) }
        try AuthConfigKeys.check(auth, AuthConfigKeys.auth, problems: problems)
        let providers = try section(auth, "providers", problems, readProvider)
        let identities = try section(auth, "identities", problems, readIdentity)
        let integrations = try section(auth, "integrations", problems, readIntegration)
        let config = AuthConfig(path: path, providers: providers, identities: identities, integrations: integrations)
        try config.checkReferences(auth, problems)
        return config
    }

    /// The entries of `auth.KEY` that could be read, in document order.
    static func section<T>(_ auth: YAMLField, _ key: String, _ problems: AuthConfigProblems,
                           _ read: (String, YAMLField, AuthConfigProblems) throws -> T?) throws -> [T] {
        guard let f = auth.child(key), let entries = try problems.attempt({ try f.entries() }) else { return [] }
        return try entries.compactMap { e in try problems.attempt { try read(e.0, e.1, problems) } ?? nil }
    }
}
