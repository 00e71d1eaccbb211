import Foundation
import XCTest

/// What the flows ask of the config without resolving anything: its identities
/// (`--list-identities`), and the identity an integration belongs to (`--integration` alone).
/// No request is made: the endpoint points nowhere.
final class IdentityListTests: IdentityTestCase {
    let nowhere = ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"]
    let config = """
        auth:
          identities:
            base: {kind: aws/ambient}
            admin:
              kind: aws/assume-role
              via: {identity: base}
              principal: {assume_role: "arn:aws:iam::123456789012:role/admin"}
          integrations:
            dev/eks:
              kind: aws/eks
              via: {identity: admin}
              spec: {cluster: {name: dev, region: us-east-2}}
            ops/eks:
              kind: aws/eks
              via: {identity: base}
              spec: {auto_provision: false, cluster: {name: ops, region: eu-west-1}}
        """

    func testListIdentities() throws {
        try writeAtmos(config)
        let r = try run(["--list-identities", "--config", atmosURL.path], env: nowhere)
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try r.json()
        XCTAssertEqual(doc["config"] as? String, atmosURL.path)
        let ids = try XCTUnwrap(doc["identities"] as? [[String: Any]])
        XCTAssertEqual(ids.map { $0["name"] as? String }, ["base", "admin"])
        XCTAssertEqual(ids.map { $0["kind"] as? String }, ["aws/ambient", "aws/assume-role"])
        XCTAssertEqual(ids[0]["integrations"] as? [String], ["ops/eks"])
        XCTAssertEqual(ids[1]["integrations"] as? [String], ["dev/eks"])

        let mixed = try run(["--list-identities", "--identity", "admin"], env: nowhere)
        XCTAssertEqual(mixed.status, 2)
        XCTAssertTrue(mixed.stderr.hasPrefix("creds-resolve: --list-identities takes only --config"), mixed.stderr)
    }

    func testIntegrationAloneFindsItsIdentity() throws {
        try writeAtmos(config)
        // The identity is found from the config; resolving it then fails only at the (absent) network.
        let r = try run(["--integration", "ops/eks", "--config", atmosURL.path, "--non-interactive"],
                        env: nowhere.merging(["AWS_ACCESS_KEY_ID": "AKIDBASE", "AWS_SECRET_ACCESS_KEY": "s"]) { $1 })
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try r.json()
        XCTAssertEqual(doc["identity"] as? String, "base")
        XCTAssertEqual((doc["clusters"] as? [[String: Any]])?.map { $0["name"] as? String }, ["ops"])

        let unknown = try fail(["--integration", "nope", "--config", atmosURL.path], env: nowhere, status: 2)
        XCTAssertTrue(unknown.contains("no integration 'nope'"), unknown)
        XCTAssertTrue(unknown.contains("known: dev/eks, ops/eks"), unknown)
        let two = try run(["--integration", "ops/eks", "--integration", "dev/eks", "--config", atmosURL.path], env: nowhere)
        XCTAssertEqual(two.status, 2)
        XCTAssertTrue(two.stderr.contains("belong to different identities (admin, base)"), two.stderr)
    }
}
