import XCTest
@testable import Common

/// The `auth:` section: what the seeds' configs mean, and every kind of invalid config refused
/// with the file, line and key path.
final class AuthConfigTests: XCTestCase {
    static let valid = """
    base_path: ./stacks
    auth:
      providers:
        company-sso:
          kind: aws/iam-identity-center
          region: us-east-1
          start_url: https://company.awsapps.com/start/
        github:
          kind: github/oidc
          region: us-east-1
      identities:
        dev-admin:
          kind: aws/permission-set
          via:
            provider: company-sso
          principal:
            name: AdministratorAccess
            account: dev
        base:
          kind: aws/user
          credentials:
            access_key_id: AKIDBASE
            secret_access_key: secret
            region: us-east-2
          session:
            duration: 12h
        deployer:
          kind: aws/assume-role
          via:
            identity: base
          principal:
            assume_role: arn:aws:iam::123456789012:role/deployer
            external_id: ext-1
            session_name: me
            duration: 1h30m
        ci:
          kind: aws/assume-role
          via: {provider: github}
          principal: {assume_role: "arn:aws:iam::123456789012:role/ci"}
        ambient:
          kind: aws/ambient
      integrations:
        dev/eks/primary:
          kind: aws/eks
          via:
            identity: deployer
          spec:
            cluster:
              name: dev-cluster
              region: us-east-2
              alias: dev-eks
              kubeconfig:
                mode: 0640
                update: replace
        dev/eks/sandbox:
          kind: aws/eks
          via:
            identity: deployer
          spec:
            auto_provision: false
            cluster:
              name: sandbox-cluster
              region: us-west-2
    """

    func parse(_ text: String) throws -> AuthConfig {
        try AuthConfig.parse(Array(text.utf8), path: "/cfg/atmos.yaml")
    }

    func testValidConfig() throws {
        let c = try parse(Self.valid)
        XCTAssertEqual(c.providers.map(\.name), ["company-sso", "github"])
        XCTAssertEqual(c.identities.map(\.name), ["dev-admin", "base", "deployer", "ci", "ambient"])
        let dev = try c.identity("dev-admin")
        XCTAssertEqual(dev.permissionSet, "AdministratorAccess")
        XCTAssertEqual(dev.accountName, "dev")
        let base = try c.identity("base")
        XCTAssertEqual(base.accessKeyId, "AKIDBASE")
        XCTAssertEqual(base.region, "us-east-2")
        XCTAssertEqual(base.durationSeconds, 12 * 3600)
        let deployer = try c.identity("deployer")
        XCTAssertEqual(deployer.viaIdentity, "base")
        XCTAssertEqual(deployer.roleArn, "arn:aws:iam::123456789012:role/deployer")
        XCTAssertEqual(deployer.externalId, "ext-1")
        XCTAssertEqual(deployer.durationSeconds, 5400)
        XCTAssertEqual(try c.identity("ci").viaProvider, "github")

        XCTAssertEqual(try c.integrations(for: "deployer").map(\.name), ["dev/eks/primary"])
        XCTAssertEqual(try c.integrations(for: "deployer", all: true).map(\.name), ["dev/eks/primary", "dev/eks/sandbox"])
        XCTAssertEqual(try c.integrations(for: "deployer", named: ["dev/eks/sandbox"]).map(\.name), ["dev/eks/sandbox"])
        let primary = c.integrations[0]
        XCTAssertEqual(primary.kubeconfigMode, "0640")
        XCTAssertEqual(primary.kubeconfigUpdate, "replace")
        let cluster = EnvelopeCluster(integration: primary, path: EnvelopePath(origin: "test").appending("clusters").index(0))
        XCTAssertEqual(try cluster.get(.alias), "dev-eks")
        XCTAssertEqual(try cluster.get(.integration), "dev/eks/primary")
        XCTAssertEqual(try cluster.get(.kubeconfig)?.get(.mode), 0o640)
        XCTAssertThrowsError(try c.integrations(for: "dev-admin", named: ["dev/eks/primary"]))
        XCTAssertThrowsError(try c.identity("nobody")) { XCTAssertTrue("\($0)".contains("known: dev-admin, base")) }
    }

    func testEnvTagReadsTheEnvironment() throws {
        setenv("EKSPIPE_TEST_KEY", "AKIDFROMENV", 1)
        defer { unsetenv("EKSPIPE_TEST_KEY") }
        let c = try parse("""
        auth:
          identities:
            me:
              kind: aws/user
              credentials:
                access_key_id: !env EKSPIPE_TEST_KEY
                secret_access_key: !env EKSPIPE_TEST_KEY
        """)
        XCTAssertEqual(try c.identity("me").accessKeyId, "AKIDFROMENV")
    }

