import Foundation
import XCTest

/// scripts/demo, the README's first command, run as a user runs it (minus scripts/setup and the
/// release build, which the test job has done its own way): it must finish, show kubectl
/// answers authenticated through eks-presign, mask every secret, and stop its servers.
final class FlowDemoTests: XCTestCase {
    func testDemoRunsEndToEnd() throws {
        let tmp = try Harness.tempDir("demo-tmp")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let demo = Harness.packageRoot.appendingPathComponent("scripts/demo").path
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                   "HOME": tmp.path, "TMPDIR": tmp.path,
                   "EKSPIPE_DEMO_NO_SETUP": "1", "EKSPIPE_BIN_DIR": Harness.binDir.path]
        let r = try Harness.run("/bin/bash", [demo], env: env, timeout: 300)
        let out = r.out + r.stderr
        XCTAssertEqual(r.status, 0, out)
        XCTAssertTrue(out.contains("✓ demo complete"), out)
        XCTAssertTrue(out.contains("✓ EKS kubeconfig: dev-eks → ~/.config/ekspipe/kube/config"), out)
        // aws eks update-kubeconfig speaks as the AWS CLI does.
        XCTAssertNotNil(out.range(of: #"Added new context sandbox to /\S+/\.config/ekspipe/kube/config\n"#, options: .regularExpression), out)
        XCTAssertTrue(out.contains("kube-system"), "kubectl get namespaces answered: \(out)")
        XCTAssertTrue(out.contains("Server Version: v1.31.0-eks-fake"), out)
        XCTAssertTrue(out.contains("\"ok\": true") && out.contains("assumed-role/eks-admin/ekspipe-demo-admin"), out)
        XCTAssertTrue(out.contains("\"Arn\": \"arn:aws:sts::123456789012:assumed-role/eks-admin/ekspipe-demo-admin\""), out)

        // Secrets shown only masked: the example config's secret key, the session, the token.
        XCTAssertTrue(out.contains("secret_access_key: ****(masked)"), out)
        XCTAssertTrue(out.contains("\"SessionToken\": \"****(masked)\""), out)
        XCTAssertTrue(out.contains("\"token\": \"****(masked)\""), out)
        XCTAssertFalse(out.contains("k8s-aws-v1."), "no bearer token in the output")

        // Everything under the temp dir is gone, and moto no longer listens.
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp.path).filter { $0.hasPrefix("ekspipe-demo.") }
        XCTAssertEqual(left, [], "the demo's temp HOME is removed")
        let port = out.range(of: #"on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression).map {
            Int(out[$0].split(separator: ":").last ?? "") ?? 0
        }
        let motoPort = try XCTUnwrap(port, "the demo names moto's port")
        XCTAssertFalse(BackgroundProcess.canConnect(port: motoPort), "moto was stopped")
    }
}
