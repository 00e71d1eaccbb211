import Foundation
import XCTest

/// `ekspipe aws eks update-kubeconfig --name` as a drop-in for `aws eks update-kubeconfig`:
/// the region from the profile or the environment, the file the AWS CLI writes
/// (`KUBECONFIG`'s, else `~/.kube/config`), and the lines it prints, each compared with the
/// real AWS CLI run against the same moto in a scratch HOME of its own (the paths differ per
/// run, so lines are compared with each HOME replaced by `~`).
final class FlowAwsEksTests: FlowTestCase {
    static let arn = "arn:aws:eks:us-east-2:\(MotoServer.accountID):cluster/user-cluster"

    /// The real `aws` with a user's environment in its own scratch HOME, which gets the same
    /// AWS config as the test's (the profiles written so far).
    func awsCLI(_ args: [String], home awsHome: ScratchHome, env extra: [String: String] = [:]) throws -> Harness.Result {
        let aws = try XCTUnwrap(BackgroundProcess.which("aws"), "the AWS CLI (scripts/setup installs it)")
        if let config = try? String(contentsOf: scratch.awsConfig, encoding: .utf8) {
            try awsHome.write(config, to: ".aws/config")
        }
        var e = awsHome.environment(world.moto.endpointEnvironment)
        for (k, v) in extra { e[k] = v.replacingOccurrences(of: home.path, with: awsHome.path) }
        return try Harness.run(aws, args, env: e, timeout: 120)
    }

    func update(_ args: [String], env: [String: String] = [:]) throws -> Harness.Result {
        try ekspipe(["aws", "eks", "update-kubeconfig"] + args, env: env)
    }

    /// `text` with the HOME of the run shown as `~`.
    func tilde(_ text: String, _ h: String) -> String { text.replacingOccurrences(of: h, with: "~") }

    func writeProfile(_ name: String, region: String?) throws {
        try scratch.write("""
            [profile \(name)]
            aws_access_key_id = \(world.userKeys.accessKeyId)
            aws_secret_access_key = \(world.userKeys.secretAccessKey)
            \(region.map { "region = \($0)" } ?? "")
            """, to: ".aws/config")
    }

    /// No --region: the profile's. Written to ~/.kube/config beside what is there, made the
    /// current context, said as the AWS CLI says it (added, then updated), and usable by kubectl.
    func testRegionFromTheProfileIntoKubeConfigAsTheAWSCLI() throws {
        try writeProfile("flow", region: "us-east-2")
        try scratch.write("""
            apiVersion: v1
            kind: Config
            clusters:
            - name: other
              cluster: {server: "https://127.0.0.1:1"}
            users:
            - name: other-user
              user: {token: abc}
            contexts:
            - name: other-ctx
              context: {cluster: other, user: other-user}
            current-context: other-ctx
            """, to: ".kube/config")
        let awsHome = try makeScratchHome("aws-cli")
        for verb in ["Added new context \(Self.arn) to", "Updated context \(Self.arn) in"] {
            let ours = try update(["--name", "user-cluster", "--profile", "flow"])
            XCTAssertEqual(ours.status, 0, ours.stderr)
            XCTAssertEqual(ours.out, "\(verb) \(userKubeconfig)\n")
            XCTAssertEqual(ours.stderr, "")
            let theirs = try awsCLI(["eks", "update-kubeconfig", "--name", "user-cluster", "--profile", "flow"], home: awsHome)
            XCTAssertEqual(theirs.status, 0, theirs.stderr)
            XCTAssertEqual(tilde(ours.out, home.path), tilde(theirs.out, awsHome.path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: ekspipeKubeconfig), "not ekspipe's own file")
        XCTAssertEqual(try contexts(userKubeconfig), [Self.arn, "other-ctx"], "the user's entries are kept")
        let current = try kubectl(["config", "current-context"], kubeconfig: userKubeconfig)
        XCTAssertEqual(current.out, "\(Self.arn)\n", "the new context is the current one, as with the AWS CLI")
        XCTAssertEqual(try signedArn(Self.arn, kubeconfig: userKubeconfig), world.userArn)
    }

    /// --verbose: the line, "Entries:", then the context, user and cluster as YAML, laid out as
    /// the AWS CLI lays them out (the same top-level keys in the same order).
    func testVerboseShowsTheEntriesAsTheAWSCLI() throws {
        try writeProfile("flow", region: "us-east-2")
        let awsHome = try makeScratchHome("aws-cli")
        let ours = try update(["--name", "user-cluster", "--profile", "flow", "--verbose"])
        XCTAssertEqual(ours.status, 0, ours.stderr)
        let theirs = try awsCLI(["eks", "update-kubeconfig", "--name", "user-cluster", "--profile", "flow", "--verbose"], home: awsHome)
        XCTAssertEqual(theirs.status, 0, theirs.stderr)
        func outline(_ text: String) -> [String] {
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(" ") && !$0.hasPrefix("-") }
                .map { $0.hasPrefix("name: ") ? "name:" : String($0) }
        }
        XCTAssertEqual(outline(tilde(ours.out, home.path)), outline(tilde(theirs.out, awsHome.path)), ours.out)
        XCTAssertTrue(ours.out.hasPrefix("Added new context \(Self.arn) to \(userKubeconfig)\nEntries:\n\ncontext:\n"), ours.out)
        XCTAssertTrue(ours.out.contains("  exec:\n    apiVersion: client.authentication.k8s.io/v1beta1\n    command: \(Harness.tool("eks-presign"))"), ours.out)
        XCTAssertTrue(ours.out.contains("name: flow@\(Self.arn)\nuser:\n"), ours.out)
        assertNoSecrets(ours.out)
    }

