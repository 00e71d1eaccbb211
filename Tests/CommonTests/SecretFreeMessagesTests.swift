import XCTest
@testable import Common

/// No parser message repeats what it found: a secret on a broken or misplaced line of an auth
/// config, an AWS config or credentials file, a kubeconfig or a credential_process document
/// never reaches the message, which names the file, line and key instead.
final class SecretFreeMessagesTests: XCTestCase {
    static let secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY"
    static let slashed = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"

    /// The message of the error `body` throws; it must hold `place` and no piece of a secret.
    func assertSecretFree(_ label: String, place: String, file: StaticString = #filePath, line: UInt = #line,
                          _ body: () throws -> Void) {
        do {
            try body()
            XCTFail("\(label): accepted", file: file, line: line)
        } catch {
            let m = (error as? ToolError)?.message ?? "\(error)"
            XCTAssertFalse(m.contains("wJalr") || m.contains("EXAMPLEKEY") || m.contains("MDENG"), "\(label): \(m)", file: file, line: line)
            XCTAssertTrue(m.contains(place), "\(label): no \(place) in \(m)", file: file, line: line)
        }
    }

    func testAuthConfig() {
        let s = Self.secret
        let user = "auth:\n  identities:\n    me:\n      kind: aws/user\n      credentials:\n"
        let cases: [(String, String, String)] = [
            ("secret as region", user + "        region: \(s)\n", ":6:17: auth.identities.me.credentials.region: not an AWS region"),
            ("secret as kind", "auth:\n  identities:\n    me: {kind: \(s)}\n", ":3:16: auth.identities.me.kind: unknown kind"),
            ("secret in a misspelled key", user + "        secret_acess_key: \(s)\n",
             ":6:9: auth.identities.me.credentials.secret_acess_key: unknown key; did you mean `secret_access_key`?"),
            ("secret as a key", user + "        \(s): x\n", ":6:9: auth.identities.me.credentials.(a key that is not a name): unknown key"),
            ("secret as an alias", user + "        secret_access_key: *\(s)\n", "atmos.yaml:6:28: invalid YAML"),
            ("secret on a broken line", user + "        secret_access_key: \(Self.slashed): x\n", "atmos.yaml:6:"),
            ("secret after a tab", user + "\t\(s)\n", "atmos.yaml:6:"),
            ("secret unterminated", user + "        secret_access_key: \"\(s)\n", "atmos.yaml:"),
            ("secret as a role", "auth:\n  identities:\n    b: {kind: aws/ambient}\n    r:\n      kind: aws/assume-role\n      via: {identity: b}\n      principal: {assume_role: \(s)}\n",
             ":7:32: auth.identities.r.principal.assume_role: not an IAM role ARN"),
            ("secret as via", "auth:\n  identities:\n    r:\n      kind: aws/assume-role\n      via: {identity: \(s)}\n      principal: {assume_role: 'arn:aws:iam::1:role/x'}\n",
             ":5:23: auth.identities.r.via.identity: names no identity"),
            ("secret as a duration", user + "        access_key_id: A\n      session: {duration: \(s)}\n", "auth.identities.me.session.duration: not a duration"),
            ("secret as a start URL", "auth:\n  providers:\n    p: {kind: aws/iam-identity-center, region: us-east-1, start_url: \(s)}\n",
             "auth.providers.p.start_url: must be an https:// URL"),
            ("secret as an update mode", "auth:\n  identities:\n    a: {kind: aws/ambient}\n  integrations:\n    i:\n      kind: aws/eks\n      via: {identity: a}\n      spec: {cluster: {name: c, region: us-east-1, kubeconfig: {update: \(s), mode: '0600'}}}\n",
             "kubeconfig.update: must be merge, replace or error"),
        ]
        for (label, text, place) in cases {
            assertSecretFree(label, place: place) { _ = try AuthConfig.parse(Array(text.utf8), path: "/cfg/atmos.yaml") }
        }
    }

    func testAWSConfigFiles() throws {
        let s = Self.slashed
        let cases: [(String, String, String)] = [
            ("no '='", "[p]\naws_access_key_id = AKIA1\naws_secret_access_key \(s)\n", "credentials:3: expected 'key = value' (after aws_access_key_id;"),
            ("wrapped token", "[p]\naws_session_token = IQoJb3JpZ2luX2Vj\n\(s)\n", "credentials:3: expected 'key = value' (after aws_session_token;"),
            ("broken header", "[p]\nregion = us-east-1\n[\(s)\n", "credentials:3: broken section header"),
            ("outside any section", "\(s)\n[p]\n", "credentials:1: a line outside any [section]"),
            ("secret before '=' outside any section", "\(s)=x\n[p]\n", "credentials:1: a line outside any [section]"),
            ("nested block", "[p]\ns3 =\n  \(s)\n", "credentials:3: expected 'key = value' in a nested block"),
        ]
        for (label, text, place) in cases {
            assertSecretFree(label, place: place) { _ = try AWSConfigFiles.parse(text, file: "/h/.aws/credentials", isConfig: false) }
        }
        // `key: value` is a setting, as botocore (configparser) reads it.
        let sections = try AWSConfigFiles.parse("[p]\naws_secret_access_key: \(s)\nregion : us-east-1\n", file: "c", isConfig: false)
        XCTAssertEqual(sections.first?["aws_secret_access_key"], s)
        XCTAssertEqual(sections.first?["region"], "us-east-1")
    }

    func testCredentialProcessDocumentsAndKubeconfigs() {
        let s = Self.secret
        for (label, doc, place) in [
            ("Version", #"{"Version": "\#(s)", "AccessKeyId": "A", "SecretAccessKey": "\#(s)"}"#, "out.Version: expected the number 1"),
            ("Expiration", #"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "x", "Expiration": "\#(s)"}"#, "out.Expiration: not an ISO 8601 time"),
        ] {
            assertSecretFree(label, place: place) { _ = try Credentials(credentialProcess: try JSON.parse(doc), at: "out") }
        }
        let kube = "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: *\(s)\n"
        assertSecretFree("token read as an alias", place: "/k/config:6:12:") { _ = try Kubeconfig(parsing: Array(kube.utf8), source: "/k/config") }
        let broken = "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: \(Self.slashed): x\n"
        assertSecretFree("token on a broken line", place: "/k/config:6:") { _ = try Kubeconfig(parsing: Array(broken.utf8), source: "/k/config") }
    }
}
