/// The `auth:` section of an Atmos config (seeds/atmos-eks-kubeconfig-guide.md): providers
/// (where a login starts), identities (what credentials a person gets, possibly `via` another
/// identity or a provider) and integrations (EKS clusters linked to an identity). The whole
/// section is validated when read, so a typo fails at once with the key path to fix rather than
/// halfway through a login.
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
        if let st = try Sys.fileInfo(abs), Sys.isDirectory(st) { throw InputError("\(abs): is a directory, expected an auth config file") }
        guard let bytes = try Sys.readFileIfExists(abs) else { throw InputError("\(abs): no such auth config file") }
        return try parse(bytes, path: abs)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws -> AuthConfig {
        guard let root = try YAML.parseSingle(bytes, source: path)?.expandingAliases() else {
            throw InputError("\(path): empty file, expected an auth: section")
        }
        let top = YAMLField(root, path: "", source: path)
        guard root.isMapping else { throw InputError("\(path): expected a mapping with an auth: section") }
        guard let auth = top.child("auth") else { throw InputError("\(path): no auth: section") }
        guard auth.node.isMapping else { throw auth.error("expected a mapping") }
        for (k, f) in try auth.entries() where !["providers", "identities", "integrations", "logs", "keyring"].contains(k) {
            throw f.error("unknown key (expected providers, identities, integrations)")
        }
        let providers = try (auth.child("providers")?.entries() ?? []).map { try readProvider($0.0, $0.1) }
        let identities = try (auth.child("identities")?.entries() ?? []).map { try readIdentity($0.0, $0.1) }
        let integrations = try (auth.child("integrations")?.entries() ?? []).map { try readIntegration($0.0, $0.1) }
        let config = AuthConfig(path: path, providers: providers, identities: identities, integrations: integrations)
        try config.checkReferences(auth)
        return config
    }

    static func kind(_ f: YAMLField, allowed: [String]) throws -> String {
        let k = try f.requireText("kind")
        guard allowed.contains(k) else {
            throw try f.require("kind").error("unknown kind '\(k)' (expected one of: \(allowed.joined(separator: ", ")))")
        }
        return k
    }

    static func region(_ f: YAMLField?) throws -> String? {
        guard let f else { return nil }
        let r = try f.text()
        guard Partition.isValidRegion(r) else { throw f.error("'\(r)' is not an AWS region name (like us-east-2)") }
        return r
    }

    static func readProvider(_ name: String, _ f: YAMLField) throws -> Provider {
        let kind = try kind(f, allowed: providerKinds)
        var p = Provider(name: name, kind: kind, location: f.location)
        p.region = try region(f.child("region"))
        if kind == "aws/iam-identity-center" {
            p.startURL = try f.requireText("start_url")
            guard p.startURL!.hasPrefix("https://") else { throw try f.require("start_url").error("must be an https:// URL") }
            if p.region == nil { throw f.error("missing \"region\" (the Identity Center region)") }
        }
        p.audience = try f.child("spec")?.optionalText("audience")
        p.sessionDurationSeconds = try f.child("session")?.child("duration")?.durationSeconds()
        return p
    }

    static func readIdentity(_ name: String, _ f: YAMLField) throws -> Identity {
        let kind = try kind(f, allowed: identityKinds)
        var i = Identity(name: name, kind: kind, location: f.location)
        if let via = f.child("via") {
            i.viaProvider = try via.optionalText("provider")
            i.viaIdentity = try via.optionalText("identity")
            if i.viaProvider != nil && i.viaIdentity != nil { throw via.error("give either provider or identity, not both") }
            if i.viaProvider == nil && i.viaIdentity == nil { throw via.error("needs provider or identity") }
        }
        let principal = f.child("principal")
        i.durationSeconds = try f.child("session")?.child("duration")?.durationSeconds()
        switch kind {
        case "aws/permission-set":
            guard i.viaProvider != nil else { throw f.error("an aws/permission-set identity needs via.provider (an aws/iam-identity-center provider)") }
            guard let principal else { throw f.error("missing \"principal\" (name and account)") }
            i.permissionSet = try principal.requireText("name")
            let account = try principal.require("account")
            if account.node.scalar != nil {
                i.accountName = try account.text()
            } else {
                i.accountName = try account.optionalText("name")
                i.accountId = try account.optionalText("id")
                if i.accountName == nil && i.accountId == nil { throw account.error("needs name or id") }
            }
        case "aws/assume-role":
            guard i.viaProvider != nil || i.viaIdentity != nil else {
                throw f.error("an aws/assume-role identity needs via.identity or via.provider (the credentials that assume the role)")
            }
            guard let principal else { throw f.error("missing \"principal\" with assume_role") }
            let arnField = try principal.require("assume_role")
            let arn = try arnField.text()
            guard arn.hasPrefix("arn:"), arn.contains(":role/") else { throw arnField.error("'\(arn)' is not an IAM role ARN") }
            i.roleArn = arn
            i.externalId = try principal.optionalText("external_id")
            i.sessionName = try principal.optionalText("session_name")
            if let d = principal.child("duration") { i.durationSeconds = try d.durationSeconds() }
        case "aws/user":
            if i.viaProvider != nil || i.viaIdentity != nil { throw try f.require("via").error("an aws/user identity has no via") }
            if let c = f.child("credentials") {
                i.accessKeyId = try c.optionalText("access_key_id")
                i.secretAccessKey = try c.optionalText("secret_access_key")
                if (i.accessKeyId == nil) != (i.secretAccessKey == nil) {
                    throw c.error("give both access_key_id and secret_access_key, or neither (then the environment's)")
                }
                i.mfaArn = try c.optionalText("mfa_arn")
                i.region = try region(c.child("region"))
            }
        default:  // aws/ambient: the SDK default chain, optionally on a named profile.
            break
        }
        if i.region == nil { i.region = try region(f.child("region") ?? principal?.child("region")) }
        return i
    }

    static let modeDigits = Set("01234567")

    /// An EKS integration's spec is small and fixed: a misplaced key (`kubeconfig:` one level
    /// too high, `aliass:`) is an error rather than a setting silently ignored.
    static func onlyKeys(_ f: YAMLField, _ known: [String]) throws {
        for (k, child) in try f.entries() where !known.contains(k) {
            throw child.error("unknown key (expected \(known.joined(separator: ", ")))")
        }
    }

    static func readIntegration(_ name: String, _ f: YAMLField) throws -> Integration {
        let kind = try kind(f, allowed: integrationKinds)
        let identity = try f.require("via").requireText("identity")
        let spec = try f.require("spec")
        try onlyKeys(spec, ["auto_provision", "cluster"])
        var auto = true
        if let a = spec.child("auto_provision") { auto = try a.bool() }
        let cluster = try spec.require("cluster")
        try onlyKeys(cluster, ["name", "region", "alias", "kubeconfig"])
        let clusterName = try cluster.requireText("name")
        guard let region = try region(cluster.require("region")) else { throw cluster.error("missing \"region\"") }
        var i = Integration(name: name, kind: kind, identity: identity, autoProvision: auto, clusterName: clusterName,
                            region: region, location: f.location)
        i.alias = try cluster.optionalText("alias")
        if let k = cluster.child("kubeconfig") {
            try onlyKeys(k, ["path", "mode", "update"])
            i.kubeconfigPath = try k.optionalText("path")
            if let m = k.child("mode") {
                // `mode: 0600` unquoted reads as the number 600 (or 384 in YAML 1.1): take the digits.
                let text = try m.text()
                guard (3...4).contains(text.count), text.allSatisfy({ modeDigits.contains($0) }) else {
                    throw m.error("'\(text)' is not an octal file mode (like \"0600\")")
                }
                i.kubeconfigMode = text.count == 3 ? "0" + text : text
            }
            if let u = k.child("update") {
                let v = try u.text()
                guard ["merge", "replace", "error"].contains(v) else { throw u.error("'\(v)' is not merge, replace or error") }
                i.kubeconfigUpdate = v
            }
        }
        return i
    }

    /// `via` names that resolve, kinds that fit, and no identity chain that loops.
    func checkReferences(_ auth: YAMLField) throws {
        for i in identities {
            let f = auth.child("identities")!.child(i.name)!
            if let p = i.viaProvider {
                guard let prov = provider(p) else {
                    throw try f.require("via").require("provider").error("'\(p)' names no provider (known: \(providers.map(\.name).joined(separator: ", ")))")
                }
                if i.kind == "aws/permission-set" && prov.kind != "aws/iam-identity-center" {
                    throw try f.require("via").require("provider").error("an aws/permission-set identity needs an aws/iam-identity-center provider, '\(p)' is \(prov.kind)")
                }
            }
            if let v = i.viaIdentity, !identities.contains(where: { $0.name == v }) {
                throw try f.require("via").require("identity").error("'\(v)' names no identity (known: \(identities.map(\.name).joined(separator: ", ")))")
            }
        }
        for i in identities {
            var seen = [i.name]
            var next = i.viaIdentity
            while let n = next {
                if seen.contains(n) {
                    let f = auth.child("identities")!.child(i.name)!
                    throw try f.require("via").error("identities form a cycle: \((seen + [n]).joined(separator: " → "))")
                }
                seen.append(n)
                next = identities.first { $0.name == n }?.viaIdentity
            }
        }
        for g in integrations where !identities.contains(where: { $0.name == g.identity }) {
            let f = try auth.child("integrations")!.child(g.name)!.require("via").require("identity")
            throw f.error("'\(g.identity)' names no identity (known: \(identities.map(\.name).joined(separator: ", ")))")
        }
    }
}
