import Foundation
import XCTest

/// eks-presign --quiet (or EKSPIPE_QUIET=1, as kubectl runs it): no warning while near-expiry
/// cached credentials are used, but the failure once they expired; creds-resolve --quiet still
/// asks for the MFA code (a person must answer it).
extension PresignExpiryTests {
    func testQuietLeavesOutTheWarningNotTheFailure() throws {
        try logIn()
        try ageCachedCredentials(expiringIn: 570)
        var env = Self.moto!.endpointEnvironment
        env["KUBERNETES_EXEC_INFO"] = Self.execInfo
        let quiet = try presign(presignArgs + ["--quiet"], env: env)
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertEqual(quiet.stderr, "")
        XCTAssertNoThrow(try Self.tokenURL(quiet))
        env["EKSPIPE_QUIET"] = "1"
        XCTAssertEqual(try presign(presignArgs, env: env).stderr, "")
        env["EKSPIPE_QUIET"] = "0"
        XCTAssertTrue(try presign(presignArgs, env: env).stderr.contains("expire in 9 min"), "0 is not quiet")

        try ageCachedCredentials(expiringIn: -60)
        let expired = try presign(presignArgs + ["-q"], env: env)
        XCTAssertEqual(expired.status, 1)
        XCTAssertTrue(expired.stderr.hasSuffix("; run: ekspipe auth login admin --config \(atmosURL.path)\n"), expired.stderr)
    }

    func testQuietStillAsksForTheMFACode() throws {
        try logIn()
        for name in cacheEntries() { try FileManager.default.removeItem(at: cacheDir.appendingPathComponent(name)) }
        let r = try runOnTerminal(identityArgs("admin", ["--progress", "--quiet"]), env: Self.moto!.endpointEnvironment,
                                  prompt: "Enter MFA code for \(Self.mfa): ", input: "123456")
        XCTAssertEqual(r.status, 0, r.screen)
        XCTAssertTrue(r.screen.contains("Enter MFA code for \(Self.mfa): "), r.screen)
        XCTAssertFalse(r.screen.contains("✓"), r.screen)
        let loud = try Harness.run("creds-resolve", identityArgs("admin", ["--progress"]),
                                   env: Harness.isolatedEnv(home: home, extra: Self.moto!.endpointEnvironment))
        XCTAssertEqual(loud.status, 0, loud.stderr)
        XCTAssertTrue(loud.stderr.contains("✓ Authenticated as admin"), loud.stderr)
    }
}
