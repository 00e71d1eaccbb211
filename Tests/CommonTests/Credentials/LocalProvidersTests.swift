import Common
import Foundation
import XCTest

/// The providers eks-presign shares with creds-resolve (no network): environment keys, a
/// profile's static keys, the region chain and the one "expired" check.
final class LocalProvidersTests: XCTestCase {
    let now = Timestamp.parse("2026-11-22T12:00:00Z")!

    func env(_ values: [String: String]) -> EnvironmentKeysProvider {
        EnvironmentKeysProvider(environment: Environment(values), now: now)
    }

    func testEnvironmentKeysWithSessionAndExpiration() throws {
        let r = try XCTUnwrap(env(["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t",
                                   "AWS_CREDENTIAL_EXPIRATION": "2026-11-22T13:00:00Z"]).resolve())
        XCTAssertEqual(r.credentials, Credentials(accessKeyId: "AKID", secretAccessKey: "s", sessionToken: "t",
                                                  expiration: Timestamp.parse("2026-11-22T13:00:00Z")))
        XCTAssertEqual(r.source["kind"]?.string, "environment")
    }

    func testEnvironmentKeysAbsentOrEmptyIsNil() throws {
        XCTAssertNil(try env([:]).resolve())
        XCTAssertNil(try env(["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "s"]).resolve(), "empty counts as unset")
    }

    func testEnvironmentKeysRefusals() {
        XCTAssertThrowsError(try env(["AWS_ACCESS_KEY_ID": "AKID"]).resolve()) { e in
            XCTAssertEqual((e as? ToolError)?.exitCode, .usage)
            XCTAssertEqual((e as? ToolError)?.message, "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        XCTAssertThrowsError(try env(["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s", "AWS_CREDENTIAL_EXPIRATION": "tomorrow"]).resolve()) { e in
            XCTAssertEqual((e as? ToolError)?.message, "environment: AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time: tomorrow")
        }
        let expired = env(["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s", "AWS_CREDENTIAL_EXPIRATION": "2026-11-22T12:00:00Z"])
        XCTAssertThrowsError(try expired.resolve()) { e in
            XCTAssertEqual((e as? ToolError)?.exitCode, .runtime)
            XCTAssertTrue((e as? ToolError)?.message.contains("expired at 2026-11-22T12:00:00Z") == true, "\(e)")
            XCTAssertFalse("\(e)".contains("s,"), "no secret in the message")
        }
        XCTAssertNotNil(try expired.keys(), "keys() hands them out as set, for STS to judge")
    }

    func testExpiredIsTheOneCheck() {
        let c = Credentials(accessKeyId: "a", secretAccessKey: "b", expiration: now)
        XCTAssertEqual(c.expired(at: now), now, "expiring at this very second is expired")
        XCTAssertNil(c.expired(at: now - 1))
        XCTAssertNil(Credentials(accessKeyId: "a", secretAccessKey: "b").expired(at: now), "long-term keys never expire")
    }

    func files(_ config: String, credentials: String = "") throws -> AWSConfigFiles {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ekspipe-local-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try config.write(to: dir.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        try credentials.write(to: dir.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
        return try AWSConfigFiles(configPath: dir.appendingPathComponent("config").path,
                                  credentialsPath: dir.appendingPathComponent("credentials").path)
    }

    func testProfileKeys() throws {
        let f = try files("[profile dev]\nregion = eu-west-1\n", credentials: "[dev]\naws_access_key_id = AKID\naws_secret_access_key = s\naws_session_token =\n")
        let r = try XCTUnwrap(ProfileKeysProvider(name: "dev", section: XCTUnwrap(f.profile("dev"))).resolve())
        XCTAssertEqual(r.credentials, Credentials(accessKeyId: "AKID", secretAccessKey: "s"), "an empty token counts as absent")
        XCTAssertEqual(r.source["profile"]?.string, "dev")
    }

    func testProfileKeysAbsentAndHalf() throws {
        let f = try files("[profile dev]\nregion = eu-west-1\n[profile half]\naws_access_key_id = AKID\n")
        XCTAssertNil(try ProfileKeysProvider(name: "dev", section: XCTUnwrap(f.profile("dev"))).resolve())
        XCTAssertThrowsError(try ProfileKeysProvider(name: "half", section: XCTUnwrap(f.profile("half"))).resolve()) { e in
            let m = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(m.hasSuffix("config:4: profile 'half' has aws_access_key_id but no aws_secret_access_key"), m)
        }
    }

    func testRegionChainOrder() throws {
        let both = Environment(["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-2"])
        var asked = 0
        let configured: () -> String? = { asked += 1; return "ap-south-1" }
        XCTAssertEqual(RegionChain.resolve(flag: "us-east-2", own: "us-west-1", environment: both, configured: configured), "us-east-2")
        XCTAssertEqual(RegionChain.resolve(flag: nil, own: "us-west-1", environment: both, configured: configured), "us-west-1")
        XCTAssertEqual(RegionChain.resolve(flag: nil, environment: both, configured: configured), "eu-west-1")
        XCTAssertEqual(RegionChain.resolve(flag: nil, environment: Environment(["AWS_DEFAULT_REGION": "eu-west-2", "AWS_REGION": ""]),
                                           configured: configured), "eu-west-2")
        XCTAssertEqual(asked, 0, "the shared config is read only when reached")
        XCTAssertEqual(RegionChain.resolve(flag: nil, environment: Environment([:]), configured: configured), "ap-south-1")
        XCTAssertEqual(asked, 1)
        let f = try files("[profile dev]\nregion =\n[profile prod]\nregion = sa-east-1\n")
        XCTAssertNil(RegionChain.profileRegion("dev", in: f))
        XCTAssertEqual(RegionChain.profileRegion("prod", in: f), "sa-east-1")
    }
}
