import Common

/// A profile's `role_arn`, assumed with the credentials of its `source_profile` (followed
/// through chains; a profile may name itself for its own static keys) or of its
/// `credential_source` (Environment, EcsContainer, Ec2InstanceMetadata), with the profile's
/// `mfa_serial`, `external_id`, `role_session_name` and `duration_seconds`.
public struct AssumeRoleProfileProvider: CredentialProvider {
    public var name: String
    public var section: AWSConfigFiles.Section
    public var roleArn: String
    public var context: ProviderContext
    /// The chain so far, this profile included.
    public var visited: [String]

    public init(name: String, section: AWSConfigFiles.Section, roleArn: String, context: ProviderContext, visited: [String]) {
        self.name = name
        self.section = section
        self.roleArn = roleArn
        self.context = context
        self.visited = visited
    }

    public func resolve() throws -> ResolvedCredentials? {
        let p = section
        let base = try baseCredentials()
        var duration: Int? = nil
        if let d = p.value("duration_seconds") {
            guard let n = Int(d), n >= 900, n <= 43200 else {
                throw ProfileConfigError(location: p.location(of: "duration_seconds"), profile: name, .durationSeconds)
            }
            duration = n
        }
        var serial: String? = nil
        var code: String? = nil
        if let s = p.value("mfa_serial") {
            guard context.interactive else {
                throw MFAError(.roleNotInteractive(roleArn: roleArn, serial: s, profile: context.profileName))
            }
            serial = s
            code = try context.promptMFA(s, "profile \(name)")
        }
        let input = STSClient.AssumeRoleInput(roleArn: roleArn, sessionName: p.value("role_session_name") ?? context.defaultSessionName,
                                              externalId: p.value("external_id"), durationSeconds: duration,
                                              serialNumber: serial, tokenCode: code)
        let assumed = try CredentialSourceError.naming("assume role \(roleArn)") {
            try context.sts().assumeRole(input, credentials: base.credentials)
        }
        return ResolvedCredentials(credentials: assumed.credentials,
                                   source: ResolvedCredentials.source("assume-role", profile: name, roleArn: roleArn, extra: [("via", base.source)]),
                                   notices: base.notices)
    }

    func baseCredentials() throws -> ResolvedCredentials {
        let p = section
        let sourceProfile = p.value("source_profile")
        let credentialSource = p.value("credential_source")
        if sourceProfile != nil && credentialSource != nil {
            throw ProfileConfigError(location: p.location(of: "credential_source"), profile: name, .bothSourceProfileAndCredentialSource)
        }
        if let sp = sourceProfile {
            if sp == name, let keys = try ProfileKeysProvider(name: name, section: p).resolve() { return keys }
            if visited.contains(sp) {
                throw ProfileConfigError(location: p.location(of: "source_profile"), profile: name, .sourceProfileLoop(chain: visited + [sp]))
            }
            guard let section = context.files.profile(sp) else {
                throw ProfileConfigError(location: p.location(of: "source_profile"), profile: name, .sourceProfileMissing(sourceProfile: sp))
            }
            // botocore: a source profile with static keys (either key present) gives its keys;
            // only one without them is followed into its own role_arn.
            let hasKeys = section["aws_access_key_id"] != nil || section["aws_secret_access_key"] != nil
            let provider = ProfileProvider(name: sp, section: section, context: context, visited: visited, ownRole: !hasKeys)
            guard let r = try CredentialSourceError.naming("source profile \(sp)", { try provider.resolve() }) else {
                throw ProfileConfigError(location: section.location(of: "aws_access_key_id"), profile: name, .sourceProfileWithoutCredentials(sourceProfile: sp))
            }
            return r
        }
        guard let cs = credentialSource else {
            throw ProfileConfigError(location: p.location(of: "role_arn"), profile: name, .roleWithoutSource)
        }
        return try fromCredentialSource(cs, location: p.location(of: "credential_source"))
    }

    private func fromCredentialSource(_ cs: String, location: String) throws -> ResolvedCredentials {
        switch cs {
        case "Environment":
            // The keys as set: STS judges them (an expired session is its error to give).
            guard let keys = try EnvironmentKeysProvider(environment: context.environment, now: context.now).keys() else {
                throw CredentialChainError(.environmentUnset)
            }
            return ResolvedCredentials(credentials: keys, source: ResolvedCredentials.source("environment"))
        case "EcsContainer":
            guard let c = try ContainerProvider(context: context).resolve() else {
                throw CredentialChainError(.containerUnset)
            }
            return c
        case "Ec2InstanceMetadata":
            let imds = InstanceMetadataProvider(context: context)
            guard !imds.disabled else {
                throw CredentialChainError(.instanceMetadataDisabled)
            }
            guard let i = try imds.resolve() else {
                throw CredentialChainError(.instanceMetadataEmpty)
            }
            return i
        default:
            throw ProfileConfigError(location: location, profile: name, .unknownCredentialSource)
        }
    }
}
