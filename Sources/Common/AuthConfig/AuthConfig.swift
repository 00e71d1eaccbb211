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

        /// The envelope's cluster object for this integration (what creds-resolve emits).
        public var clusterJSON: JSON {
            var o = JSONObject()
            o["name"] = .string(clusterName)
            o["region"] = .string(region)
            if let alias { o["alias"] = .string(alias) }
            o["integration"] = .string(name)
            var k = JSONObject()
            if let kubeconfigPath { k["path"] = .string(kubeconfigPath) }
            if let kubeconfigMode { k["mode"] = .string(kubeconfigMode) }
            if let kubeconfigUpdate { k["update"] = .string(kubeconfigUpdate) }
            if !k.isEmpty { o["kubeconfig"] = .object(k) }
            return .object(o)
        }
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
            let known = identities.map(\.name).joined(separator: ", ")
            throw InputError("\(path): no identity '\(name)' in auth.identities (known: \(known.isEmpty ? "none" : known))")
        }
        return i
    }

    /// The identity's integrations: named ones, or every one with `all`, else the auto-provision ones.
    public func integrations(for identity: String, named: [String] = [], all: Bool = false) throws -> [Integration] {
        let mine = integrations.filter { $0.identity == identity }
        if !named.isEmpty {
            return try named.map { n in
                guard let i = integrations.first(where: { $0.name == n }) else {
                    throw InputError("\(path): no integration '\(n)' in auth.integrations")
                }
                guard i.identity == identity else {
                    throw InputError("\(path): integration '\(n)' is linked to identity '\(i.identity)', not '\(identity)'")
                }
                return i
            }
        }
        return all ? mine : mine.filter(\.autoProvision)
    }

    // MARK: reading

    public static func load(path: String) throws -> AuthConfig {
        let abs = Path.absolute(path)
        if let st = try Sys.fileInfo(abs) {
            if Sys.isDirectory(st) { throw InputError("\(abs): is a directory, expected an auth config file") }
            if Sys.isRegular(st) && Int(st.st_size) > YAML.maxInputBytes {
                throw InputError("\(abs): \(st.st_size) bytes is more than the \(YAML.maxInputBytes >> 20) MiB limit for a YAML file")
            }
        }
        guard let bytes = try Sys.readFileIfExists(abs) else { throw InputError("\(abs): no such auth config file") }
        return try parse(bytes, path: abs)
    }

    /// Reads and checks the whole `auth:` section: unknown keys anywhere in it (AuthConfigKeys),
    /// kinds, required fields, values, and references between its parts (AuthConfigReaders).
    public static func parse(_ bytes: [UInt8], path: String) throws -> AuthConfig {
        guard let root = try YAML.parseSingle(bytes, source: path)?.expandingAliases() else {
            throw InputError("\(path): empty file, expected an auth: section")
        }
        let top = YAMLField(root, path: "", source: path)
        guard root.isMapping else { throw InputError("\(path): expected a mapping with an auth: section") }
        guard let auth = top.child("auth") else { throw InputError("\(path): no auth: section") }
        try AuthConfigKeys.check(auth, AuthConfigKeys.auth)
        let providers = try (auth.child("providers")?.entries() ?? []).map { try readProvider($0.0, $0.1) }
        let identities = try (auth.child("identities")?.entries() ?? []).map { try readIdentity($0.0, $0.1) }
        let integrations = try (auth.child("integrations")?.entries() ?? []).map { try readIntegration($0.0, $0.1) }
        let config = AuthConfig(path: path, providers: providers, identities: identities, integrations: integrations)
        try config.checkReferences(auth)
        return config
    }
}
