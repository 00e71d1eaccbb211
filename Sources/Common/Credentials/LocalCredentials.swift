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
        // botocore reads the legacy AWS_SECURITY_TOKEN first.
        let token = Env.nonEmpty("AWS_SECURITY_TOKEN") ?? Env.nonEmpty("AWS_SESSION_TOKEN")
        return Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }

    /// Which file's settings: botocore reads static keys from the credentials file, then runs
    /// `credential_process`, then reads static keys from the config file, each file alone
    /// (a key id in one file and its secret in the other is not a pair).
    public enum KeyFile { case credentials, config, merged }

    /// The profile's `aws_access_key_id`, `aws_secret_access_key` and optional session token
    /// (`aws_security_token`, else `aws_session_token`, as botocore reads them) from `file`; nil
    /// without a key id. A key id, even empty, means these keys were meant: a missing or empty
    /// secret or an empty key id is an error, not a reason to look elsewhere (botocore stops
    /// there too, with unusable credentials).
    public static func fromProfile(_ name: String, _ p: AWSConfigFiles.Section, file: KeyFile = .merged) throws -> Credentials? {
        let values: [String: String]
        switch file {
        case .credentials: guard let v = p.credentialsFileValues else { return nil }; values = v
        case .config: guard let v = p.configFileValues else { return nil }; values = v
        case .merged: values = p.values
        }
        guard let id = values["aws_access_key_id"] else { return nil }
        guard !id.isEmpty else {
            throw InputError("\(p.location(of: "aws_access_key_id")): profile '\(name)' has an empty aws_access_key_id")
        }
        guard let secret = values["aws_secret_access_key"], !secret.isEmpty else {
            throw InputError("\(p.location(of: "aws_access_key_id")): profile '\(name)' has aws_access_key_id but no aws_secret_access_key")
        }
        let token = values["aws_security_token"] ?? values["aws_session_token"]
        return Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token.flatMap { $0.isEmpty ? nil : $0 })
    }
}
