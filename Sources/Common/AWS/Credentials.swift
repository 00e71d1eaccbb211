/// AWS credentials as the tools pass them around. Their JSON form is exactly AWS's
/// `credential_process` document, so `jq .credentials` feeds any AWS SDK.
public struct Credentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    public var expiration: Timestamp?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Timestamp? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Credentials are reused until this long before they expire (DESIGN.md: 15 minutes), so a
    /// token signed with them is never handed to kubectl about to go stale.
    public static let refreshMargin: Int64 = 15 * 60

    /// True when the credentials do not expire, or expire later than `now` + `margin`.
    public func isFresh(at now: Timestamp, margin: Int64 = Credentials.refreshMargin) -> Bool {
        guard let expiration else { return true }
        return expiration.seconds > now.seconds + margin
    }

    /// The expiration when the credentials have expired at `now`, else nil. The one "expired"
    /// check: every source, the cache and the tools ask it and only word the error their way.
    public func expired(at now: Timestamp) -> Timestamp? {
        guard let expiration, expiration <= now else { return nil }
        return expiration
    }

    /// Parses a `credential_process` document (`Version` 1, `AccessKeyId`, `SecretAccessKey`,
    /// optional `SessionToken` and `Expiration`). `path` names it in errors, which name fields,
    /// never their values: the document is a secret. `requireVersion`: the answer of a user's
    /// `credential_process` must say `"Version": 1`, as the AWS SDKs require (botocore refuses
    /// it otherwise); ekspipe's own envelopes and cache may leave it out.
    public init(credentialProcess json: JSON, at path: String, requireVersion: Bool = false) throws {
        guard json.object != nil else { throw CredentialDocumentError(document: path, .notObject(found: json.typeName)) }
        if requireVersion && json["Version"] == nil {
            throw CredentialDocumentError(document: path, .versionMissing)
        }
        if let v = json["Version"], v.int != 1 {
            throw CredentialDocumentError(document: path, .versionNotOne)
        }
        let id = try json.requireString("AccessKeyId", at: path)
        let secret = try json.requireString("SecretAccessKey", at: path)
        guard !id.isEmpty else { throw CredentialDocumentError(document: path, .empty(field: "AccessKeyId")) }
        guard !secret.isEmpty else { throw CredentialDocumentError(document: path, .empty(field: "SecretAccessKey")) }
        let token = try json.optionalString("SessionToken", at: path)
        var expiration: Timestamp? = nil
        if let e = try json.optionalString("Expiration", at: path) {
            guard let t = Timestamp.parse(e) else {
                throw CredentialDocumentError(document: path, .expirationNotISOTime)
            }
            expiration = t
        }
        self.init(accessKeyId: id, secretAccessKey: secret, sessionToken: token?.isEmpty == true ? nil : token, expiration: expiration)
    }

    /// The `credential_process` document.
    public var credentialProcessJSON: JSON {
        var o = JSONObject()
        o["Version"] = 1
        o["AccessKeyId"] = .string(accessKeyId)
        o["SecretAccessKey"] = .string(secretAccessKey)
        if let sessionToken { o["SessionToken"] = .string(sessionToken) }
        if let expiration { o["Expiration"] = .string(expiration.iso8601) }
        return .object(o)
    }
}
