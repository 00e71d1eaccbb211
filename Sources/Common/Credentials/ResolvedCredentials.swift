/// What a credential provider found: the credentials, where they came from (the envelope's
/// `source`), the region that applies, and the notices to show the person. Notices travel with
/// the result, as values: a library never prints, the tool's entry point does.
public struct ResolvedCredentials: Sendable {
    public var credentials: Credentials
    /// `{"kind": "environment"|"profile"|"assume-role"|"web-identity"|"sso"|
    /// "credential-process"|"container"|"imds", "profile": …, "roleArn": …}`; an assumed role
    /// also carries `via`, the source of the credentials that assumed it.
    public var source: JSON
    public var region: String?
    /// True when the credentials came from the cache without any network call.
    public var fromCache: Bool = false
    /// Warnings and information lines for stderr (a cache that could not be written, …).
    public var notices: [Notice] = []

    public init(credentials: Credentials, source: JSON, region: String? = nil, notices: [Notice] = []) {
        self.credentials = credentials
        self.source = source
        self.region = region
        self.notices = notices
    }

    /// A `source` object: `kind`, then `profile` and `roleArn` when given, then `extra`.
    public static func source(_ kind: String, profile: String? = nil, roleArn: String? = nil, extra: [(String, JSON)] = []) -> JSON {
        var o = JSONObject()
        o["kind"] = .string(kind)
        if let profile { o["profile"] = .string(profile) }
        if let roleArn { o["roleArn"] = .string(roleArn) }
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }
}
