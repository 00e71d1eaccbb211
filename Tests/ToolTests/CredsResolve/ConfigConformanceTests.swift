import Foundation
import XCTest

/// creds-resolve against botocore on many random but plausible config/credentials file pairs
/// (scripts/conformance/aws_config_cases.py writes them and botocore's answer for each): the
/// same credentials, or an error where botocore has none. A fixed seed and a bounded count in
/// `scripts/test`; any seed and count on demand:
///
///     EKSPIPE_CONFORMANCE_SEED=7 EKSPIPE_CONFORMANCE_CASES=5000 scripts/test --filter ConfigConformanceTests
///
/// A failure names the seed and the case directories (kept for reading).
final class ConfigConformanceTests: XCTestCase {
    func testCredentialsMatchBotocore() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = Int(environment["EKSPIPE_CONFORMANCE_SEED"] ?? "") ?? 20261201
        let count = Int(environment["EKSPIPE_CONFORMANCE_CASES"] ?? "") ?? 300
        let dir = try Harness.tempDir("conformance")
        let generator = Harness.packageRoot.appendingPathComponent("scripts/conformance/aws_config_cases.py").path
        let python = try XCTUnwrap(BackgroundProcess.which("python3"), "python3 (scripts/setup)")
        let gen = try Harness.run(python, [generator, "--seed", String(seed), "--count", String(count), "--out", dir.path],
                                  env: ["HOME": dir.path], timeout: 600)
        XCTAssertEqual(gen.status, 0, "the generator failed: \(gen.stderr)")
        guard gen.status == 0 else { return }
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("cases.json"))) as! [String: Any]
        let cases = doc["cases"] as! [[String: Any]]
        XCTAssertEqual(cases.count, count)

        var mismatches: [String] = []
        var agreedCredentials = 0, agreedErrors = 0
        for c in cases {
            let caseDir = URL(fileURLWithPath: c["dir"] as! String)
            let profile = c["profile"] as! String
            let expected = c["expected"] as! [String: Any]
            let home = caseDir.appendingPathComponent("home")
            var env = Harness.isolatedEnv(home: home)
            env["AWS_CONFIG_FILE"] = caseDir.appendingPathComponent("config").path
            env["AWS_SHARED_CREDENTIALS_FILE"] = caseDir.appendingPathComponent("credentials").path
            let r = try Harness.run("creds-resolve", ["--profile", profile, "--format", "credential-process", "--no-cache"], env: env)
            let got: [String: String]? = r.status == 0 ? (try? r.json()).map { doc in
                doc.compactMapValues { $0 as? String }.filter { ["AccessKeyId", "SecretAccessKey", "SessionToken"].contains($0.key) }
            } : nil
            if expected["error"] != nil {
                if let got { mismatches.append("\(caseDir.path) profile '\(profile)': botocore: error (\(expected["reason"] ?? "")), creds-resolve: \(got)") }
                else { agreedErrors += 1 }
                continue
            }
            let want = expected.compactMapValues { $0 as? String }
            if got != want {
                mismatches.append("\(caseDir.path) profile '\(profile)': botocore: \(want), creds-resolve: \(got.map { "\($0)" } ?? "exit \(r.status): \(r.stderr)")")
            } else {
                agreedCredentials += 1
            }
        }
        // Both kinds of answer must be well represented, or the comparison proves little.
        XCTAssertGreaterThan(agreedCredentials, count / 4, "seed \(seed): too few cases with credentials")
        XCTAssertGreaterThan(agreedErrors, count / 20, "seed \(seed): too few cases with errors")
        XCTAssertTrue(mismatches.isEmpty, "seed \(seed): \(mismatches.count) of \(count) differ from botocore:\n" + mismatches.prefix(10).joined(separator: "\n"))
        if mismatches.isEmpty { try? FileManager.default.removeItem(at: dir) }
    }
}
