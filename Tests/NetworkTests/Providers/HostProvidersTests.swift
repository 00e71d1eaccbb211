import Common
import Foundation
import XCTest
@testable import Network

/// The container endpoint and EC2 instance metadata, on the scripted transport.
final class HostProvidersTests: XCTestCase {
    let creds = #"{"AccessKeyId":"ASIAHOST","SecretAccessKey":"s","Token":"t","Expiration":"2026-11-22T18:00:00Z"}"#

    func testContainerRelativeURIWithToken() throws {
        let t = ScriptedTransport { _, _ in Fixture.json(200, self.creds) }
        let ctx = Fixture.context(t, files: try Fixture.files(self, config: ""),
                                  env: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "v2/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer x"])
        let r = try XCTUnwrap(ContainerProvider(context: ctx).resolve())
        XCTAssertEqual(r.credentials.accessKeyId, "ASIAHOST")
        XCTAssertEqual(r.credentials.expiration, Timestamp.parse("2026-11-22T18:00:00Z"))
        XCTAssertEqual(r.source["kind"]?.string, "container")
        XCTAssertEqual(t.requests.first?.url, "http://169.254.170.2/v2/creds")
        XCTAssertEqual(t.requests.first?.header("Authorization"), "Bearer x")
    }

    func testContainerAbsentAndRefused() throws {
        let t = ScriptedTransport { _, _ in Fixture.json(500, "{}") }
        let files = try Fixture.files(self, config: "")
        XCTAssertNil(try ContainerProvider(context: Fixture.context(t, files: files)).resolve())
        let plain = Fixture.context(t, files: files, env: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"])
        XCTAssertThrowsError(try ContainerProvider(context: plain).resolve()) { e in
            XCTAssertTrue(Fixture.message(e).contains("plain http is allowed only to loopback"), "\(e)")
        }
        XCTAssertTrue(t.requests.isEmpty)
    }

    func testInstanceMetadataRoleCredentials() throws {
        let t = ScriptedTransport { r, _ in
            if r.method == "PUT" { return .success(HTTPResponse(status: 200, headers: [], body: Array("imds-token".utf8))) }
            if r.url.hasSuffix("/security-credentials/") { return .success(HTTPResponse(status: 200, headers: [], body: Array("node-role\n".utf8))) }
            return Fixture.json(200, #"{"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"s","Token":"t","Expiration":"2026-11-22T18:00:00Z"}"#)
        }
        let r = try XCTUnwrap(InstanceMetadataProvider(context: Fixture.context(t, files: try Fixture.files(self, config: ""))).resolve())
        XCTAssertEqual(r.credentials.accessKeyId, "ASIAIMDS")
        XCTAssertEqual(r.source["role"]?.string, "node-role")
        XCTAssertEqual(t.requests.map(\.url), ["http://169.254.169.254/latest/api/token", "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                                              "http://169.254.169.254/latest/meta-data/iam/security-credentials/node-role"])
        XCTAssertEqual(t.requests[2].header("X-aws-ec2-metadata-token"), "imds-token")
    }

    func testInstanceMetadataDisabledOrUnreachableEndsTheChain() throws {
        let files = try Fixture.files(self, config: "")
        let none = ScriptedTransport { _, _ in XCTFail("no request when disabled"); return Fixture.json(500, "") }
        XCTAssertNil(try InstanceMetadataProvider(context: Fixture.context(none, files: files, env: ["AWS_EC2_METADATA_DISABLED": "TRUE"])).resolve())
        let down = ScriptedTransport { _, _ in .failure(TransportError(kind: .connect, host: "169.254.169.254", reason: "refused")) }
        XCTAssertNil(try InstanceMetadataProvider(context: Fixture.context(down, files: files)).resolve(), "not an EC2 instance")
    }
}
