import Common

/// `aws/user`: an IAM user's long-term keys (from the identity's `credentials` block, else the
/// environment) traded for a GetSessionToken session, with the MFA code when `mfa_arn` is set.
/// The session, not the long-term keys, is what gets cached and signs EKS tokens, so a code
/// typed once lasts the whole session.
extension IdentityResolver {
    /// STS GetSessionToken's limits for IAM users: 15 minutes to 36 hours; 12 hours by default.
    static let sessionTokenDefault = 12 * 3600
    static let sessionTokenRange = 900...129_600

    func userCredentials(_ identity: AuthConfig.Identity) throws -> ResolvedCredentials {
        let keys: Credentials
        let origin: String
        if let id = identity.accessKeyId, let secret = identity.secretAccessKey {
            keys = Credentials(accessKeyId: id, secretAccessKey: secret)
            origin = "config"
        } else if let id = Env.nonEmpty("AWS_ACCESS_KEY_ID") {
            guard let secret = Env.nonEmpty("AWS_SECRET_ACCESS_KEY") else {
                throw InputError("environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
            }
            keys = Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: Env.nonEmpty("AWS_SESSION_TOKEN"))
            origin = "environment"
        } else {
            throw RuntimeError("\(identity.location): no keys: give credentials.access_key_id and credentials.secret_access_key, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        var extra: [(String, JSON)] = [("keys", .string(origin))]
        if keys.sessionToken != nil {
            // Already a session (STS refuses GetSessionToken with session credentials): used as given.
            extra.append(("session", .string("from the environment")))
            return ResolvedCredentials(credentials: keys, source: Self.source(identity, extra))
        }
        var serial: String? = nil
        var code: String? = nil
        if let mfa = identity.mfaArn {
            guard interactive else {
                throw RuntimeError("needs an MFA code (\(mfa)) and this run may not prompt (--non-interactive, or no terminal); \(loginHint)")
            }
            serial = mfa
            code = try mfaCodes.removeValue(forKey: identity.name) ?? promptMFA(mfa, "identity \(identity.name)")
            extra.append(("mfa", .string(mfa)))
        }
        let duration = Self.clamp(identity.durationSeconds ?? Self.sessionTokenDefault, Self.sessionTokenRange)
        let session = try sts(region: region(of: identity))
            .getSessionToken(durationSeconds: duration, serialNumber: serial, tokenCode: code, credentials: keys)
        return ResolvedCredentials(credentials: session.credentials, source: Self.source(identity, extra))
    }

    static func clamp(_ value: Int, _ range: ClosedRange<Int>) -> Int { min(max(value, range.lowerBound), range.upperBound) }
}
