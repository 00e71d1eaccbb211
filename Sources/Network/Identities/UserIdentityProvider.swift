import Common

/// `aws/user`: an IAM user's long-term keys (from the identity's `credentials` block, else the
/// environment, read by the same EnvironmentKeysProvider as the SDK chain) traded for a
/// GetSessionToken session, with the MFA code when `mfa_arn` is set. The session, not the
/// long-term keys, is what gets cached and signs EKS tokens, so a code typed once lasts the
/// whole session.
public struct UserIdentityProvider: CredentialProvider {
    /// STS GetSessionToken's limits for IAM users: 15 minutes to 36 hours; 12 hours by default.
    static let sessionTokenDefault = 12 * 3600
    static let sessionTokenRange = 900...129_600

    public var identity: AuthConfig.Identity
    public var context: IdentityContext

    public init(identity: AuthConfig.Identity, context: IdentityContext) {
        self.identity = identity
        self.context = context
    }

    public func resolve() throws -> ResolvedCredentials? {
        let keys: Credentials
        let origin: String
        if let id = identity.accessKeyId, let secret = identity.secretAccessKey {
            keys = Credentials(accessKeyId: id, secretAccessKey: secret)
            origin = "config"
        } else if let env = try EnvironmentKeysProvider(environment: context.environment, now: context.now).keys() {
            keys = env
            origin = "environment"
        } else {
            throw IdentityError(at: identity.location, .noKeys)
        }
        var extra: [(String, JSON)] = [("keys", .string(origin))]
        if keys.sessionToken != nil {
            // Already a session (STS refuses GetSessionToken with session credentials): used as given.
            extra.append(("session", .string("from the environment")))
            return ResolvedCredentials(credentials: keys, source: IdentityContext.source(identity, extra))
        }
        var serial: String? = nil
        var code: String? = nil
        if let mfa = identity.mfaArn {
            guard context.interactive else {
                throw MFAError(.identityNotInteractive(serial: mfa, hint: context.loginHint))
            }
            serial = mfa
            code = try context.mfaCodes.value.removeValue(forKey: identity.name) ?? context.promptMFA(mfa, "identity \(identity.name)")
            extra.append(("mfa", .string(mfa)))
        }
        let duration = IdentityContext.clamp(identity.durationSeconds ?? Self.sessionTokenDefault, Self.sessionTokenRange)
        let session = try context.sts(region: context.region(of: identity))
            .getSessionToken(durationSeconds: duration, serialNumber: serial, tokenCode: code, credentials: keys)
        return ResolvedCredentials(credentials: session.credentials, source: IdentityContext.source(identity, extra))
    }
}
