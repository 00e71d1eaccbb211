/// The envelope's own fields (DESIGN.md "The envelope"). creds-resolve owns `credentials`,
/// `source`, `identity`, `config`, `region` and fills `clusters`; eks-describe owns the describe
/// fields of each cluster (EnvelopeCluster.swift); kubeconfig-merge owns `kubeconfig`.
extension EnvelopeField where Record == Envelope, Value == Credentials {
    /// Exactly AWS's `credential_process` document, so `jq .credentials` feeds any AWS SDK.
    public static var credentials: EnvelopeField {
        EnvelopeField("credentials", decode: { v, at in try Credentials(credentialProcess: v, at: at.description) },
                      encode: { $0.credentialProcessJSON })
    }
}

extension EnvelopeField where Record == Envelope, Value == JSON {
    /// Where the credentials came from (`kind`, `profile`, `roleArn`, …), as the resolver said.
    public static var source: EnvelopeField { .json("source") }
    /// `creds-resolve --logout --provider`: what signing out of the SSO session did.
    public static var provider: EnvelopeField { .json("provider") }
}

extension EnvelopeField where Record == Envelope, Value == String {
    /// The identity of the auth config the credentials are for.
    public static var identity: EnvelopeField { .string("identity") }
    /// The auth config file the identity was read from.
    public static var config: EnvelopeField { .string("config") }
    /// The region for clusters without their own.
    public static var region: EnvelopeField { .string("region") }
}

extension EnvelopeField where Record == Envelope, Value == Int64 {
    /// `creds-resolve --logout`: how many cached credential files were removed.
    public static var removed: EnvelopeField {
        EnvelopeField("removed", decode: { v, at in
            guard let n = v.int else { throw EnvelopeError.wrongType(at, expected: "a number", v) }
            return n
        }, encode: { .int($0) })
    }
}

extension EnvelopeField where Record == Envelope, Value == [EnvelopeCluster] {
    /// The clusters, in order, each an object.
    public static var clusters: EnvelopeField {
        EnvelopeField("clusters", decode: { v, at in
            guard let items = v.array else { throw EnvelopeError.wrongType(at, expected: "an array", v) }
            return try items.enumerated().map { i, item in
                guard let o = item.object else { throw EnvelopeError.wrongType(at.index(i), expected: "an object", item) }
                return EnvelopeCluster(o, path: at.index(i))
            }
        }, encode: { .array($0.map { .object($0.fields) }) })
    }
}

extension EnvelopeField where Record == Envelope, Value == KubeconfigResult {
    /// What kubeconfig-merge did (or, with --list, found).
    public static var kubeconfig: EnvelopeField {
        EnvelopeField("kubeconfig", decode: { v, at in try KubeconfigResult(v, at: at) }, encode: { $0.json })
    }
}

extension Envelope {
    /// `source.profile`: the profile the credentials came from; nil when absent or empty.
    public func sourceProfile() throws -> String? {
        guard let s = try get(.source) else { return nil }
        guard s.object != nil else { throw EnvelopeError.wrongType(path.appending("source"), expected: "an object", s) }
        return try JSON.nonEmptyString(s["profile"], at: path.appending("source").appending("profile"))
    }
}

extension JSON {
    /// A string value that may be absent, null or empty (all nil); another type is an error.
    static func nonEmptyString(_ v: JSON?, at: EnvelopePath) throws -> String? {
        guard let v, !v.isNull else { return nil }
        guard let s = v.string else { throw EnvelopeError.wrongType(at, expected: "a string", v) }
        return s.isEmpty ? nil : s
    }
}

extension Envelope {
    /// Whose credentials the envelope carries, as kubeconfig entries are marked and matched:
    /// the identity with its (absolute) config, else the profile they came from.
    public struct Owner: Equatable, Sendable {
        public var identity: String?
        public var config: String?
        public var profile: String?

        public var parts: (identity: String?, config: String?, profile: String?) { (identity, config, profile) }
    }

    /// `identity`, `config` and `source.profile`, each nil when absent or empty.
    public func owner() throws -> Owner {
        Owner(identity: try nonEmpty(.identity), config: try nonEmpty(.config).map { Path.absolute($0) },
              profile: try sourceProfile())
    }
}
