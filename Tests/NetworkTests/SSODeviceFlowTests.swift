import Common
import XCTest
@testable import Network

/// The SSO OIDC device-flow and portal calls on a scripted transport: what is sent, and how
/// every CreateToken answer of a pending authorization is read (both the OAuth `error` body
/// and the `x-amzn-ErrorType` header forms AWS uses).
final class SSODeviceFlowTests: XCTestCase {
    let endpoint = ServiceEndpoint(url: URLParts("http://127.0.0.1:4566")!, signingRegion: "us-east-1", origin: "test")
    let registration = SSOOIDCClient.Registration(clientId: "cid", clientSecret: "csecret", expiresAt: nil)
    let device = SSOOIDCClient.DeviceAuthorization(deviceCode: "dc", userCode: "UC", verificationURI: "https://v",
                                                   verificationURIComplete: nil, expiresIn: 600, interval: 1)

    static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Result<HTTPResponse, TransportError> {
        .success(HTTPResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8)))
    }

    func poll(_ answer: Result<HTTPResponse, TransportError>) throws -> SSOOIDCClient.Poll {
        let t = ScriptedTransport { _, _ in answer }
        let (c, _) = client(t)
        return try SSOOIDCClient(http: c, endpoint: endpoint).poll(registration, device)
    }

    func testPollAnswers() throws {
        guard case .pending = try poll(Self.json(400, #"{"error":"authorization_pending","error_description":"x"}"#)) else { return XCTFail() }
        guard case .slowDown = try poll(Self.json(400, #"{"error":"slow_down"}"#)) else { return XCTFail() }
        guard case .expired = try poll(Self.json(400, "{}", headers: [("x-amzn-ErrorType", "ExpiredTokenException")])) else { return XCTFail() }
        guard case .denied = try poll(Self.json(400, #"{"error":"access_denied"}"#)) else { return XCTFail() }
        guard case .token(let t) = try poll(Self.json(200, #"{"accessToken":"at","expiresIn":28800,"refreshToken":"rt","tokenType":"Bearer"}"#)) else {
            return XCTFail()
        }
        XCTAssertEqual(t.accessToken, "at")
        XCTAssertEqual(t.expiresIn, 28800)
        XCTAssertEqual(t.refreshToken, "rt")
        XCTAssertThrowsError(try poll(Self.json(400, #"{"error":"invalid_client"}"#))) { e in
            XCTAssertEqual((e as? AWSServiceError)?.code, "invalid_client")
        }
    }

    func testPollSendsTheDeviceCodeGrant() throws {
        let t = ScriptedTransport { _, _ in Self.json(400, #"{"error":"authorization_pending"}"#) }
        let (c, _) = client(t)
        _ = try SSOOIDCClient(http: c, endpoint: endpoint).poll(registration, device)
        let r = try XCTUnwrap(t.requests.first)
        XCTAssertEqual(r.url, "http://127.0.0.1:4566/token")
        XCTAssertNil(r.header("Authorization"), "OIDC calls are not SigV4-signed")
        let body = try JSON.parse(String(decoding: r.body, as: UTF8.self))
        XCTAssertEqual(body["grantType"]?.string, "urn:ietf:params:oauth:grant-type:device_code")
        XCTAssertEqual(body["deviceCode"]?.string, "dc")
        XCTAssertEqual(body["clientSecret"]?.string, "csecret")
        XCTAssertEqual(t.requests.count, 1, "a 400 is an answer, not retried")
    }

    func testRegisterAndStart() throws {
        let t = ScriptedTransport { r, _ in
            r.url.hasSuffix("/client/register")
                ? Self.json(200, #"{"clientId":"c1","clientSecret":"s1","clientIdIssuedAt":1,"clientSecretExpiresAt":1900000000}"#)
                : Self.json(200, #"{"deviceCode":"d","userCode":"U-1","verificationUri":"https://v","verificationUriComplete":"https://v?c=U-1","expiresIn":300,"interval":0}"#)
        }
        let (c, _) = client(t)
        let oidc = SSOOIDCClient(http: c, endpoint: endpoint)
        let reg = try oidc.registerClient(name: "ekspipe-x")
        XCTAssertEqual(reg.clientId, "c1")
        XCTAssertEqual(reg.expiresAt, Timestamp(seconds: 1_900_000_000))
        let d = try oidc.startDeviceAuthorization(reg, startURL: "https://x.awsapps.com/start")
        XCTAssertEqual(d.userCode, "U-1")
        XCTAssertEqual(d.verificationURIComplete, "https://v?c=U-1")
        XCTAssertEqual(d.interval, 1, "never poll in a busy loop")
        let reqBody = try JSON.parse(String(decoding: t.requests[0].body, as: UTF8.self))
        XCTAssertEqual(reqBody["clientType"]?.string, "public")
        XCTAssertEqual(reqBody["grantTypes"]?.array?.compactMap(\.string), ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"])
        XCTAssertEqual(try JSON.parse(String(decoding: t.requests[1].body, as: UTF8.self))["startUrl"]?.string, "https://x.awsapps.com/start")
    }

    func testListAccountsFollowsPages() throws {
        let t = ScriptedTransport { r, _ in
            r.url.contains("next_token=p2")
                ? Self.json(200, #"{"accountList":[{"accountId":"222","accountName":"prod"}]}"#)
                : Self.json(200, #"{"accountList":[{"accountId":"111","accountName":"dev"}],"nextToken":"p2"}"#)
        }
        let (c, _) = client(t)
        let accounts = try SSOPortalClient(http: c, endpoint: endpoint).listAccounts(accessToken: "bearer-1")
        XCTAssertEqual(accounts, [.init(id: "111", name: "dev"), .init(id: "222", name: "prod")])
        XCTAssertEqual(t.requests.count, 2)
        XCTAssertEqual(t.requests[0].header("x-amz-sso_bearer_token"), "bearer-1")
        XCTAssertTrue(t.requests[0].url.hasPrefix("http://127.0.0.1:4566/assignment/accounts?max_result=100"), t.requests[0].url)
    }
}
