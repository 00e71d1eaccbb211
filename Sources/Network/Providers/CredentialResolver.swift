import Common

/// The composer of the AWS SDKs' default credential chain, in their order: environment keys,
/// web identity from the environment, the selected profile of the shared files (ProfileProvider:
/// role chains, web identity, SSO, static keys, credential_process), the container endpoint,
/// EC2 instance metadata — then, with `--role-arn`, one more AssumeRole on top. Temporary
/// results go through the cache decorator (CachingProvider) and are reused while fresh.
public final class CredentialResolver {
    public let request: CredentialRequest
    public let http: HTTPClient
    public let now: Timestamp
    public let cache: CredentialCache
    public let environment: Environment
    let files: AWSConfigFiles
    /// Reads an MFA code (`serial`, `owner`); replaced in tests. Only called when `request.interactive`.
    public var promptMFA: (_ serial: String, _ owner: String) throws -> String = { try MFAPrompt.read(serial: $0, owner: $1) }

    public init(_ request: CredentialRequest, http: HTTPClient = HTTPClient(), now: Timestamp = .now(),
                cache: CredentialCache = CredentialCache(), environment: Environment = .process, files: AWSConfigFiles? = nil) throws {
        self.request = request
        self.http = http
        self.now = now
        self.cache = cache
        self.environment = environment
        self.files = try files ?? AWSConfigFiles.load()
    }

    /// The region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`.
    public lazy var region: String? = RegionChain.resolve(flag: request.region, environment: environment) {
        RegionChain.profileRegion(request.profileName, in: files)
    }

    var context: ProviderContext {
        ProviderContext(http: http, files: files, environment: environment, now: now, region: region,
                        profileName: request.profileName, interactive: request.interactive, promptMFA: promptMFA)
    }

    public func resolve() throws -> ResolvedCredentials {
        // The region is checked where it becomes part of a host name (ServiceEndpoint), as
        // botocore checks it when a client is made: static keys need no region at all.
        // Keys in the environment cost nothing to read and may change between runs: never cached.
        if request.selection.roleArn == nil && !request.explicitProfile,
           var env = try EnvironmentKeysProvider(environment: environment, now: now).resolve() {
            env.region = region
            return env
        }
        let fresh = ClosureProvider { [self] in try resolveFresh() }
        guard request.useCache else { return try resolveFresh() }
        // The cache decorator answers for every selection: a nil from the chain is impossible
        // (it throws when nothing is found).
        var r = try CachingProvider(fresh, cache: cache, selection: request.selection, now: now).resolve()!
        // The region of this run (flag, environment, profile) wins over the one cached.
        if r.fromCache, let region { r.region = region }
        return r
    }

    /// The chain without the cache, with `--role-arn` on top.
    func resolveFresh() throws -> ResolvedCredentials {
        var base = try baseCredentials()
        if let expiration = base.credentials.expired(at: now) {
            throw CredentialChainError(.expired(source: base.source["kind"]?.string ?? "the source", at: expiration.iso8601))
        }
        if let roleArn = request.selection.roleArn {
            let sel = request.selection
            let input = STSClient.AssumeRoleInput(roleArn: roleArn, sessionName: sel.roleSessionName ?? context.defaultSessionName,
                                                  externalId: sel.externalId, durationSeconds: sel.durationSeconds)
            let assumed = try CredentialSourceError.naming("--role-arn \(roleArn)") {
                try context.sts().assumeRole(input, credentials: base.credentials)
            }
            base = ResolvedCredentials(credentials: assumed.credentials,
                                       source: ResolvedCredentials.source("assume-role", profile: request.profileName, roleArn: roleArn,
                                                                          extra: [("via", base.source)]),
                                       notices: base.notices)
        }
        base.region = region
        return base
    }

    /// The providers of the default chain, in order; the first answer wins.
    func providers() -> [any CredentialProvider] {
        let context = self.context
        let name = request.profileName
        var chain: [any CredentialProvider] = []
        if !request.explicitProfile {
            chain.append(EnvironmentKeysProvider(environment: environment, now: now))
            chain.append(ClosureProvider { try WebIdentityProvider.fromEnvironment(context)?.resolve() })
        }
        chain.append(ClosureProvider { [files] in
            guard let profile = files.profile(name) else {
                // botocore: only the default profile may be absent.
                guard name == "default" else {
                    throw CredentialChainError(.profileNotFound(profile: name, configFile: Path.tilde(files.configPath), credentialsFile: Path.tilde(files.credentialsPath)))
                }
                return nil
            }
            let provider = ProfileProvider(name: name, section: profile, context: context)
            return try CredentialSourceError.naming("profile \(name)") { try provider.resolve() }
        })
        chain.append(ContainerProvider(context: context))
        chain.append(InstanceMetadataProvider(context: context))
        return chain
    }

    func baseCredentials() throws -> ResolvedCredentials {
        if let r = try providers().firstResolved() { return r }
        let name = request.profileName
        throw CredentialChainError(.noCredentials(profile: name, configFile: Path.tilde(files.configPath), credentialsFile: Path.tilde(files.credentialsPath)))
    }
}
