import Common

/// What the caller asks of the credential chain (creds-resolve's flags; eks-describe builds the
/// same when it resolves credentials itself).
public struct CredentialRequest: Sendable {
    /// The cache key comes from this; `profile` is always the selected profile name (the flag,
    /// `AWS_PROFILE`, `AWS_DEFAULT_PROFILE` or "default"), as eks-presign computes it.
    public var selection: CredentialSelection
    /// `--profile` was given: as in botocore, an explicit profile skips the environment keys.
    public var explicitProfile: Bool
    /// `--region`.
    public var region: String?
    /// False with `--no-cache`: the cache is neither read nor written.
    public var useCache: Bool
    /// False with `--non-interactive`: never prompt (an MFA code is then an error).
    public var interactive: Bool

    public init(profileFlag: String? = nil, roleArn: String? = nil, externalId: String? = nil, roleSessionName: String? = nil,
                durationSeconds: Int? = nil, region: String? = nil, useCache: Bool = true, interactive: Bool = true) {
        selection = CredentialSelection(profile: AWSConfigFiles.selectedProfileName(flag: profileFlag), roleArn: roleArn,
                                        externalId: externalId, roleSessionName: roleSessionName, durationSeconds: durationSeconds)
        explicitProfile = profileFlag != nil && !(profileFlag!.isEmpty)
        self.region = region
        self.useCache = useCache
        self.interactive = interactive
    }

    public var profileName: String { selection.profile ?? "default" }
}