    /// --proxy-url: the cluster entry's proxy-url, as the AWS CLI writes it. A scheme kubectl
    /// refuses ("unsupported scheme") is a usage error before any sign-in, nothing written.
    func testProxyURLAsTheAWSCLI() throws {
        try writeProfile("flow", region: "us-east-2")
        let awsHome = try makeScratchHome("aws-cli")
        let proxy = "socks5://127.0.0.1:1080"
        let ours = try update(["--name", "user-cluster", "--profile", "flow", "--proxy-url", proxy])
        XCTAssertEqual(ours.status, 0, ours.stderr)
        let theirs = try awsCLI(["eks", "update-kubeconfig", "--name", "user-cluster", "--profile", "flow", "--proxy-url", proxy], home: awsHome)
        XCTAssertEqual(theirs.status, 0, theirs.stderr)
        let query = ["config", "view", "-o", "jsonpath={.clusters[?(@.name==\"\(Self.arn)\")].cluster.proxy-url}"]
        let mine = try kubectl(query, kubeconfig: userKubeconfig)
        XCTAssertEqual(mine.out, proxy, mine.stderr)
        XCTAssertEqual(mine.out, try kubectl(query, kubeconfig: awsHome.userKubeconfig.path).out)
        let text = try String(contentsOfFile: userKubeconfig, encoding: .utf8)
        XCTAssertTrue(text.contains("    server: "), text)
        XCTAssertTrue(text.contains("    proxy-url: \(proxy)\n"), "after server, as the AWS CLI orders it: \(text)")

        let before = FileManager.default.contents(atPath: userKubeconfig)
        for bad in ["ftp://proxy:21", "proxy.internal:3128", "http://", "socks5:/x", "http://proxy:3128 x"] {
            let r = try update(["--name", "user-cluster", "--profile", "flow", "--proxy-url", bad, "--region", "nowhere-1"])
            XCTAssertEqual(r.status, 2, "\(bad): \(r.stderr)")
            XCTAssertEqual(r.stderr, "ekspipe: --proxy-url: '\(bad)' is not an http://, https:// or socks5:// URL (kubectl accepts no other)"
                           + " (see ekspipe aws eks update-kubeconfig --help)\n",
                           "refused before the region is looked at")
            let direct = try Harness.run("kubeconfig-merge", ["--proxy-url", bad], env: scratch.environment(), stdin: Data())
            XCTAssertEqual(direct.status, 2, direct.stderr)
            XCTAssertTrue(direct.stderr.contains("--proxy-url: '\(bad)' is not an http://, https:// or socks5:// URL"), direct.stderr)
        }
        XCTAssertEqual(FileManager.default.contents(atPath: userKubeconfig), before, "nothing written")
    }

    /// No --region and none in the profile: AWS_DEFAULT_REGION or AWS_REGION; with none at all,
    /// an error naming every place looked, and nothing written.
    func testRegionFromTheEnvironmentAndNone() throws {
        try writeProfile("noreg", region: nil)
        let none = try update(["--name", "user-cluster", "--profile", "noreg"])
        XCTAssertEqual(none.status, 2, none.stderr)
        for place in ["no region", "--region", "AWS_REGION and AWS_DEFAULT_REGION are not set", "profile 'noreg' in ~/.aws/config has none"] {
            XCTAssertTrue(none.stderr.contains(place), "\(place): \(none.stderr)")
        }
        XCTAssertFalse(none.stderr.contains("Usage:"), none.stderr)
        XCTAssertEqual(none.out, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: userKubeconfig), "nothing written")

