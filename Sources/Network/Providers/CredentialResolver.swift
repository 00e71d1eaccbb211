import Common

/// The AWS SDKs' default credential chain, in their order: environment keys, web identity from
/// the environment, the selected profile of the shared files (role chains, web identity, SSO,
/// static keys, credential_process), the container endpoint, EC2 instance metadata — then,
/// with `--role-arn`, one more AssumeRole on top. Temporary results are cached per selection
/// (under a lock, so parallel runs make one STS call) and reused while fresh.
public final class CredentialResolver {
    public let request: CredentialRequest
    public let http: HTTPClient
    public let now: Timestamp
    public let cache: CredentialCache
    let files: AWSConfigFiles
    /// Reads an MFA code; replaced in tests. Only called when `request.interactive`.
    public var promptMFA: (_ serial: String, _ profile: String) throws -> String = { try MFAPrompt.read(serial: $0, profile: $1) }

    public init(_ request: CredentialRequest, http: HTTPClient = HTTPClient(), now: Timestamp = .now(),
                cache: CredentialCache = CredentialCache()) throws {
        self.request = request
        self.http = http
        self.now = now
        self.cache = cache
        self.files = try AWSConfigFiles.load()
    }

    /// The region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`.
    public lazy var region: String? = {
        request.region ?? Env.nonEmpty("AWS_REGION") ?? Env.nonEmpty("AWS_DEFAULT_REGION")
            ?? files.profile(request.profileName)?["region"].flatMap { $0.isEmpty ? nil : $0 }
    }()

    public func resolve() throws -> ResolvedCredentials {
        // The region is checked where it becomes part of a host name (ServiceEndpoint), as
        // botocore checks it when a client is made: static keys need no region at all.
        // Keys in the environment cost nothing to read and may change between runs: never cached.
        if request.selection.roleArn == nil && !request.explicitProfile, let env = try LocalCredentials.fromEnvironment() {
            if let e = env.expiration, e <= now {
                throw RuntimeError("environment: the credentials expired at \(e.iso8601) (AWS_CREDENTIAL_EXPIRATION); refresh them or unset AWS_ACCESS_KEY_ID")
            }
            return ResolvedCredentials(credentials: env, source: ResolvedCredentials.source("environment"), region: region)
        }
        guard request.useCache else { return try resolveFresh() }
        var r = try cache.resolve(request.selection, at: now) { try resolveFresh() }
        // The region of this run (flag, environment, profile) wins over the one cached.
        if r.fromCache, let region { r.region = region }
        return r
    }

    /// The chain without the cache.
    func resolveFresh() throws -> ResolvedCredentials {
        var base = try baseCredentials()
        if let expiration = base.credentials.expiration, expiration <= now {
            throw RuntimeError("\(base.source["kind"]?.string ?? "the source") gave credentials that expired at \(expiration.iso8601)")
        }
        if let roleArn = request.selection.roleArn {
            let sel = request.selection
            let input = STSClient.AssumeRoleInput(roleArn: roleArn, sessionName: sel.roleSessionName ?? defaultSessionName,
                                                  externalId: sel.externalId, durationSeconds: sel.durationSeconds)
            let assumed = try CredentialSourceError.naming("--role-arn \(roleArn)") {
                try sts().assumeRole(input, credentials: base.credentials)
            }
            base = ResolvedCredentials(credentials: assumed.credentials,
                                       source: ResolvedCredentials.source("assume-role", profile: request.profileName, roleArn: roleArn,
                                                                          extra: [("via", base.source)]))
        }
        base.region = region
        return base
    }

    func baseCredentials() throws -> ResolvedCredentials {
        let name = request.profileName
        if !request.explicitProfile {
            if let env = try LocalCredentials.fromEnvironment() {
                return ResolvedCredentials(credentials: env, source: ResolvedCredentials.source("environment"))
            }
            if let web = try environmentWebIdentity() { return web }
        }
        if let profile = files.profile(name) {
            if let r = try CredentialSourceError.naming("profile \(name)", { try resolveProfile(name, profile, visited: []) }) {
                return r
            }
        } else if name != "default" {
            // botocore: only the default profile may be absent.
            throw RuntimeError("profile '\(name)' not found in \(Path.tilde(files.configPath)) or \(Path.tilde(files.credentialsPath))")
        }
        if let c = try containerCredentials() { return c }
        if let i = try instanceCredentials(profile: files.profile(name)) { return i }
        throw RuntimeError("no AWS credentials found for profile '\(name)' (tried the environment, \(Path.tilde(files.configPath)), \(Path.tilde(files.credentialsPath)), the container endpoint and instance metadata); configure a profile or run: aws sso login --profile \(name) (or ekspipe auth login)")
    }

    var defaultSessionName: String { "ekspipe-\(now.seconds)" }

    lazy var selectedProfile: AWSConfigFiles.Section? = files.profile(request.profileName)

    func sts() throws -> STSClient {
        STSClient(http: http, endpoint: try ServiceEndpoint.resolve(.sts, region: region, profile: selectedProfile, files: files))
    }

    // MARK: environment

    func environmentWebIdentity() throws -> ResolvedCredentials? {
        guard let file = Env.nonEmpty("AWS_WEB_IDENTITY_TOKEN_FILE") else { return nil }
        guard let role = Env.nonEmpty("AWS_ROLE_ARN") else {
            throw InputError("environment: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
        }
        return try CredentialSourceError.naming("web identity (AWS_WEB_IDENTITY_TOKEN_FILE)") {
            try webIdentity(tokenFile: file, roleArn: role, sessionName: Env.nonEmpty("AWS_ROLE_SESSION_NAME"), profile: nil)
        }
    }

    func webIdentity(tokenFile: String, roleArn: String, sessionName: String?, profile: String?) throws -> ResolvedCredentials {
        let bytes: [UInt8]
        do { bytes = try Sys.readFile(Path.absolute(tokenFile)) } catch {
            throw RuntimeError("cannot read the web identity token: \(error)")
        }
        let token = String(String(decoding: bytes, as: UTF8.self).trimmingWhitespace())
        guard !token.isEmpty else { throw RuntimeError("the web identity token file \(tokenFile) is empty") }
        let assumed = try sts().assumeRoleWithWebIdentity(roleArn: roleArn, sessionName: sessionName ?? defaultSessionName, token: token)
        return ResolvedCredentials(credentials: assumed.credentials,
                                   source: ResolvedCredentials.source("web-identity", profile: profile, roleArn: roleArn))
    }

    // MARK: container and instance

    func containerCredentials() throws -> ResolvedCredentials? {
        guard let client = try ContainerCredentialsClient.fromEnvironment(http: http) else { return nil }
        let creds = try CredentialSourceError.naming("container credentials (\(client.origin))") { try client.fetch() }
        return ResolvedCredentials(credentials: creds, source: ResolvedCredentials.source("container"))
    }

    func instanceCredentials(profile: AWSConfigFiles.Section?) throws -> ResolvedCredentials? {
        if InstanceMetadataClient.disabled { return nil }
        let client = try InstanceMetadataClient.fromEnvironment(http: http, profile: profile)
        do {
            guard let (creds, role) = try client.roleCredentials() else { return nil }
            return ResolvedCredentials(credentials: creds, source: ResolvedCredentials.source("imds", extra: [("role", .string(role))]))
        } catch is TransportError {
            // Not an EC2 instance (or IMDS unreachable): the chain simply ends here.
            return nil
        } catch {
            throw CredentialSourceError("instance metadata", error)
        }
    }
}
