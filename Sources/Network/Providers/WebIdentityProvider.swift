import Common

/// AssumeRoleWithWebIdentity with a token read from a file: `AWS_WEB_IDENTITY_TOKEN_FILE` with
/// `AWS_ROLE_ARN` (EKS IRSA), or a profile's `web_identity_token_file` with its `role_arn`.
public struct WebIdentityProvider: CredentialProvider {
    public var tokenFile: String
    public var roleArn: String
    public var sessionName: String?
    /// The profile that configured it; nil for the environment.
    public var profile: String?
    public var context: ProviderContext

    public init(tokenFile: String, roleArn: String, sessionName: String?, profile: String?, context: ProviderContext) {
        self.tokenFile = tokenFile
        self.roleArn = roleArn
        self.sessionName = sessionName
        self.profile = profile
        self.context = context
    }

    /// The environment's web identity; nil when `AWS_WEB_IDENTITY_TOKEN_FILE` is not set.
    public static func fromEnvironment(_ context: ProviderContext) throws -> (any CredentialProvider)? {
        let env = context.environment
        guard let file = env.nonEmpty("AWS_WEB_IDENTITY_TOKEN_FILE") else { return nil }
        guard let role = env.nonEmpty("AWS_ROLE_ARN") else {
            throw WebIdentityError(.environmentWithoutRole)
        }
        let provider = WebIdentityProvider(tokenFile: file, roleArn: role, sessionName: env.nonEmpty("AWS_ROLE_SESSION_NAME"),
                                           profile: nil, context: context)
        return ClosureProvider { try CredentialSourceError.naming("web identity (AWS_WEB_IDENTITY_TOKEN_FILE)") { try provider.resolve() } }
    }

    public func resolve() throws -> ResolvedCredentials? {
        let bytes: [UInt8]
        do { bytes = try Sys.readFile(Path.absolute(tokenFile)) } catch {
            throw WebIdentityError(.unreadable(reason: "\(error)"))
        }
        let token = String(String(decoding: bytes, as: UTF8.self).trimmingWhitespace())
        guard !token.isEmpty else { throw WebIdentityError(.emptyFile(path: tokenFile)) }
        let assumed = try context.sts().assumeRoleWithWebIdentity(roleArn: roleArn, sessionName: sessionName ?? context.defaultSessionName,
                                                                  token: token)
        return ResolvedCredentials(credentials: assumed.credentials,
                                   source: ResolvedCredentials.source("web-identity", profile: profile, roleArn: roleArn))
    }
}
