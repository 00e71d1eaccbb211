import Foundation
import XCTest

/// `ekspipe auth whoami` and `ekspipe auth list` as a user runs them: whoami asks STS (moto)
/// with the identity's cached credentials and never logs in; list reads the config and the
/// cache only (it works with the network pointing nowhere). Neither prints a secret.
final class FlowAuthInfoTests: FlowTestCase {
    /// The flow world's config with dev-admin marked `default: true`.
    func writeAtmosWithDefault() throws {
        let text = world.atmos().replacingOccurrences(of: "    dev-admin:\n      kind: aws/assume-role\n",
                                                      with: "    dev-admin:\n      kind: aws/assume-role\n      default: true\n")
        XCTAssertTrue(text.contains("default: true"))
        try writeAtmos(text)
    }

    /// moto's GetCallerIdentity answer for the identity's cached credentials (read with
    /// creds-resolve from the cache, as eks-presign would; never printed).
    func motoCaller(_ identity: String) throws -> [String: Any] {
        let r = try Harness.run(Harness.tool("creds-resolve"), ["--identity", identity, "--config", atmosPath, "--format", "credential-process",
                                                                 "--non-interactive"], env: env())
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try r.json()
        let keys = AWSKeys(accessKeyId: doc["AccessKeyId"] as! String, secretAccessKey: doc["SecretAccessKey"] as! String,
                           sessionToken: doc["SessionToken"] as? String)
        return try world.moto.call("sts", "get_caller_identity", keys: keys)
    }