    /// Each broken config: the message names file:line:column and the key path.
    func testInvalidConfigs() throws {
        let cases: [(String, String, String)] = [
            ("unknown identity kind", "auth:\n  identities:\n    x:\n      kind: aws/wizard\n",
             "atmos.yaml:4:13: auth.identities.x.kind: unknown kind (expected one of: aws/permission-set"),
            ("unknown provider kind", "auth:\n  providers:\n    p:\n      kind: okta/saml\n",
             "auth.providers.p.kind: unknown kind (expected one of: aws/iam-identity-center, github/oidc)"),
            ("unknown integration kind", "auth:\n  identities:\n    a: {kind: aws/ambient}\n  integrations:\n    i:\n      kind: gcp/gke\n",
             "auth.integrations.i.kind: unknown kind (expected one of: aws/eks)"),
            ("via naming nothing", "auth:\n  identities:\n    r:\n      kind: aws/assume-role\n      via: {identity: ghost}\n      principal: {assume_role: 'arn:aws:iam::1:role/x'}\n",
             "atmos.yaml:5:23: auth.identities.r.via.identity: names no identity (known: r)"),
            ("via provider naming nothing", "auth:\n  identities:\n    r:\n      kind: aws/permission-set\n      via: {provider: nope}\n      principal: {name: A, account: dev}\n",
             "auth.identities.r.via.provider: names no provider (known: none)"),
            ("missing via", "auth:\n  identities:\n    r:\n      kind: aws/assume-role\n      principal: {assume_role: 'arn:aws:iam::1:role/x'}\n",
             "auth.identities.r: an aws/assume-role identity needs via"),
            ("cycle", "auth:\n  identities:\n    a:\n      kind: aws/assume-role\n      via: {identity: b}\n      principal: {assume_role: 'arn:aws:iam::1:role/a'}\n    b:\n      kind: aws/assume-role\n      via: {identity: a}\n      principal: {assume_role: 'arn:aws:iam::1:role/b'}\n",
             "identities form a cycle: a → b → a"),
            ("missing cluster name", "auth:\n  identities:\n    a: {kind: aws/ambient}\n  integrations:\n    i:\n      kind: aws/eks\n      via: {identity: a}\n      spec:\n        cluster: {region: us-east-1}\n",
             "auth.integrations.i.spec.cluster: missing \"name\""),
            ("missing region", "auth:\n  identities:\n    a: {kind: aws/ambient}\n  integrations:\n    i:\n      kind: aws/eks\n      via: {identity: a}\n      spec:\n        cluster: {name: c}\n",
             "auth.integrations.i.spec.cluster: missing \"region\""),
            ("bad region", "auth:\n  identities:\n    a: {kind: aws/ambient}\n  integrations:\n    i:\n      kind: aws/eks\n      via: {identity: a}\n      spec:\n        cluster: {name: c, region: useast1}\n",
             "auth.integrations.i.spec.cluster.region: not an AWS region name"),
            ("bad mode", "auth:\n  identities:\n    a: {kind: aws/ambient}\n  integrations:\n    i:\n      kind: aws/eks\n      via: {identity: a}\n      spec:\n        cluster: {name: c, region: us-east-1, kubeconfig: {mode: '0999'}}\n",
             "auth.integrations.i.spec.cluster.kubeconfig.mode: not an octal file mode"),
            ("bad update", "auth:\n  identities:\n    a: {kind: aws/ambient}\n  integrations:\n    i:\n      kind: aws/eks\n      via: {identity: a}\n      spec:\n        cluster: {name: c, region: us-east-1, kubeconfig: {update: overwrite}}\n",
             "auth.integrations.i.spec.cluster.kubeconfig.update: must be merge, replace or error"),
            ("integration via nothing", "auth:\n  integrations:\n    i:\n      kind: aws/eks\n      via: {identity: ghost}\n      spec:\n        cluster: {name: c, region: us-east-1}\n",
             "auth.integrations.i.via.identity: names no identity (known: none)"),
            ("not a role arn", "auth:\n  identities:\n    b: {kind: aws/ambient}\n    r:\n      kind: aws/assume-role\n      via: {identity: b}\n      principal: {assume_role: deployer}\n",
             "auth.identities.r.principal.assume_role: not an IAM role ARN"),
            ("misplaced kubeconfig", "auth:\n  identities:\n    a: {kind: aws/ambient}\n  integrations:\n    i:\n      kind: aws/eks\n      via: {identity: a}\n      spec:\n        kubeconfig: {mode: '0600'}\n        cluster: {name: c, region: us-east-1}\n",
             "atmos.yaml:9:9: auth.integrations.i.spec.kubeconfig: unknown key here; it belongs under `cluster:` (valid here: auto_provision, cluster)"),
            ("typo in cluster", "auth:\n  identities:\n    a: {kind: aws/ambient}\n  integrations:\n    i:\n      kind: aws/eks\n      via: {identity: a}\n      spec:\n        cluster: {name: c, region: us-east-1, aliass: x}\n",
             "auth.integrations.i.spec.cluster.aliass: unknown key"),
            ("no auth section", "stacks: {}\n", "no auth: section"),
            ("broken yaml", "auth:\n  identities: [\n", "atmos.yaml:3:"),
        ]
        for (label, text, want) in cases {
            XCTAssertThrowsError(try parse(text), label) { error in
                let message = (error as? ToolError)?.message ?? "\(error)"
                XCTAssertTrue(message.contains(want), "\(label): \(message)")
                XCTAssertEqual((error as? ToolError)?.exitCode, .usage, label)
            }
        }
    }
}
