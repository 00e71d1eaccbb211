import Common
import Foundation
import XCTest
@testable import Network

/// The composer of the SDK default chain: order, explicit profiles, `--role-arn` on top, the
/// cache decorator and the region.
final class CredentialResolverTests: XCTestCase {
    let config = """
        [default]
        region = eu-north-1
        [profile dev]
        region = eu-west-1
        aws_access_key_id = AKIDDEV
        aws_secret_access_key = s
        """
    let keys = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_EC2_METADATA_DISABLED": "true"]

    func resolver(_ request: CredentialRequest, _ t: ScriptedTransport, env: [String: String], cache: CredentialCache? = nil) throws -> CredentialResolver {
        try CredentialResolver(request, http: client(t).0, now: Fixture.now,
                               cache: cache ?? CredentialCache(directory: Fixture.directory(self).appendingPathComponent("c").path),
                               environment: Environment(env), files: Fixture.files(self, config: config))
    }

    let none = ScriptedTransport { _, _ in XCTFail("no request expected"); return Fixture.json(500, "") }

    func testEnvironmentFirstUnlessAProfileIsNamed() throws {
        let r = try resolver(CredentialRequest(), none, env: keys).resolve()
        XCTAssertEqual(r.credentials.accessKeyId, "AKIDENV")
        XCTAssertEqual(r.region, "eu-north-1", "the default profile's region")
        let p = try resolver(CredentialRequest(profileFlag: "dev"), none, env: keys).resolve()
        XCTAssertEqual(p.credentials.accessKeyId, "AKIDDEV", "an explicit profile skips the environment keys")
        XCTAssertEqual(p.region, "eu-west-1")
        XCTAssertFalse(p.fromCache)
    }

    func testNothingFoundAndMissingProfile() throws {
        let empty = ["AWS_EC2_METADATA_DISABLED": "true"]
        XCTAssertThrowsError(try resolver(CredentialRequest(profileFlag: "nope"), none, env: empty).resolve()) { e in
            XCTAssertTrue(Fixture.message(e).hasPrefix("profile 'nope' not found in "), "\(e)")
        }
        XCTAssertThrowsError(try resolver(CredentialRequest(), none, env: empty).resolve()) { e in
            XCTAssertTrue(Fixture.message(e).hasPrefix("no AWS credentials found for profile 'default'"), "\(e)")
        }
        // As botocore: any region that can be a host label is taken, and static keys need none.
        XCTAssertEqual(try resolver(CredentialRequest(region: "mars-1"), none, env: keys).resolve().region, "mars-1")
        // A region that cannot become part of STS's host name is refused where the host is made.
        XCTAssertThrowsError(try resolver(CredentialRequest(roleArn: "arn:aws:iam::1:role/r", region: "mars 1"), none, env: keys).resolve()) { e in
            XCTAssertTrue(Fixture.message(e).contains("region 'mars 1' cannot be part of a host name"), Fixture.message(e))
        }
    }

    func testRoleOnTopIsCachedAndReused() throws {
        let t = ScriptedTransport { _, _ in Fixture.sts("AssumeRole", id: "ASIAROLE") }
        let cache = CredentialCache(directory: try Fixture.directory(self).appendingPathComponent("c").path)
        let request = CredentialRequest(profileFlag: "dev", roleArn: "arn:aws:iam::1:role/r", region: "us-east-2")
        let first = try resolver(request, t, env: [:], cache: cache).resolve()
        XCTAssertEqual(first.credentials.accessKeyId, "ASIAROLE")
        XCTAssertEqual(Fixture.signer(t.requests[0]), "AKIDDEV")
        XCTAssertEqual(first.source["via"]?["kind"]?.string, "profile")
        XCTAssertEqual(first.region, "us-east-2")
        let second = try resolver(CredentialRequest(profileFlag: "dev", roleArn: "arn:aws:iam::1:role/r"), t, env: [:], cache: cache).resolve()
        XCTAssertTrue(second.fromCache)
        XCTAssertEqual(second.region, "eu-west-1", "this run's region wins over the cached one")
        XCTAssertEqual(t.requests.count, 1)
        var noCache = CredentialRequest(profileFlag: "dev", roleArn: "arn:aws:iam::1:role/r")
        noCache.useCache = false
        _ = try resolver(noCache, t, env: [:], cache: cache).resolve()
        XCTAssertEqual(t.requests.count, 2, "--no-cache calls again")
    }

    func testExpiredEnvironmentKeysUnderARole() throws {
        var env = keys
        env["AWS_CREDENTIAL_EXPIRATION"] = "2026-11-22T11:00:00Z"
        XCTAssertThrowsError(try resolver(CredentialRequest(roleArn: "arn:aws:iam::1:role/r"), none, env: env).resolve()) { e in
            XCTAssertTrue(Fixture.message(e).contains("expired at 2026-11-22T11:00:00Z"), "\(e)")
        }
    }
}