        let fromDefault = try update(["--name", "user-cluster", "--profile", "noreg"], env: ["AWS_DEFAULT_REGION": "us-east-2"])
        XCTAssertEqual(fromDefault.status, 0, fromDefault.stderr)
        XCTAssertEqual(fromDefault.out, "Added new context \(Self.arn) to \(userKubeconfig)\n")
        let fromRegion = try update(["--name", "user-cluster", "--profile", "noreg", "--alias", "env"], env: ["AWS_REGION": "us-east-2"])
        XCTAssertEqual(fromRegion.status, 0, fromRegion.stderr)
        XCTAssertEqual(fromRegion.out, "Updated context env in \(userKubeconfig)\n")
        let text = try String(contentsOfFile: userKubeconfig, encoding: .utf8)
        XCTAssertTrue(text.contains("- --region\n      - us-east-2\n      - --profile\n      - noreg"), text)
    }

    /// KUBECONFIG's first file, or the one of its files that has the cluster already, as the
    /// AWS CLI chooses; --kubeconfig wins over both.
    func testKubeconfigVariableAsTheAWSCLI() throws {
        try writeProfile("flow", region: "us-east-2")
        let awsHome = try makeScratchHome("aws-cli")
        let a = home.appendingPathComponent("kube/a").path, b = home.appendingPathComponent("kube/b").path
        for list in ["\(a):\(b)", "\(b):\(a)"] {
            let ours = try update(["--name", "user-cluster", "--profile", "flow"], env: ["KUBECONFIG": list])
            XCTAssertEqual(ours.status, 0, ours.stderr)
            let theirs = try awsCLI(["eks", "update-kubeconfig", "--name", "user-cluster", "--profile", "flow"], home: awsHome, env: ["KUBECONFIG": list])
            XCTAssertEqual(theirs.status, 0, theirs.stderr)
            XCTAssertEqual(tilde(ours.out, home.path), tilde(theirs.out, awsHome.path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: b), "b came first the second time, but a had the cluster")
        XCTAssertFalse(FileManager.default.fileExists(atPath: userKubeconfig))
        XCTAssertEqual(try contexts(a), [Self.arn])
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: a)[.posixPermissions] as? Int, 0o600, "a new file is the user's own")

        let custom = home.appendingPathComponent("custom/config").path
        let r = try update(["--name", "user-cluster", "--profile", "flow", "--kubeconfig", custom], env: ["KUBECONFIG": a])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.out, "Added new context \(Self.arn) to \(custom)\n")
        let k = try kubectl(["get", "namespaces", "-o", "name"], kubeconfig: custom)
        XCTAssertEqual(k.status, 0, k.stderr)
    }

    /// An identity (`-i`, short for --identity) and its region; `aws eks token -i` too. Its
    /// logout removes the entries from ~/.kube/config, and only those.
    func testIdentityShortFlagAndItsRegion() throws {
        try writeAtmos()
        try scratch.write("apiVersion: v1\nkind: Config\ncontexts:\n- name: mine\n  context: {cluster: c, user: u}\n", to: ".kube/config")
        let r = try update(["--name", "user-cluster", "-i", "dev-user", "--config", atmosPath])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.out, "Added new context \(Self.arn) to \(userKubeconfig)\n")
        XCTAssertEqual(try signedArn(Self.arn, kubeconfig: userKubeconfig), world.userArn)
        let t = try ekspipe(["aws", "eks", "token", "--cluster-name", "user-cluster", "-i", "dev-user", "--config", atmosPath, "--output", "json"])
        XCTAssertEqual(t.status, 0, t.stderr)
        XCTAssertTrue(((try t.json()["status"] as? [String: Any])?["token"] as? String ?? "").hasPrefix("k8s-aws-v1."))
        let out = try ekspipe(["auth", "logout", "--identity", "dev-user", "--config", atmosPath])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(try contexts(userKubeconfig), ["mine"], out.stderr)
        let users = try kubectl(["config", "view", "-o", "jsonpath={.users[*].name}{.clusters[*].name}"], kubeconfig: userKubeconfig)
        XCTAssertEqual(users.out, "", "the identity's user and the cluster it alone used are gone")
    }
}
