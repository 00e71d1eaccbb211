import Common
import Foundation
import XCTest

/// What the aws/iam-identity-center tests share: the local SSO OIDC/portal fake
/// (scripts/fakes/sso_portal.py), an `auth:` config with one permission-set identity, the
/// token store, a device-flow login on a terminal, a session as a login leaves it, and kubectl
/// through eks-presign against the fake Kubernetes API.
class SSOTestCase: IdentityTestCase {
    var sso: CredentialFake!
    var servers: [AnyObject] = []

    static let startURL = "https://example.awsapps.com/start/"
    /// What the fake issues for account 111111111111 / role Admin with a device-flow token
    /// (the session token carries the access token's first 8 characters).
    static let adminKeys = AWSKeys(accessKeyId: "ASIASSOADMIN", secretAccessKey: "sso-secret-111111111111/Admin",
                                   sessionToken: "sso-session-sso-acce")

    override func tearDownWithError() throws {
        sso?.stop()
        for s in servers { (s as? FakeKube)?.stop() }
        try super.tearDownWithError()
    }

    /// The fake with its state: by default the person approves before the first poll, and the
    /// fake asks for the shortest interval ekspipe honours (1 s), because each poll of the
    /// device flow is a real sleep of that interval (SSODeviceLogin clamps it to at least 1 s;
    /// the pace on an injected clock is tested in NetworkTests' IdentityCenterTests).
    func startSSO(_ state: [String: Any] = [:]) throws {
        var s: [String: Any] = ["roles": ["111111111111/Admin", "222222222222/ReadOnly"],
                                "accounts": ["111111111111": "dev", "222222222222": "prod"],
                                "pendingPolls": 0, "interval": 1]
        for (k, v) in state { s[k] = v }
        let file = home.appendingPathComponent("sso-state.json")
        try JSONSerialization.data(withJSONObject: s).write(to: file)
        sso = try CredentialFake.start("sso_portal.py", ["--state", file.path])
    }

    var env: [String: String] {
        ["AWS_ENDPOINT_URL_SSO": sso.url, "AWS_ENDPOINT_URL_SSO_OIDC": sso.url, "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:1"]
    }

    func writeSSOConfig(account: String = "account: dev") throws {
        try writeAtmos("""
            auth:
              providers:
                company-sso:
                  kind: aws/iam-identity-center
                  region: us-east-1
                  start_url: \(Self.startURL)
              identities:
                dev-admin:
                  kind: aws/permission-set
                  via:
                    provider: company-sso
                  principal:
                    name: Admin
                    \(account)
                  region: us-west-2
              integrations:
                dev/eks:
                  kind: aws/eks
                  via: {identity: dev-admin}
                  spec:
                    cluster: {name: dev-cluster, region: us-west-2, alias: dev-eks}
            """)
    }

    var tokenStore: URL { home.appendingPathComponent(".cache/ekspipe/sso") }

    func storedToken() throws -> [String: Any] {
        let files = try FileManager.default.contentsOfDirectory(atPath: tokenStore.path).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(files.count, 1)
        let data = try Data(contentsOf: tokenStore.appendingPathComponent(files[0]))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func editStoredToken(_ change: (inout [String: Any]) -> Void) throws {
        let name = try FileManager.default.contentsOfDirectory(atPath: tokenStore.path).first { $0.hasSuffix(".json") }!
        let url = tokenStore.appendingPathComponent(name)
        var doc = try storedToken()
        change(&doc)
        try JSONSerialization.data(withJSONObject: doc).write(to: url)
    }

    func paths(_ method: String? = nil) -> [String] {
        sso.requests().filter { method == nil || $0["method"] as? String == method }.compactMap { $0["path"] as? String }
    }

    /// A device-flow login on a terminal; returns the result after checking it succeeded.
    @discardableResult
    func login(_ extra: [String] = []) throws -> Harness.Result {
        let r = try runWithTerminal(identityArgs("dev-admin", extra), env: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r
    }

    /// Starts the fake and leaves the state a device-flow login leaves (see
    /// ProviderSSOTests.testDeviceLoginPrintsTheCodeStoresTheSessionAndResolvesTheAccountByName):
    /// ekspipe's session for the start URL in the store (0600 in 0700, tokens the fake knows)
    /// and the role credentials cached by one run. For the tests of what happens after a
    /// sign-in, without waiting for a device flow's poll interval.
    func startSignedIn(account: String = "account: dev") throws {
        try startSSO(["accessTokens": ["sso-access-stored"], "refreshTokens": ["sso-refresh-stored": "client-stored"],
                      "clients": ["client-stored": "client-secret-stored"]])
        try writeSSOConfig(account: account)
        try FileManager.default.createDirectory(at: tokenStore, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let session: [String: Any] = [
            "startUrl": Self.startURL, "region": "us-east-1", "accessToken": "sso-access-stored",
            "expiresAt": Self.iso(Date().addingTimeInterval(8 * 3600)), "refreshToken": "sso-refresh-stored",
            "clientId": "client-stored", "clientSecret": "client-secret-stored",
            "registrationExpiresAt": Self.iso(Date().addingTimeInterval(90 * 86400)),
        ]
        var name = Self.startURL
        while name.hasSuffix("/") { name.removeLast() }
        let file = tokenStore.appendingPathComponent(Encoding.hex(Hashing.sha1(name)) + ".json")
        try JSONSerialization.data(withJSONObject: session).write(to: file)
        chmod(file.path, 0o600)
        let doc = try resolve(identityArgs("dev-admin", ["--non-interactive"]), env: env)
        XCTAssertEqual((doc["source"] as? [String: Any])?["ssoSession"] as? String, "ekspipe", "the stored session was not used")
        XCTAssertEqual(cacheEntries().count, 1)
    }

    // MARK: - kubectl through eks-presign

    func startKube() throws -> (FakeKube, String) {
        let kube = try FakeKube.start(clusterID: "dev-cluster", keys: [Self.adminKeys],
                                      arns: [Self.adminKeys.accessKeyId: "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin/me"])
        servers.append(kube)
        let config = try kube.writeKubeconfig(in: home, command: Harness.tool("eks-presign"),
                                              args: ["--cluster-name", "dev-cluster", "--region", "us-west-2",
                                                     "--identity", "dev-admin", "--config", atmosURL.path])
        return (kube, config)
    }

    func kubectl(_ config: String) throws -> Harness.Result {
        guard let k = BackgroundProcess.which("kubectl") else { throw XCTSkip("kubectl not on PATH (run scripts/setup)") }
        return try Harness.run(k, ["--kubeconfig", config, "--request-timeout", "20s", "get", "namespaces", "-o", "name"],
                               env: Harness.isolatedEnv(home: home, extra: env), timeout: 90)
    }
}

extension AWSKeys {
    /// These keys with the Expiration the document carries (the fake sets it from its clock).
    func withExpirationFrom(_ doc: [String: Any]) -> AWSKeys {
        var k = self
        k.expiration = (doc["credentials"] as? [String: Any])?["Expiration"] as? String
        return k
    }
}
