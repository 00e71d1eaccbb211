/// The two credential sources that need neither the network nor a child process: keys in the
/// environment and a profile's static keys. Why shared: creds-resolve's chain and eks-presign
/// (which must not link the network code) both read them, and must accept and refuse exactly
/// the same input with the same message.
public enum LocalCredentials {
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, and the optional `AWS_SESSION_TOKEN` and
    /// `AWS_CREDENTIAL_EXPIRATION`; nil when no key id is set. A key id without its secret, or
    /// an expiration that is not a time, is bad input rather than a reason to look elsewhere:
    /// the user meant these keys.
    public static func fromEnvironment() throws -> Credentials? {
        guard let id = Env.nonEmpty("AWS_ACCESS_KEY_ID") else { return nil }
        guard let secret = Env.nonEmpty("AWS_SECRET_ACCESS_KEY") else {
            throw InputError("environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        var expiration: Timestamp? = nil
        if let e = Env.nonEmpty("AWS_CREDENTIAL_EXPIRATION") {
            guard let t = Timestamp.parse(e) else {
                throw InputError("environment: AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time: \(e)")
            }
            expiration = t
        }
        return Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: Env.nonEmpty("AWS_SESSION_TOKEN"),
                           expiration: expiration)
    }

    /// The profile's `aws_access_key_id`, `aws_secret_access_key` and optional
    /// `aws_session_token` (empty values count as absent, as in botocore); nil without a key id.
    public static func fromProfile(_ name: String, _ p: AWSConfigFiles.Section) throws -> Credentials? {
        func value(_ key: String) -> String? { p[key].flatMap { $0.isEmpty ? nil : $0 } }
        guard let id = value("aws_access_key_id") else { return nil }
        guard let secret = value("aws_secret_access_key") else {
            throw InputError("\(p.location(of: "aws_access_key_id")): profile '\(name)' has aws_access_key_id but no aws_secret_access_key")
        }
        return Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: value("aws_session_token"))
    }
}
