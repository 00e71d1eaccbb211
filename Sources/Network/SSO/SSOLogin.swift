import Common

/// The access token of an `aws/iam-identity-center` provider, cheapest source first:
/// ekspipe's stored session while valid; its refresh token (no browser) when near expiry;
/// a valid AWS CLI v2 token for the same start URL; and only then the device authorization
/// flow, which needs a person — so a run that may not prompt fails at once with the command
/// to run instead of hanging or opening a browser.
extension IdentityResolver {
    /// Refreshed when less than this is left, as botocore does.
    static let ssoRefreshWindow: Int64 = 15 * 60
    /// A CLI token is only borrowed when it has this long left.
    static let cliTokenMargin: Int64 = 5 * 60

    func ssoAccessToken(_ provider: AuthConfig.Provider) throws -> (token: String, origin: String) {
        if let memo = ssoTokens[provider.name] { return memo }
        let found = try findSSOToken(provider)
        ssoTokens[provider.name] = found
        return found
    }

    private func findSSOToken(_ provider: AuthConfig.Provider) throws -> (token: String, origin: String) {
        let startURL = provider.startURL!
        let own = SSOSessionStore.read(startURL: startURL)
        if let own, let access = own.accessToken, !access.isEmpty, let exp = own.expiresAt {
            if exp.seconds - now.seconds >= Self.ssoRefreshWindow { return (access, "ekspipe") }
            if own.canRefresh(at: now), let refreshed = try? refreshSSO(own, provider) { return (refreshed, "ekspipe-refreshed") }
            if exp > now { return (access, "ekspipe") }
        }
        if let cli = SSOSessionStore.cliToken(startURL: startURL, at: now, margin: Self.cliTokenMargin) {
            return (cli.accessToken!, "aws-cli")
        }
        guard interactive else {
            let why = own == nil ? "no SSO session" : "the SSO session expired"
            throw RuntimeError("provider \(provider.name): \(why) for \(startURL) and signing in needs a browser, which this run may not ask for (--non-interactive, or no terminal); \(loginHint)")
        }
        return (try deviceLogin(provider, previous: own), "device-authorization")
    }

    func oidc(_ provider: AuthConfig.Provider) throws -> SSOOIDCClient {
        SSOOIDCClient(http: http, endpoint: try ServiceEndpoint.resolve(.ssoOIDC, region: provider.region))
    }

    /// CreateToken with the refresh token; ekspipe's file is rewritten with the new tokens.
    private func refreshSSO(_ token: SSOToken, _ provider: AuthConfig.Provider) throws -> String {
        let fresh = try oidc(provider).refresh(clientId: token.clientId!, clientSecret: token.clientSecret!, refreshToken: token.refreshToken!)
        var updated = token
        updated.document["accessToken"] = .string(fresh.accessToken)
        updated.document["expiresAt"] = .string(expiry(fresh.expiresIn, provider).iso8601)
        if let r = fresh.refreshToken { updated.document["refreshToken"] = .string(r) }
        try SSOSessionStore.write(updated)
        return fresh.accessToken
    }

    /// The token's end: what OIDC granted, cut to the provider's `session.duration` if shorter.
    private func expiry(_ expiresIn: Int64, _ provider: AuthConfig.Provider, from start: Timestamp? = nil) -> Timestamp {
        (start ?? now) + min(expiresIn, provider.sessionDurationSeconds.map(Int64.init) ?? expiresIn)
    }

    /// The device authorization flow: the code and URL on stderr (and a browser when one can
    /// be opened for a person at a terminal), then CreateToken polled at the pace OIDC asks.
    private func deviceLogin(_ provider: AuthConfig.Provider, previous: SSOToken?) throws -> String {
        let startURL = provider.startURL!
        let client = try oidc(provider)
        var registration: SSOOIDCClient.Registration
        if let p = previous, let id = p.clientId, let secret = p.clientSecret, p.registrationExpiresAt.map({ $0.seconds > now.seconds + 3600 }) ?? false {
            registration = SSOOIDCClient.Registration(clientId: id, clientSecret: secret, expiresAt: p.registrationExpiresAt)
        } else {
            registration = try client.registerClient(name: "ekspipe-\(provider.name)")
        }
        var device: SSOOIDCClient.DeviceAuthorization
        do {
            device = try client.startDeviceAuthorization(registration, startURL: startURL)
        } catch let e as AWSServiceError where e.code == "InvalidClientException" || e.code == "invalid_client" {
            registration = try client.registerClient(name: "ekspipe-\(provider.name)")
            device = try client.startDeviceAuthorization(registration, startURL: startURL)
        }
        let url = device.verificationURIComplete ?? device.verificationURI
        let tool = Path.basename(CommandLine.arguments.first ?? "ekspipe")
        Output.stderr("\(tool): sign in to \(startURL) for identity \(requested):")
        Output.stderr("\(tool):   open \(url)")
        Output.stderr("\(tool):   and check that the code shown is \(device.userCode)")
        BrowserOpener.open(url)
        // The person's approval may take minutes: the run's deadline waits (the code's own
        // expiry bounds this loop).
        return try Deadline.waitingForAPerson { try awaitApproval(client, registration, device, provider) }
    }

    private func awaitApproval(_ client: SSOOIDCClient, _ registration: SSOOIDCClient.Registration,
                               _ device: SSOOIDCClient.DeviceAuthorization, _ provider: AuthConfig.Provider) throws -> String {
        let startURL = provider.startURL!
        let tool = Path.basename(CommandLine.arguments.first ?? "ekspipe")
        var interval = device.interval
        let deadline = Timestamp.now() + device.expiresIn
        while true {
            RetryPolicy.sleep(Double(interval))
            switch try client.poll(registration, device) {
            case .token(let t):
                var doc = JSONObject()
                doc["startUrl"] = .string(startURL)
                doc["region"] = .string(provider.region ?? "")
                doc["accessToken"] = .string(t.accessToken)
                doc["expiresAt"] = .string(expiry(t.expiresIn, provider, from: .now()).iso8601)
                doc["clientId"] = .string(registration.clientId)
                doc["clientSecret"] = .string(registration.clientSecret)
                if let r = registration.expiresAt { doc["registrationExpiresAt"] = .string(r.iso8601) }
                if let r = t.refreshToken { doc["refreshToken"] = .string(r) }
                try SSOSessionStore.write(SSOToken(path: SSOSessionStore.path(startURL: startURL), document: doc))
                Output.stderr("\(tool): signed in to \(startURL)")
                return t.accessToken
            case .pending:
                break
            case .slowDown:
                interval += 5  // RFC 8628 §3.5
            case .expired:
                throw RuntimeError("the sign-in code \(device.userCode) expired before it was approved; \(loginHint)")
            case .denied:
                throw RuntimeError("the sign-in to \(startURL) was denied; \(loginHint)")
            }
            if Timestamp.now() > deadline {
                throw RuntimeError("the sign-in code \(device.userCode) expired before it was approved; \(loginHint)")
            }
        }
    }
}
