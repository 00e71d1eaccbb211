import Common
import Foundation
import XCTest
@testable import Network

/// The identity composer: each identity of a `via` chain cached under its own selection, the
/// role on top, the expired check, and aws/ambient through the SDK chain.
final class IdentityResolverTests: XCTestCase {
    let yaml = """
        auth:
          identities:
            base:
              kind: aws/user
              credentials: {access_key_id: AKIDUSER, secret_access_key: s, region: eu-west-1}
            admin:
              kind: aws/assume-role
              via: {identity: base}
              principal: {assume_role: "arn:aws:iam::1:role/admin"}
            local:
              kind: aws/ambient
              region: ap-southeast-2
        """

    func resolver(_ config: AuthConfig, _ t: ScriptedTransport, cache: CredentialCache, env: [String: String] = [:]) -> IdentityResolver {
        IdentityResolver(config: config, http: client(t).0, now: Fixture.now, cache: cache, interactive: false,
                         clock: .fixed(Fixture.now), environment: Environment(env))
    }

    func transport(expiration: String = "2026-11-22T13:00:00Z") -> ScriptedTransport {
        ScriptedTransport { r, _ in
            let action = Fixture.form(r)["Action"] ?? ""
            return Fixture.sts(action, id: "ASIA-\(action)", expiration: expiration)
        }
    }

    func testViaChainCachedPerIdentity() throws {
        let config = try IdentityFixture.config(self, yaml)
        let cache = CredentialCache(directory: try Fixture.directory(self).appendingPathComponent("c").path)
        let t = transport()
        let r = try resolver(config, t, cache: cache).resolve(CredentialSelection(identity: "admin", config: config.path))
        XCTAssertEqual(r.credentials.accessKeyId, "ASIA-AssumeRole")
        XCTAssertEqual(r.region, "eu-west-1", "the via identity's region")
        XCTAssertEqual(t.requests.map { Fixture.form($0)["Action"] }, ["GetSessionToken", "AssumeRole"])
        XCTAssertNotNil(cache.read(CredentialSelection(identity: "base", config: config.path).cacheKey), "each identity has its entry")
        XCTAssertNotNil(cache.read(CredentialSelection(identity: "admin", config: config.path).cacheKey))

        let again = try resolver(config, t, cache: cache).resolve(CredentialSelection(identity: "admin", config: config.path))
        XCTAssertTrue(again.fromCache)
        var onTop = CredentialSelection(identity: "admin", config: config.path)
        onTop.roleArn = "arn:aws:iam::1:role/extra"
        let role = try resolver(config, t, cache: cache).resolve(onTop)
        XCTAssertEqual(role.source["kind"]?.string, "assume-role")
        XCTAssertEqual(role.source["via"]?["kind"]?.string, "aws/assume-role", "the cached admin session is the base")
        XCTAssertEqual(t.requests.count, 3, "one more call: the role on top")
        XCTAssertEqual(Fixture.signer(t.requests[2]), "ASIA-AssumeRole")
    }

    func testExpiredAnswerIsRefused() throws {
        let config = try IdentityFixture.config(self, yaml)
        let cache = CredentialCache(directory: try Fixture.directory(self).appendingPathComponent("c").path)
        XCTAssertThrowsError(try resolver(config, transport(expiration: "2026-11-22T11:00:00Z"), cache: cache)
            .resolve(CredentialSelection(identity: "base", config: config.path))) { e in
            XCTAssertTrue(Fixture.message(e).hasPrefix("identity base got credentials that expired at 2026-11-22T11:00:00Z; run: ekspipe auth login base"), "\(e)")
        }
        XCTAssertThrowsError(try resolver(config, transport(), cache: cache).resolve(CredentialSelection(identity: "nobody", config: config.path)))
    }

    func testAmbientThroughTheSDKChain() throws {
        let config = try IdentityFixture.config(self, yaml)
        let cache = CredentialCache(directory: try Fixture.directory(self).appendingPathComponent("c").path)
        let none = ScriptedTransport { _, _ in XCTFail("no request"); return Fixture.json(500, "") }
        let env = ["AWS_ACCESS_KEY_ID": "AKIDAMBIENT", "AWS_SECRET_ACCESS_KEY": "s"]
        let identity = try config.identity("local")
        let context = IdentityFixture.context(config, none, env: env)
        let files = try Fixture.files(self, config: "")
        let r = try XCTUnwrap(AmbientIdentityProvider(identity: identity, context: context, cache: cache, useCache: true, files: files).resolve())
        XCTAssertEqual(r.credentials.accessKeyId, "AKIDAMBIENT")
        XCTAssertEqual(r.region, "ap-southeast-2")
        XCTAssertEqual(r.source["kind"]?.string, "aws/ambient")
        XCTAssertEqual(r.source["via"]?["kind"]?.string, "environment")
    }
}
