import Foundation
import XCTest

/// The identity a command uses when it names none, as Atmos users expect: -i/--identity >
/// EKSPIPE_IDENTITY > ATMOS_IDENTITY > the config's `default: true` identity; two defaults and
/// none at all are usage errors (exit 2) that say what to do. Through scripts/ekspipe against moto.
final class FlowDefaultIdentityTests: FlowTestCase {
    /// The world's config with `default: true` on each of `defaults`.
    func writeAtmos(defaults: [String]) throws {
        var text = world.atmos()
        for name in defaults {
            text = text.replacingOccurrences(of: "    \(name):\n      kind:", with: "    \(name):\n      default: true\n      kind:")
        }
        try writeAtmos(text)
    }

    /// Which identity `ekspipe auth logout --dry-run ARGS` would log out (no request, no change).
    func chosen(_ args: [String] = [], env extra: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try ekspipe(["auth", "logout", "--dry-run", "--config", atmosPath] + args, env: extra)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        guard let l = r.stderr.split(separator: "\n").first(where: { $0.hasPrefix("Would remove the cached credentials of ") }) else { return "" }
        return String(l.dropFirst("Would remove the cached credentials of ".count).prefix { $0 != " " })
    }

    func testLoginWithoutANameUsesTheDefaultIdentity() throws {
        try writeAtmos(defaults: ["dev-admin"])
        let r = try ekspipe(["auth", "login", "--config", atmosPath])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("Authenticating with identity: dev-admin\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Logged in as dev-admin: 2 EKS kubeconfig contexts ready."), r.stderr)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "stage-eks"])
        // A name still wins, as the argument or with -i.
        let named = try ekspipe(["auth", "login", "-i", "dev-user", "--config", atmosPath])
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertTrue(named.stderr.contains("Authenticating with identity: dev-user\n"), named.stderr)
    }

    func testEachStepOfThePrecedence() throws {
        try writeAtmos(defaults: ["dev-admin"])
        XCTAssertEqual(try chosen(), "dev-admin", "default: true")
        XCTAssertEqual(try chosen(env: ["ATMOS_IDENTITY": "dev-user"]), "dev-user", "ATMOS_IDENTITY over default: true")
        XCTAssertEqual(try chosen(env: ["ATMOS_IDENTITY": "dev-admin", "EKSPIPE_IDENTITY": "dev-user"]), "dev-user",
                       "EKSPIPE_IDENTITY over ATMOS_IDENTITY")
        XCTAssertEqual(try chosen(["-i", "dev-admin"], env: ["EKSPIPE_IDENTITY": "dev-user", "ATMOS_IDENTITY": "dev-user"]), "dev-admin", "-i first")
        XCTAssertEqual(try chosen(["--identity=dev-user"], env: ["EKSPIPE_IDENTITY": "dev-admin"]), "dev-user", "--identity= first")
        XCTAssertEqual(try chosen(["dev-user"], env: ["EKSPIPE_IDENTITY": "dev-admin"]), "dev-user", "logout's argument first")
        // creds-resolve says the same, and what chose it.
        let cr = try Harness.run("creds-resolve", ["--default-identity", "--config", atmosPath], env: env(["ATMOS_IDENTITY": "dev-user"]))
        XCTAssertEqual(cr.status, 0, cr.stderr)
        XCTAssertEqual(try cr.json()["identity"] as? String, "dev-user")
        XCTAssertEqual(try cr.json()["from"] as? String, "ATMOS_IDENTITY")
    }

    func testInsideASessionTheDefaultIsTheSessionsIdentity() throws {
        try writeAtmos(defaults: ["dev-admin"])
        // A command run by `auth exec -i dev-user` that runs ekspipe again without a name.
        let r = try ekspipe(["auth", "exec", "-i", "dev-user", "--config", atmosPath, "--",
                             Self.script, "auth", "logout", "--dry-run", "--config", atmosPath])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("Would remove the cached credentials of dev-user "), r.stderr)
        XCTAssertFalse(r.stderr.contains("of dev-admin"), r.stderr)
    }

    func testTwoDefaultsAndNoDefaultAreUsageErrorsThatSayWhatToDo() throws {
        try writeAtmos(defaults: ["dev-user", "dev-admin"])
        for cmd in [["auth", "login"], ["auth", "env"], ["auth", "logout"], ["auth", "exec"], ["auth", "shell"]] {
            let r = try ekspipe(cmd + ["--config", atmosPath] + (cmd[1] == "exec" ? ["--", "true"] : []))
            XCTAssertEqual(r.status, 2, "\(cmd): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("more than one identity is `default: true`: dev-user (\(atmosPath):4:"), r.stderr)
            XCTAssertTrue(r.stderr.contains(" and dev-admin (\(atmosPath):"), r.stderr)
            XCTAssertTrue(r.stderr.contains("name the identity with -i NAME"), r.stderr)
        }
        // Naming one still works with two defaults.
        XCTAssertEqual(try chosen(["-i", "dev-user"]), "dev-user")

        try writeAtmos(defaults: [])
        let none = try ekspipe(["auth", "login", "--config", atmosPath])
        XCTAssertEqual(none.status, 2, none.stderr)
        XCTAssertTrue(none.stderr.contains("which identity? name one with -i NAME"), none.stderr)
        XCTAssertTrue(none.stderr.contains("(identities: dev-user, dev-admin)"), none.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ekspipeKubeconfig), "nothing written")
    }

    func testMisspelledIdentitiesIntegrationsAndCommandsNameTheNearest() throws {
        try writeAtmos(defaults: [])
        let id = try ekspipe(["auth", "login", "-i", "dev-admn", "--config", atmosPath])
        XCTAssertEqual(id.status, 2, id.stderr)
        XCTAssertTrue(id.stderr.contains("no identity 'dev-admn' in auth.identities; did you mean `dev-admin`?"), id.stderr)
        let env = try ekspipe(["auth", "logout", "--config", atmosPath], env: ["ATMOS_IDENTITY": "devuser"])
        XCTAssertEqual(env.status, 2, env.stderr)
        XCTAssertTrue(env.stderr.contains("no identity 'devuser' in auth.identities (ATMOS_IDENTITY names it); did you mean `dev-user`?"), env.stderr)
        let session = try ekspipe(["auth", "env", "--config", atmosPath], env: ["EKSPIPE_IDENTITY": "dev-admn"])
        XCTAssertEqual(session.status, 2, session.stderr)
        XCTAssertTrue(session.stderr.contains("no identity 'dev-admn' in auth.identities (EKSPIPE_IDENTITY names it); did you mean `dev-admin`?"),
                      session.stderr)
        let integ = try ekspipe(["aws", "eks", "update-kubeconfig", "--integration", "dev/eks/primry", "--config", atmosPath])
        XCTAssertEqual(integ.status, 2, integ.stderr)
        XCTAssertTrue(integ.stderr.contains("no integration 'dev/eks/primry' in auth.integrations; did you mean `dev/eks/primary`?"), integ.stderr)

        for (typed, near) in [(["auth", "logni"], "auth login"), (["atuh", "login"], "auth login"), (["verison"], "version"),
                              (["aws", "eks", "update-kubconfig"], "aws eks update-kubeconfig")] {
            let r = try ekspipe(typed)
            XCTAssertEqual(r.status, 2, r.stderr)
            XCTAssertTrue(r.stderr.contains("unknown command: \(typed.joined(separator: " ")); did you mean `\(near)`?"), r.stderr)
        }
        for (typed, near) in [("--verison", "--version"), ("--hepl", "--help")] {
            let r = try ekspipe([typed])
            XCTAssertEqual(r.status, 2, r.stderr)
            XCTAssertEqual(r.stderr, "ekspipe: unknown option: \(typed); did you mean `\(near)`? (see ekspipe --help)\n")
        }
        let farOption = try ekspipe(["--xyzzy"])
        XCTAssertEqual(farOption.stderr, "ekspipe: unknown option: --xyzzy (see ekspipe --help)\n")
        let far = try ekspipe(["auth", "xyzzy"])
        XCTAssertEqual(far.status, 2)
        XCTAssertEqual(far.stderr, "ekspipe: unknown command: auth xyzzy (see ekspipe --help)\n")
    }
}
