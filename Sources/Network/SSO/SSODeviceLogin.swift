import Common

/// The device authorization flow of an Identity Center provider: register (or reuse the
/// stored client), show the code and URL (and open a browser when one can be opened for a
/// person at a terminal), then poll CreateToken at the pace OIDC asks, on the injected clock,
/// and store the session (0600) for the next runs.
struct SSODeviceLogin {
    var client: SSOOIDCClient
    var provider: AuthConfig.Provider
    var clock: ProviderClock
    var say: (String) -> Void
    /// The identity being signed in for, and the command to run, for messages.
    var identity: String
    var loginHint: String
    /// Opens the sign-in page for a person (BrowserOpener, injected so that SSO depends on
    /// no other folder of Network; tests open nothing).
    var openBrowser: (String) -> Void

    /// The token's end: what OIDC granted, cut to the provider's `session.duration` if shorter.
    static func expiry(_ expiresIn: Int64, _ provider: AuthConfig.Provider, from start: Timestamp) -> Timestamp {
        start + min(expiresIn, provider.sessionDurationSeconds.map(Int64.init) ?? expiresIn)
    }

    func run(previous: SSOToken?) throws -> String {
        let startURL = provider.startURL!
        let now = clock.now()
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
        say("sign in to \(startURL) for identity \(identity):")
        say("  open \(url)")
        say("  and check that the code shown is \(device.userCode)")
        openBrowser(url)
        // The person's approval may take minutes: the run's deadline waits (the code's own
        // expiry bounds this loop).
        return try Deadline.waitingForAPerson { try awaitApproval(registration, device) }
    }

    private func awaitApproval(_ registration: SSOOIDCClient.Registration, _ device: SSOOIDCClient.DeviceAuthorization) throws -> String {
        let startURL = provider.startURL!
        var interval = device.interval
        let deadline = clock.now() + device.expiresIn
        while true {
            clock.sleep(Double(interval))
            switch try client.poll(registration, device) {
            case .token(let t):
                var doc = JSONObject()
                doc["startUrl"] = .string(startURL)
                doc["region"] = .string(provider.region ?? "")
                doc["accessToken"] = .string(t.accessToken)
                doc["expiresAt"] = .string(Self.expiry(t.expiresIn, provider, from: clock.now()).iso8601)
                doc["clientId"] = .string(registration.clientId)
                doc["clientSecret"] = .string(registration.clientSecret)
                if let r = registration.expiresAt { doc["registrationExpiresAt"] = .string(r.iso8601) }
                if let r = t.refreshToken { doc["refreshToken"] = .string(r) }
                try SSOSessionStore.write(SSOToken(path: SSOSessionStore.path(startURL: startURL), document: doc))
                say("signed in to \(startURL)")
                return t.accessToken
            case .pending:
                break
            case .slowDown:
                interval += 5  // RFC 8628 §3.5
            case .expired:
                throw SSOError(.codeExpired(userCode: device.userCode, hint: loginHint))
            case .denied:
                throw SSOError(.denied(startURL: startURL, hint: loginHint))
            }
            if clock.now() > deadline {
                throw SSOError(.codeExpired(userCode: device.userCode, hint: loginHint))
            }
        }
    }
}
