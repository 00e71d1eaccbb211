import Common

/// A profile of the shared config/credentials files, resolved as botocore resolves it:
/// `role_arn` with `source_profile` or `credential_source` (AssumeRoleProfileProvider),
/// `role_arn` with `web_identity_token_file`, SSO, the credentials file's keys,
/// `credential_process`, the config file's keys.
/// Nil when the profile exists but configures no credentials (the chain goes on).
public struct ProfileProvider: CredentialProvider {
    public var name: String
    public var section: AWSConfigFiles.Section
    public var context: ProviderContext
    /// The profiles above this one in a `source_profile` chain (loops are refused).
    public var visited: [String] = []
    /// As the source of another profile's role, botocore uses a profile that has static keys
    /// for its keys, not its own `role_arn` (one AssumeRole, not two).
    public var ownRole = true

    public init(name: String, section: AWSConfigFiles.Section, context: ProviderContext, visited: [String] = [], ownRole: Bool = true) {
        self.name = name
        self.section = section
        self.context = context
        self.visited = visited
        self.ownRole = ownRole
    }

    public func resolve() throws -> ResolvedCredentials? {
        let p = section
        if let roleArn = p.value("role_arn") {
            if p.value("source_profile") == nil && p.value("credential_source") == nil, let tokenFile = p.value("web_identity_token_file") {
                return try WebIdentityProvider(tokenFile: tokenFile, roleArn: roleArn, sessionName: p.value("role_session_name"),
                                               profile: name, context: context).resolve()
            }
            if ownRole {
                return try AssumeRoleProfileProvider(name: name, section: p, roleArn: roleArn, context: context, visited: visited + [name]).resolve()
            }
        } else if p.value("web_identity_token_file") != nil {
            throw ProfileConfigError(location: p.location(of: "web_identity_token_file"), profile: name, .webIdentityWithoutRole)
        }
        if p.value("sso_session") != nil || p.value("sso_start_url") != nil || p.value("sso_account_id") != nil {
            return try SSOProfileProvider(name: name, section: p, context: context).resolve()
        }
        // botocore's order: the credentials file's keys, credential_process, the config file's keys.
        if let keys = try ProfileKeysProvider(name: name, section: p, file: .credentials).resolve() { return keys }
        if let command = p.value("credential_process") {
            return try CredentialProcessProvider(command: command, location: p.location(of: "credential_process"), profile: name).resolve()
        }
        return try ProfileKeysProvider(name: name, section: p, file: .config).resolve()
    }
}
