import Foundation
import XCTest
@testable import Common

/// Every section of `auth:` refuses keys it does not know (file:line:column of the key, the key
/// path, the nearest valid key or where the key belongs), accepts every key Atmos documents, and
/// no message repeats a value from the file.
final class AuthConfigKeysTests: XCTestCase {
    static let path = "/cfg/atmos.yaml"

    func parse(_ text: String) throws -> AuthConfig { try AuthConfig.parse(Array(text.utf8), path: Self.path) }

    func message(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try parse(text)
            XCTFail("accepted:\n\(text)", file: file, line: line)
            return ""
        } catch {
            XCTAssertEqual((error as? ToolError)?.exitCode, .usage, "\(error)", file: file, line: line)
            return (error as? ToolError)?.message ?? "\(error)"
        }
    }

    /// "LINE:COLUMN" of the first `key:` in `text`, as an editor counts.
    static func position(of key: String, in text: String) -> String {
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let r = line.range(of: key + ":") { return "\(n + 1):\(line.distance(from: line.startIndex, to: r.lowerBound) + 1)" }
        }
        return "?"
    }

    static let sso = "  providers:\n    sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: \"https://x.awsapps.com/start\"}\n"
    static func user(_ body: String) -> String { "auth:\n  identities:\n    me:\n      kind: aws/user\n" + body }
    static func role(_ principal: String) -> String {
        "auth:\n  identities:\n    base: {kind: aws/ambient}\n    r:\n      kind: aws/assume-role\n      via: {identity: base}\n"
            + "      principal:\n        assume_role: arn:aws:iam::123456789012:role/r\n" + principal
    }
    static func eks(_ spec: String) -> String {
        "auth:\n  identities:\n    a: {kind: aws/ambient}\n  integrations:\n    i:\n      kind: aws/eks\n      via: {identity: a}\n" + spec
    }

    /// (typo as written, its key path, config, what the message must say after the path).
    static let typos: [(String, String, String, String)] = [
        ("identites", "auth", "auth:\n  identites: {}\n", "unknown key; did you mean `identities`?"),
        ("mfa_ar", "auth.identities.me.credentials", user("      credentials:\n        mfa_ar: arn:aws:iam::1:mfa/me\n"),
         "unknown key; did you mean `mfa_arn`?"),
        ("MfaArn", "auth.identities.me.credentials", user("      credentials: {MfaArn: x}\n"), "unknown key; did you mean `mfa_arn`?"),
        ("mfa_arn", "auth.identities.me", user("      mfa_arn: arn:aws:iam::1:mfa/me\n"),
         "unknown key here; it belongs under `credentials:`"),
        ("defualt", "auth.identities.me", user("      defualt: true\n"), "unknown key; did you mean `default`?"),
        ("provder", "auth.identities.me", user("      provder: sso\n"), "unknown key; did you mean `provider`?"),
        ("regoin", "auth.identities.me.principal", user("      principal: {regoin: us-east-1}\n"), "unknown key; did you mean `region`?"),
        ("session_nmae", "auth.identities.r.principal", role("        session_nmae: me\n"), "unknown key; did you mean `session_name`?"),
        ("extrnal_id", "auth.identities.r.principal", role("        extrnal_id: x\n"), "unknown key; did you mean `external_id`?"),
        ("mfa_arn", "auth.identities.r.credentials", role("      credentials: {mfa_arn: x}\n"), "unknown key (valid here: aws)"),
        ("durtion", "auth.identities.r.session", role("      session: {durtion: 1h}\n"), "unknown key; did you mean `duration`?"),
        ("identiy", "auth.identities.r.via", role("").replacingOccurrences(of: "{identity: base}", with: "{identiy: base}"),
         "unknown key; did you mean `identity`?"),
        ("nmae", "auth.identities.ps.principal.account", "auth:\n" + sso
            + "  identities:\n    ps:\n      kind: aws/permission-set\n      via: {provider: sso}\n      principal: {name: A, account: {nmae: dev}}\n",
         "unknown key; did you mean `name`?"),
        ("start_ur", "auth.providers.sso", "auth:\n  providers:\n    sso:\n      kind: aws/iam-identity-center\n      start_ur: https://x\n",
         "unknown key; did you mean `start_url`?"),
        ("audiance", "auth.providers.gh.spec", "auth:\n  providers:\n    gh: {kind: github/oidc, spec: {audiance: sts.amazonaws.com}}\n",
         "unknown key; did you mean `audience`?"),
        ("sesion_duration", "auth.providers.sso.console", "auth:\n  providers:\n    sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: \"https://x\", console: {sesion_duration: 1h}}\n",
         "unknown key; did you mean `session_duration`?"),
        ("vai", "auth.integrations.i", eks("      vai: {identity: a}\n"), "unknown key; did you mean `via`?"),
        ("auto_provison", "auth.integrations.i.spec", eks("      spec:\n        auto_provison: false\n        cluster: {name: c, region: us-east-1}\n"),
         "unknown key; did you mean `auto_provision`?"),
        ("pth", "auth.integrations.i.spec.cluster.kubeconfig", eks("      spec:\n        cluster: {name: c, region: us-east-1, kubeconfig: {pth: /k}}\n"),
         "unknown key; did you mean `path`?"),
    ]

    func testTyposAreRefusedWhereTheyAreWritten() {
        for (typo, keyPath, text, says) in Self.typos {
            let m = message(text)
            let want = "\(Self.path):\(Self.position(of: typo, in: text)): \(keyPath).\(typo): \(says)"
            XCTAssertTrue(m.hasPrefix(want), "\(typo):\n  got  \(m)\n  want \(want)…")
        }
    }

    /// Every key Atmos documents for these sections (and those ekspipe reads) is accepted.
    func testEveryDocumentedKeyIsAccepted() throws {
        let c = try parse("""
            auth:
              realm: mine
              logs: {level: Info}
              keyring: {type: file}
              console: {isolated: true}
              providers:
                sso:
                  kind: aws/iam-identity-center
                  region: us-east-1
                  start_url: https://x.awsapps.com/start
                  auto_provision_identities: false
                  default: true
                  tags: [corp]
                  session: {duration: 4h}
                  console: {session_duration: 12h}
                  spec: {endpoint_url: "http://127.0.0.1:4566", files: {base_path: ~/.aws-atmos}}
                gh: {kind: github/oidc, region: us-east-1, spec: {audience: sts.amazonaws.com}}
              identities:
                admin:
                  kind: aws/permission-set
                  default: true
                  required: true
                  alias: adm
                  tags: [prod]
                  env: [{key: AWS_SDK_LOAD_CONFIG, value: "1"}]
                  via: {provider: sso}
                  principal: {name: AdministratorAccess, account: {name: dev, id: "123456789012"}, region: us-east-2}
                  session: {duration: 1h}
                  spec: {endpoint_url: "http://127.0.0.1:4566"}
                me:
                  kind: aws/user
                  region: eu-west-1
                  credentials: {access_key_id: AKIA1, secret_access_key: s, mfa_arn: "arn:aws:iam::1:mfa/me", region: eu-west-1, webflow_enabled: false}
                role:
                  kind: aws/assume-role
                  provider: sso
                  via: {identity: me}
                  principal: {assume_role: "arn:aws:iam::1:role/r", external_id: e, session_name: s, duration: 1h, region: us-east-1}
                amb: {kind: aws/ambient, principal: {region: us-west-2}}
              integrations:
                dev/eks:
                  kind: aws/eks
                  via: {identity: admin}
                  spec:
                    auto_provision: true
                    cluster: {name: dev, region: us-east-2, alias: dev, kubeconfig: {path: ~/k, mode: "0600", update: merge}}
            """)
        XCTAssertEqual(c.identities.map(\.name), ["admin", "me", "role", "amb"])
        XCTAssertEqual(try c.identity("me").mfaArn, "arn:aws:iam::1:mfa/me")
        XCTAssertEqual(try c.identity("role").sessionName, "s")
        XCTAssertEqual(c.provider("gh")?.audience, "sts.amazonaws.com")
    }

    /// The configurations in the seeds (the user's description of Atmos) have no unknown key.
    func testSeedConfigsAreAccepted() throws {
        // The seeds beside the repository (`../shared/seeds`), as the tool tests find `../shared/testdata`.
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/seeds")
        var checked = 0
        for name in ["atmos-eks-integration-prd.md", "atmos-eks-kubeconfig-guide.md"] {
            let text = try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
            for block in text.components(separatedBy: "```yaml\n").dropFirst().map({ $0.components(separatedBy: "```")[0] }) {
                let doc: String
                if block.hasPrefix("auth:") {
                    doc = block
                } else if block.hasPrefix("integrations:") {
                    doc = "auth:\n" + block.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
                } else if block.hasPrefix("spec:") {
                    doc = Self.eks(block.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n"))
                } else {
                    continue
                }
                do { _ = try parse(doc) } catch {
                    // Fragments may name identities defined elsewhere; a key may never be refused.
                    let m = (error as? ToolError)?.message ?? "\(error)"
                    XCTAssertFalse(m.contains("unknown key"), "\(name): \(m)\n\(doc)")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 10)
    }
}
