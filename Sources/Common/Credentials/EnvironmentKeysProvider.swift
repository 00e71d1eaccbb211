/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, and the optional `AWS_SECURITY_TOKEN` (else
/// `AWS_SESSION_TOKEN`) and
/// `AWS_CREDENTIAL_EXPIRATION`. Why in Common: creds-resolve's chain, an `aws/user` identity
/// and eks-presign (which must not link the network code) all read them, and must accept and
/// refuse exactly the same input with the same message.
public struct EnvironmentKeysProvider: CredentialProvider {
    public var environment: Environment
    /// Keys that expired at this instant are an error, not credentials.
    public var now: Timestamp

    public init(environment: Environment = .process, now: Timestamp) {
        self.environment = environment
        self.now = now
    }

    /// Nil when no key id is set. A key id without its secret, or an expiration that is not a
    /// time, is bad input rather than a reason to look elsewhere: the user meant these keys.
    public func resolve() throws -> ResolvedCredentials? {
        guard let keys = try keys() else { return nil }
        if let e = keys.expired(at: now) {
            throw StaticKeysError(.environmentExpired(at: e.iso8601))
        }
        return ResolvedCredentials(credentials: keys, source: ResolvedCredentials.source("environment"))
    }

    /// The keys as set, expired or not.
    public func keys() throws -> Credentials? {
        guard let id = environment.nonEmpty("AWS_ACCESS_KEY_ID") else { return nil }
        guard let secret = environment.nonEmpty("AWS_SECRET_ACCESS_KEY") else {
            throw StaticKeysError(.environmentWithoutSecret)
        }
        var expiration: Timestamp? = nil
        if let e = environment.nonEmpty("AWS_CREDENTIAL_EXPIRATION") {
            guard let t = Timestamp.parse(e) else {
                throw StaticKeysError(.environmentExpirationNotISOTime(value: e))
            }
            expiration = t
        }
        // botocore reads the legacy AWS_SECURITY_TOKEN first.
        let token = environment.nonEmpty("AWS_SECURITY_TOKEN") ?? environment.nonEmpty("AWS_SESSION_TOKEN")
        return Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }
}
