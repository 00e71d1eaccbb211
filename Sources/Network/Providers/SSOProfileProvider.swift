import Common

/// SSO profiles of the shared config (`sso_session` and legacy `sso_start_url` forms): the AWS
/// CLI v2's cached token is reused, refreshed through SSO OIDC when it has a refresh token and is
/// close to expiry, and traded for role credentials at the SSO portal. Logging in (device
/// authorization) is `aws sso login` or `ekspipe auth login`.
public struct SSOProfileProvider: CredentialProvider {
    public var name: String
    public var section: AWSConfigFiles.Section
    public var context: ProviderContext
    /// Where the AWS CLI's tokens are (`~/.aws/sso/cache`); injected in tests.
    public var tokenDirectory: String = SSOTokenCache.directory

    public init(name: String, section: AWSConfigFiles.Section, context: ProviderContext) {
        self.name = name
        self.section = section
        self.context = context
    }

    /// The start URL, the region of SSO, and the key of the token file (the sso-session's
    /// name, or the legacy start URL, which cannot be refreshed).
    struct Session { var key: String; var startURL: String; var region: String; var refreshable: Bool }

    func session() throws -> Session {
        let p = section
        if let sessionName = p.value("sso_session") {
            guard let s = context.files.ssoSession(sessionName) else {
                throw ProfileConfigError(location: p.location(of: "sso_session"), profile: name, .ssoSessionMissing(session: sessionName, configFile: Path.tilde(context.files.configPath)))
            }
            guard let url = s.value("sso_start_url"), let r = s.value("sso_region") else {
                throw ProfileConfigError(location: s.header, profile: name, .ssoSessionIncomplete(session: sessionName))
            }
            return Session(key: sessionName, startURL: url, region: r, refreshable: true)
        }
        guard let url = p.value("sso_start_url"), let r = p.value("sso_region") else {
            throw ProfileConfigError(location: p.header, profile: name, .ssoProfileIncomplete)
        }
        return Session(key: url, startURL: url, region: r, refreshable: false)
    }

    public func resolve() throws -> ResolvedCredentials? {
        let p = section
        guard let accountId = p.value("sso_account_id"), let roleName = p.value("sso_role_name") else {
            throw ProfileConfigError(location: p.header, profile: name, .ssoProfileWithoutRole)
        }
        let s = try session()
        let now = context.now
        let hint = "run: aws sso login --profile \(name) (or ekspipe auth login)"
        guard var token = try SSOTokenCache.read(key: s.key, directory: tokenDirectory) else {
            throw SSOError(.noLogin(startURL: s.startURL, directory: Path.tilde(tokenDirectory), hint: hint))
        }
        guard let expiresAt = token.expiresAt, token.accessToken?.isEmpty == false else {
            throw SSOError(.unusableCache(path: Path.tilde(token.path), hint: hint))
        }
        if expiresAt.seconds - now.seconds < SSOToken.refreshWindow {
            if s.refreshable && token.canRefresh(at: now) {
                do {
                    let oidc = SSOOIDCClient(http: context.http, endpoint: try ServiceEndpoint.resolve(.ssoOIDC, region: s.region,
                                                                                                   profile: context.selectedProfile, files: context.files))
                    token = try token.refreshed(with: oidc) { now + $0 }
                } catch {
                    // botocore: a failed refresh is fine while the old token still works.
                    if expiresAt <= now {
                        throw SSOError(.refreshFailed(startURL: s.startURL, reason: (error as? ToolError)?.message ?? "\(error)", hint: hint))
                    }
                }
            } else if expiresAt <= now {
                throw SSOError(.expired(startURL: s.startURL, at: expiresAt.iso8601, hint: hint))
            }
        }
        let portal = SSOPortalClient(http: context.http, endpoint: try ServiceEndpoint.resolve(.sso, region: s.region, profile: p, files: context.files))
        do {
            let creds = try portal.getRoleCredentials(accessToken: token.accessToken!, accountId: accountId, roleName: roleName)
            return ResolvedCredentials(credentials: creds,
                                       source: ResolvedCredentials.source("sso", profile: name, roleArn: nil,
                                                                          extra: [("accountId", .string(accountId)), ("roleName", .string(roleName)),
                                                                                  ("startUrl", .string(s.startURL))]))
        } catch let e as AWSServiceError where e.status == 401 || e.code == "UnauthorizedException" {
            throw SSOError(.portalRefused(reason: e.message, hint: hint))
        }
    }
}
