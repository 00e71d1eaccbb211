import Foundation
import XCTest

/// -q/--quiet and EKSPIPE_QUIET=1 (Sources/Common/CLI/Quiet.swift): a run's progress, ✓ and
/// summary lines and its notices go; errors, the ⚠ lines of parts that failed, and the exit
/// codes stay as they are. Each quiet run is set against the same run without it, so that an
/// empty stderr means something.
final class FlowQuietTests: FlowTestCase {
    func testQuietLoginInEveryForm() throws {
        try writeAtmos()
        for (args, extra) in [(["-q", "auth", "login", "dev-admin", "--config", atmosPath], [String: String]()),
                              (["auth", "login", "dev-admin", "--quiet", "--config", atmosPath], [:]),
                              (["auth", "login", "dev-admin", "--config", atmosPath], ["EKSPIPE_QUIET": "1"])] {
            let r = try ekspipe(args, env: extra)
            XCTAssertEqual(r.status, 0, "\(args) \(extra): \(r.stderr)")
            XCTAssertEqual(r.out, "")
            XCTAssertEqual(r.stderr, "", "\(args) \(extra): nothing on stderr")
            XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "stage-eks"], "the work is done")
        }
        // The same login, not quiet (EKSPIPE_QUIET=0 is off): its lines.
        let loud = try ekspipe(["auth", "login", "dev-admin", "--config", atmosPath], env: ["EKSPIPE_QUIET": "0"])
        XCTAssertEqual(loud.status, 0, loud.stderr)
        for line in ["Authenticating with identity: dev-admin", "✓ Authenticated as dev-admin", "✓ EKS kubeconfig: dev-eks",
                     "Logged in as dev-admin: 2 EKS kubeconfig contexts ready."] {
            XCTAssertTrue(loud.stderr.contains(line), "\(line) in: \(loud.stderr)")
        }
    }

    func testQuietKeepsErrorsAndFailedParts() throws {
        try writeAtmos(world.atmos(extraIntegrations: """
                dev/eks/missing:
                  kind: aws/eks
                  via:
                    identity: dev-admin
                  spec:
                    cluster:
                      name: missing-cluster
                      region: us-east-2
                      alias: missing
            """))
        let partial = try ekspipe(["-q", "auth", "login", "dev-admin", "--config", atmosPath])
        XCTAssertEqual(partial.status, 0, partial.stderr)
        XCTAssertEqual(partial.stderr.split(separator: "\n").count, 1, "only the failed cluster: \(partial.stderr)")
        XCTAssertTrue(partial.stderr.hasPrefix("⚠ EKS kubeconfig: missing: ResourceNotFoundException"), partial.stderr)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "stage-eks"])

        let usage = try ekspipe(["-q", "auth", "login", "--config", atmosPath])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.contains("which identity?"), usage.stderr)

        // An identity that cannot resolve: creds-resolve's error, exit 1, as without -q.
        try writeAtmos("""
            auth:
              identities:
                keyless:
                  kind: aws/user
            """)
        let failed = try ekspipe(["auth", "login", "keyless", "-q", "--config", atmosPath])
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("creds-resolve: "), failed.stderr)
        XCTAssertFalse(failed.stderr.contains("Authenticating"), failed.stderr)
    }

    /// A quiet session's provisioning says nothing, and the command it runs gets the user's own
    /// EKSPIPE_QUIET (unset, or their value), not -q: kubectl's eks-presign warnings stay on.
    func testQuietExecAndLogout() throws {
        try writeAtmos()
        let probe = ["sh", "-c", "printf '%s' \"${EKSPIPE_QUIET-unset}\""]
        let x = try ekspipe(["-q", "auth", "exec", "--identity", "dev-admin", "--config", atmosPath, "--"] + probe)
        XCTAssertEqual(x.status, 0, x.stderr)
        XCTAssertEqual(x.stderr, "", "logged in and provisioned without a line")
        XCTAssertEqual(x.out, "unset")
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "stage-eks"])
        let own = try ekspipe(["auth", "exec", "-q", "--identity", "dev-admin", "--config", atmosPath, "--"] + probe,
                              env: ["EKSPIPE_QUIET": "no"])
        XCTAssertEqual(own.out, "no")
        // After `--`, -q belongs to the command.
        let arg = try ekspipe(["auth", "exec", "--identity", "dev-admin", "--config", atmosPath, "--", "printf", "%s", "-q"])
        XCTAssertEqual(arg.out, "-q")

        let out = try ekspipe(["-q", "auth", "logout", "--identity", "dev-admin", "--config", atmosPath])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(out.stderr, "")
        XCTAssertEqual(try contexts(ekspipeKubeconfig), [], "the entries are gone")
        try login("dev-user")
        let loud = try ekspipe(["auth", "logout", "--identity", "dev-user", "--config", atmosPath])
        XCTAssertTrue(loud.stderr.contains("✓ EKS kubeconfig removed: user-eks") && loud.stderr.contains("Logged out: dev-user"), loud.stderr)
    }
}
