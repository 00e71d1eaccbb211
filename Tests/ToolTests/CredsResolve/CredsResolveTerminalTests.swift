import Foundation
import XCTest

/// creds-resolve with a terminal: secrets masked on a TTY stdout unless --reveal, the MFA code
/// asked on the controlling terminal, and parallel runs sharing one STS call through the lock.
final class CredsResolveTerminalTests: CredsResolveTestCase {
    func testSecretsAreMaskedOnATerminal() throws {
        try writeCredentials("[default]\naws_access_key_id = AKIATERMINAL\naws_secret_access_key = terminal-secret\naws_session_token = terminal-token\n")
        for format in ["json", "credential-process", "env"] {
            let masked = try runOnTerminal(["--format", format])
            XCTAssertEqual(masked.status, 0, masked.screen)
            XCTAssertTrue(masked.screen.contains("AKIATERMINAL"), masked.screen)
            XCTAssertFalse(masked.screen.contains("terminal-secret"), masked.screen)
            XCTAssertFalse(masked.screen.contains("terminal-token"), masked.screen)
            XCTAssertTrue(masked.screen.contains("masked"), masked.screen)
            let revealed = try runOnTerminal(["--format", format, "--reveal"])
            XCTAssertTrue(revealed.screen.contains("terminal-secret"), revealed.screen)
        }
    }

    func testMFACodeIsAskedOnTheTerminal() throws {
        let moto = try MotoServer.start()
        defer { moto.stop() }
        let keys = try moto.createUserWithKeys(name: "mfa-user").keys
        let role = try moto.createRole(name: "mfa-role")
        try writeCredentials("[base]\naws_access_key_id = \(keys.accessKeyId)\naws_secret_access_key = \(keys.secretAccessKey)\n")
        try writeConfig("[profile mfa]\nrole_arn = \(role)\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/me\nrole_session_name = with-mfa\n")
        let r = try runOnTerminal(["--profile", "mfa", "--reveal"], env: moto.endpointEnvironment,
                                  prompt: "Enter MFA code for arn:aws:iam::123456789012:mfa/me: ", input: "123456")
        XCTAssertEqual(r.status, 0, r.screen)
        XCTAssertTrue(r.screen.contains("\"kind\": \"assume-role\""), r.screen)
        XCTAssertTrue(r.screen.contains("ASIA"), r.screen)
    }

    func testParallelRunsShareOneSTSCall() throws {
        let moto = try MotoServer.start()
        defer { moto.stop() }
        let keys = try moto.createUserWithKeys(name: "p-user").keys
        let role = try moto.createRole(name: "p-role")
        try writeCredentials("[base]\naws_access_key_id = \(keys.accessKeyId)\naws_secret_access_key = \(keys.secretAccessKey)\n")
        try writeConfig("[profile p]\nrole_arn = \(role)\nsource_profile = base\n")
        let env = Harness.isolatedEnv(home: home, extra: moto.endpointEnvironment)
        let ids = SharedList<String>()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            let r = try? Harness.run("creds-resolve", ["--profile", "p", "--format", "credential-process"], env: env)
            let doc = try? r?.json()
            ids.append((doc?["AccessKeyId"] as? String) ?? "failed: \(r?.stderr ?? "")")
        }
        XCTAssertEqual(ids.values.count, 6)
        XCTAssertEqual(Set(ids.values).count, 1, "one AssumeRole for all six runs: \(ids.values)")
        XCTAssertTrue(ids.values[0].hasPrefix("ASIA"), ids.values[0])
    }
}

/// A thread-safe list for the parallel runs.
final class SharedList<T>: @unchecked Sendable {
    private var items: [T] = []
    private let lock = NSLock()
    func append(_ v: T) { lock.lock(); items.append(v); lock.unlock() }
    var values: [T] { lock.lock(); defer { lock.unlock() }; return items }
}
