import Common

/// SSO profiles of the shared config (`sso_session` and legacy `sso_start_url` forms): the AWS
/// CLI v2's cached token is reused, refreshed through SSO OIDC when it has a refresh token and is
/// close to expiry, and traded for role credentials at the SSO portal. Logging in (device
/// authorization) is `aws sso login` or `ekspipe auth login`.
extension CredentialResolver {
    /// A token is refreshed when it has less than this left, as botocore does.
    static let ssoRefreshWindow: Int64 = 15 * 60

    func resolveSSO(_ name: String, _ p: AWSConfigFiles.Section) throws -> ResolvedCredentials {
        guard let accountId = nonEmpty(p, "sso_account_id"), let roleName = nonEmpty(p, "sso_role_name") else {
            throw InputError("\(p.header): SSO profile '\(name)' needs sso_account_id and sso_role_name")
        }
        let key: String
        let startURL: String
        let ssoRegion: String
        var refreshable = false
        if let sessionName = nonEmpty(p, "sso_session") {
            guard let session = files.ssoSession(sessionName) else {
                throw InputError("\(p.location(of: "sso_session")): [sso-session \(sessionName)] not found in \(Path.tilde(files.configPath))")
            }
            guard let url = nonEmpty(session, "sso_start_url"), let r = nonEmpty(session, "sso_region") else {
                throw InputError("\(session.header): sso-session '\(sessionName)' needs sso_start_url and sso_region")
            }
            key = sessionName
            startURL = url
            ssoRegion = r
            refreshable = true
        } else {
            guard let url = nonEmpty(p, "sso_start_url"), let r = nonEmpty(p, "sso_region") else {
                throw InputError("\(p.header): SSO profile '\(name)' needs sso_start_url and sso_region (or sso_session)")
            }
            key = url
            startURL = url
            ssoRegion = r
        }
        let hint = "run: aws sso login --profile \(name) (or ekspipe auth login)"
        guard var token = try SSOTokenCache.read(key: key) else {
            throw RuntimeError("no SSO login for \(startURL) in \(Path.tilde(SSOTokenCache.directory)); \(hint)")
        }
        guard let expiresAt = token.expiresAt, token.accessToken?.isEmpty == false else {
            throw RuntimeError("the SSO token cache \(Path.tilde(token.path)) has no usable accessToken/expiresAt; \(hint)")
        }
        if expiresAt.seconds - now.seconds < Self.ssoRefreshWindow {
            if refreshable && token.canRefresh(at: now) {
                do {
                    token = try refreshSSOToken(token, region: ssoRegion)
                } catch {
                    // botocore: a failed refresh is fine while the old token still works.
                    if expiresAt <= now { throw RuntimeError("the SSO session for \(startURL) expired and could not be refreshed (\(message(of: error))); \(hint)") }
                }
            } else if expiresAt <= now {
                throw RuntimeError("the SSO session for \(startURL) expired at \(expiresAt.iso8601); \(hint)")
            }
        }
        let portal = SSOPortalClient(http: http, endpoint: try ServiceEndpoint.resolve(.sso, region: ssoRegion, profile: p, files: files))
        do {
            let creds = try portal.getRoleCredentials(accessToken: token.accessToken!, accountId: accountId, roleName: roleName)
            return ResolvedCredentials(credentials: creds,
                                       source: ResolvedCredentials.source("sso", profile: name, roleArn: nil,
                                                                          extra: [("accountId", .string(accountId)), ("roleName", .string(roleName)),
                                                                                  ("startUrl", .string(startURL))]))
        } catch let e as AWSServiceError where e.status == 401 || e.code == "UnauthorizedException" {
            throw RuntimeError("the SSO portal refused the cached token (\(e.message)); \(hint)")
        }
    }

    /// CreateToken with the refresh token; the cache file is updated in place (other fields
    /// kept) so the AWS CLI sees the refreshed session too.
    private func refreshSSOToken(_ token: SSOToken, region: String) throws -> SSOToken {
        let oidc = SSOOIDCClient(http: http, endpoint: try ServiceEndpoint.resolve(.ssoOIDC, region: region, profile: selectedProfile, files: files))
        let fresh = try oidc.refresh(clientId: token.clientId!, clientSecret: token.clientSecret!, refreshToken: token.refreshToken!)
        var updated = token
        updated.document["accessToken"] = .string(fresh.accessToken)
        updated.document["expiresAt"] = .string((now + fresh.expiresIn).iso8601)
        if let r = fresh.refreshToken { updated.document["refreshToken"] = .string(r) }
        try SSOTokenCache.write(updated)
        return updated
    }

    func message(of error: Error) -> String { (error as? ToolError)?.message ?? "\(error)" }
}