    func testWhoamiNeedsALoginThenShowsWhatSTSAnswers() throws {
        try writeAtmos()
        let before = try ekspipe(["auth", "whoami", "-i", "dev-admin", "--config", atmosPath])
        XCTAssertEqual(before.status, 1, before.stderr)
        XCTAssertEqual(before.out, "")
        XCTAssertTrue(before.stderr.contains("not logged in as dev-admin; run: ekspipe auth login dev-admin --config \(atmosPath)"), before.stderr)
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: scratch.credentialCache.path)) ?? [], [], "whoami logged nobody in")

        try login("dev-admin")
        let moto = try motoCaller("dev-admin")
        let table = try ekspipe(["auth", "whoami", "--identity", "dev-admin", "--config", atmosPath])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.out.hasPrefix("Identity:  dev-admin\nKind:      aws/assume-role (via identity dev-user)\n"), table.out)
        XCTAssertTrue(table.out.contains("\nAccount:   \(moto["Account"] as! String)\n"), table.out)
        XCTAssertTrue(table.out.contains("\nARN:       \(moto["Arn"] as! String)\n"), table.out)
        XCTAssertTrue(table.out.contains("\nExpires:   20"), table.out)

        let json = try ekspipe(["auth", "whoami", "-i", "dev-admin", "--config", atmosPath, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let doc = try json.json()
        XCTAssertEqual(doc["arn"] as? String, moto["Arn"] as? String)
        XCTAssertTrue((doc["arn"] as? String ?? "").hasPrefix(world.assumedRoleArnPrefix()), "\(doc)")
        XCTAssertEqual(doc["account"] as? String, MotoServer.accountID)
        XCTAssertEqual(doc["userId"] as? String, moto["UserId"] as? String)
        XCTAssertEqual(doc["identity"] as? String, "dev-admin")
        XCTAssertEqual(doc["via"] as? [String: String], ["identity": "dev-user"])
        XCTAssertEqual(doc["region"] as? String, "us-east-2", "dev-admin's region is dev-user's")
        XCTAssertNotNil(doc["expiration"] as? String)

        // Inside a session: EKSPIPE_IDENTITY names the identity.
        let session = try ekspipe(["auth", "whoami", "--config", atmosPath, "--format", "json"], env: ["EKSPIPE_IDENTITY": "dev-admin"])
        XCTAssertEqual(session.status, 0, session.stderr)
        XCTAssertEqual(try session.json()["arn"] as? String, moto["Arn"] as? String)

        // dev-user was logged in on the way (the chain caches each identity): its own session.
        let user = try ekspipe(["auth", "whoami", "-i", "dev-user", "--config", atmosPath, "--format", "json"])
        XCTAssertEqual(user.status, 0, user.stderr)
        XCTAssertEqual(try user.json()["arn"] as? String, try motoCaller("dev-user")["Arn"] as? String)
        for r in [before, table, json, session, user] { assertNoSecrets(r.out + r.stderr) }

        // Expired credentials are said to be, with the command that logs in again.
        try expireCache(of: "dev-user")
        let expired = try ekspipe(["auth", "whoami", "-i", "dev-user", "--config", atmosPath])
        XCTAssertEqual(expired.status, 1, expired.stderr)
        XCTAssertTrue(expired.stderr.contains("the credentials of dev-user expired at 2020-01-01T00:00:00Z; run: ekspipe auth login dev-user"),
                      expired.stderr)
        let unknown = try ekspipe(["auth", "whoami", "-i", "dev-amdin", "--config", atmosPath])
        XCTAssertEqual(unknown.status, 2, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("no identity 'dev-amdin'"), unknown.stderr)
    }

    func testListShowsIdentitiesLoginsAndClustersWithoutTheNetwork() throws {
        try writeAtmosWithDefault()
        let offline = ["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:1"]
        let before = try ekspipe(["auth", "list", "--config", atmosPath, "--format", "json"], env: offline)
        XCTAssertEqual(before.status, 0, before.stderr)
        var ids = try XCTUnwrap(try before.json()["identities"] as? [[String: Any]])
        XCTAssertEqual(ids.map { $0["name"] as? String }, ["dev-user", "dev-admin"])
        XCTAssertEqual(ids.map { $0["kind"] as? String }, ["aws/user", "aws/assume-role"])
        XCTAssertEqual(ids.map { $0["default"] as? Bool }, [false, true])
        XCTAssertEqual(ids.map { $0["loggedIn"] as? Bool }, [false, false])
        XCTAssertEqual(ids.map { $0["status"] as? String }, ["not-logged-in", "not-logged-in"])
        XCTAssertEqual(ids[1]["via"] as? [String: String], ["identity": "dev-user"])
        let clusters = try XCTUnwrap(ids[1]["clusters"] as? [[String: Any]])
        XCTAssertEqual(clusters.map { $0["cluster"] as? String }, ["dev-cluster", "stage-cluster", "sandbox-cluster"])
        XCTAssertEqual(clusters.map { $0["region"] as? String }, ["us-east-2", "us-west-2", "eu-west-1"])
        XCTAssertEqual(clusters.map { $0["autoProvision"] as? Bool }, [true, true, false])
        XCTAssertEqual(clusters.map { $0["integration"] as? String }, ["dev/eks/primary", "dev/eks/stage", "dev/eks/sandbox"])

        try login("dev-user")
        let after = try ekspipe(["auth", "list", "--config", atmosPath, "--format", "json"], env: offline)
        XCTAssertEqual(after.status, 0, after.stderr)
        ids = try XCTUnwrap(try after.json()["identities"] as? [[String: Any]])
        XCTAssertEqual(ids.map { $0["loggedIn"] as? Bool }, [true, false])
        XCTAssertNotNil(ids[0]["expiration"] as? String)

        let table = try ekspipe(["auth", "list", "--config", atmosPath], env: offline)
        XCTAssertEqual(table.status, 0, table.stderr)
        let lines = table.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try XCTUnwrap(lines.first)
        XCTAssertTrue(header.hasPrefix("IDENTITY   KIND             VIA"), table.out)
        // Every column starts where its header does.
        func cell(_ row: String, _ column: String) -> String {
            let start = header.range(of: column)!.lowerBound.utf16Offset(in: header)
            return String(row.dropFirst(start).prefix { $0 != " " })
        }
        let user = try XCTUnwrap(lines.first { $0.hasPrefix("dev-user ") }), admin = try XCTUnwrap(lines.first { $0.hasPrefix("dev-admin ") })
        XCTAssertEqual([cell(user, "KIND"), cell(user, "DEFAULT"), cell(user, "LOGGED IN")], ["aws/user", "-", "yes"], table.out)
        XCTAssertEqual([cell(admin, "KIND"), cell(admin, "VIA"), cell(admin, "DEFAULT"), cell(admin, "LOGGED IN"), cell(admin, "EXPIRES")],
                       ["aws/assume-role", "identity", "yes", "no", "-"], table.out)
        XCTAssertTrue(cell(user, "EXPIRES").hasPrefix("20"), table.out)
        XCTAssertTrue(table.out.contains("\n\nINTEGRATION      IDENTITY   CLUSTER          REGION     AUTO-PROVISION\n"), table.out)
        XCTAssertTrue(table.out.contains("\ndev/eks/sandbox  dev-admin  sandbox-cluster  eu-west-1  no\n"), table.out)
        XCTAssertFalse(table.out.contains(" \n"), "no trailing blanks")

        try expireCache(of: "dev-user")
        let expired = try ekspipe(["auth", "list", "--config", atmosPath, "--format", "json"], env: offline)
        XCTAssertEqual((try expired.json()["identities"] as? [[String: Any]])?.first?["status"] as? String, "expired")
        for r in [before, after, table, expired] { assertNoSecrets(r.out + r.stderr) }

        let bad = try ekspipe(["auth", "list", "--format", "yaml", "--config", atmosPath])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--format: 'yaml' is not table or json"), bad.stderr)
    }

    /// Sets the Expiration of the identity's cache entry in the past (the entry is otherwise kept).
    func expireCache(of identity: String) throws {
        let dir = scratch.credentialCache
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".json") {
            let url = dir.appendingPathComponent(name)
            var doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            guard (doc["selection"] as? String)?.split(separator: "\n").first == Substring("identity=\(identity)") else { continue }
            var creds = try XCTUnwrap(doc["credentials"] as? [String: Any])
            creds["Expiration"] = "2020-01-01T00:00:00Z"
            doc["credentials"] = creds
            try JSONSerialization.data(withJSONObject: doc).write(to: url)
            return
        }
        XCTFail("no cache entry of \(identity)")
    }
}
