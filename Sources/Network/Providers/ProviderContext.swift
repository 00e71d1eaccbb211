import Common

/// What the SDK chain's providers share, as values: the transport, the shared files, the
/// environment, the run's instant, the region, and whether a person may be asked. Providers
/// hold a copy; none calls back into the composer.
public struct ProviderContext {
    public var http: HTTPClient
    public var files: AWSConfigFiles
    public var environment: Environment
    public var now: Timestamp
    /// The run's region (flag, environment, profile): STS endpoints and the result's region.
    public var region: String?
    /// The selected profile's name (for messages) and section (its endpoint settings apply to
    /// every STS and OIDC call of the run, as in botocore).
    public var profileName: String
    /// False with `--non-interactive`: an MFA code is then an error.
    public var interactive: Bool
    /// Reads an MFA code (`serial`, `owner` as "profile dev"); replaced in tests.
    public var promptMFA: (_ serial: String, _ owner: String) throws -> String

    public init(http: HTTPClient, files: AWSConfigFiles, environment: Environment = .process, now: Timestamp,
                region: String?, profileName: String, interactive: Bool,
                promptMFA: @escaping (_ serial: String, _ owner: String) throws -> String = { try MFAPrompt.read(serial: $0, owner: $1) }) {
        self.http = http
        self.files = files
        self.environment = environment
        self.now = now
        self.region = region
        self.profileName = profileName
        self.interactive = interactive
        self.promptMFA = promptMFA
    }

    public var selectedProfile: AWSConfigFiles.Section? { files.profile(profileName) }

    /// `ekspipe-<unix time>`, as the CLI names sessions it starts without a configured name.
    public var defaultSessionName: String { "ekspipe-\(now.seconds)" }

    func sts() throws -> STSClient {
        STSClient(http: http, endpoint: try ServiceEndpoint.resolve(.sts, region: region, profile: selectedProfile, files: files))
    }
}
