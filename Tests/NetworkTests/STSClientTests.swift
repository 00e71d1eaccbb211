import Common
import XCTest
@testable import Network

final class STSClientTests: XCTestCase {
    let answer = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/dev/s</Arn></AssumedRoleUser>
            <Credentials>
              <AccessKeyId>ASIATEST</AccessKeyId><SecretAccessKey>secret/+=</SecretAccessKey>
              <SessionToken>token==</SessionToken><Expiration>2026-11-22T13:00:00Z</Expiration>
            </Credentials>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """
    let endpoint = ServiceEndpoint(url: URLParts("http://127.0.0.1:4566")!, signingRegion: "us-west-2", origin: "test")
    let base = Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "base-token")

    func testAssumeRoleRequestAndAnswer() throws {
        let t = ScriptedTransport { _, _ in ScriptedTransport.xml(200, self.answer) }
        let (c, _) = client(t)
        let sts = STSClient(http: c, endpoint: endpoint)
        let out = try sts.assumeRole(.init(roleArn: "arn:aws:iam::123456789012:role/dev", sessionName: "s", externalId: "ext id",
                                           durationSeconds: 900), credentials: base)
        XCTAssertEqual(out.credentials, Credentials(accessKeyId: "ASIATEST", secretAccessKey: "secret/+=", sessionToken: "token==",
                                                    expiration: Timestamp.parse("2026-11-22T13:00:00Z")))
        XCTAssertEqual(out.assumedRoleArn, "arn:aws:sts::123456789012:assumed-role/dev/s")
        let r = try XCTUnwrap(t.requests.first)
        XCTAssertEqual(r.method, "POST")
        XCTAssertEqual(r.url, "http://127.0.0.1:4566/")
        XCTAssertEqual(String(decoding: r.body, as: UTF8.self),
                       "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdev&RoleSessionName=s&DurationSeconds=900&ExternalId=ext%20id")
        let auth = try XCTUnwrap(r.header("Authorization"))
        XCTAssertTrue(auth.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), auth)
        XCTAssertTrue(auth.contains("/us-west-2/sts/aws4_request"), "signed for the real region, not the override host: \(auth)")
        XCTAssertEqual(r.header("X-Amz-Security-Token"), "base-token")
        XCTAssertNotNil(r.header("X-Amz-Date"))

        // The signature is the one SigV4 gives for what is sent, with the host and port of the URL.
        var signer = SigV4Signer(credentials: base, region: "us-west-2", service: "sts", date: Timestamp.parse(r.header("X-Amz-Date")!)!)
        signer.normalizePath = true
        let expected = signer.signHeaders(SigV4Request(method: "POST", host: "127.0.0.1:4566", path: "/",
                                                       headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: r.body))
        XCTAssertEqual(expected.request.headers.first { $0.0 == "Authorization" }?.1, auth)
    }

    func testWebIdentityIsUnsigned() throws {
        let t = ScriptedTransport { _, _ in
            ScriptedTransport.xml(200, self.answer.replacingOccurrences(of: "AssumeRoleResult", with: "AssumeRoleWithWebIdentityResult"))
        }
        let (c, _) = client(t)
        let out = try STSClient(http: c, endpoint: endpoint).assumeRoleWithWebIdentity(roleArn: "arn:aws:iam::1:role/x", sessionName: "s", token: "jwt")
        XCTAssertEqual(out.credentials.accessKeyId, "ASIATEST")
        XCTAssertNil(t.requests.first?.header("Authorization"))
        XCTAssertTrue(String(decoding: t.requests.first!.body, as: UTF8.self).contains("WebIdentityToken=jwt"))
    }

    func testIncompleteAnswer() {
        let t = ScriptedTransport { _, _ in ScriptedTransport.xml(200, "<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>") }
        let (c, _) = client(t)
        XCTAssertThrowsError(try STSClient(http: c, endpoint: endpoint).assumeRole(.init(roleArn: "a", sessionName: "s"), credentials: base)) { e in
            XCTAssertTrue((e as? ToolError)?.message.contains("AssumeRoleResult/Credentials") == true, "\(e)")
        }
    }
}
