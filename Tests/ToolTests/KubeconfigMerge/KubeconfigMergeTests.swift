import Foundation
import XCTest

/// Shared set-up for the kubeconfig-merge tests: a scratch HOME, envelopes, running the tool
/// and the real kubectl, and reading files back.
class KubeconfigMergeTestCase: XCTestCase {
    var scratch: ScratchHome!
    var home: URL! { scratch?.url }
    var dir: URL { home.appendingPathComponent("kube") }
    var env: [String: String] { scratch.environment() }

    override func setUpWithError() throws {
        // A tool that exits on a usage error before reading stdin must not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        scratch = try makeScratchHome("kcm")  // removed even where a test took its own permissions away
        try scratch.directory("kube")
    }

    /// One described cluster as eks-describe leaves it in the envelope.
    /// A kubeconfig-merge process (not started) merging `input` into `kubeconfig` (else the
    /// clusters' own paths), its stderr going to `stderr` (else nowhere): for tests that run
    /// writers in the background, many at once or held on a lock.
    static func mergeProcess(kubeconfig: String? = nil, input: URL, stderr: URL? = nil, env: [String: String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Harness.tool("kubeconfig-merge"))
        p.arguments = (kubeconfig.map { ["--kubeconfig", $0] } ?? []) + ["--lock-timeout", "60"]
        p.environment = env
        p.standardInput = try FileHandle(forReadingFrom: input)
        p.standardOutput = FileHandle.nullDevice
        if let stderr {
            FileManager.default.createFile(atPath: stderr.path, contents: nil)
            p.standardError = try FileHandle(forWritingTo: stderr)
        } else {
            p.standardError = FileHandle.nullDevice
        }
        return p
    }

    static func cluster(_ name: String, region: String = "us-east-2", alias: String? = nil, integration: String? = nil,
                        kubeconfig: [String: Any]? = nil) -> [String: Any] {
        var c: [String: Any] = [
            "name": name, "region": region, "arn": "arn:aws:eks:\(region):123456789012:cluster/\(name)",
            "endpoint": "https://\(name.uppercased()).gr7.\(region).eks.amazonaws.com",
            "certificateAuthorityData": Data("-----BEGIN CERTIFICATE-----\(name)-----END CERTIFICATE-----".utf8).base64EncodedString(),
            "status": "ACTIVE",
        ]
        if let alias { c["alias"] = alias }
        if let integration { c["integration"] = integration }
        if let kubeconfig { c["kubeconfig"] = kubeconfig }
        return c
    }

    static func envelope(_ clusters: [[String: Any]], identity: String? = "dev-admin", profile: String? = nil,
                         config: String? = "/home/me/project/atmos.yaml") -> Data {
        var e: [String: Any] = ["clusters": clusters, "region": "us-east-2",
                                "credentials": ["Version": 1, "AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "secret-not-shown"]]
        if let identity { e["identity"] = identity }
        if let config { e["config"] = config }
        var source: [String: Any] = ["kind": identity == nil ? "profile" : "assume-role"]
        if let profile { source["profile"] = profile }
        e["source"] = source
        return try! JSONSerialization.data(withJSONObject: e)
    }

    @discardableResult
    func merge(_ args: [String], _ stdin: Data?, extraEnv: [String: String] = [:]) throws -> Harness.Result {
        var e = env
        for (k, v) in extraEnv { e[k] = v }
        return try Harness.run("kubeconfig-merge", args, env: e, stdin: stdin)
    }

    /// Runs and expects success; returns the envelope.
    @discardableResult
    func mergeOK(_ args: [String], _ stdin: Data, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let r = try merge(args, stdin)
        XCTAssertEqual(r.status, 0, "stderr: \(r.stderr)", file: file, line: line)
        return try r.json()
    }

    func kubectl(_ kubeconfig: String, _ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try Harness.run("/usr/bin/env", ["kubectl", "--kubeconfig", kubeconfig] + args, env: env)
        XCTAssertEqual(r.status, 0, "kubectl \(args): \(r.stderr)", file: file, line: line)
        return r.out
    }

    /// `kubectl config view --raw -o json`, the file as kubectl understands it.
    func view(_ kubeconfig: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let out = try kubectl(kubeconfig, ["config", "view", "--raw", "-o", "json"], file: file, line: line)
        return try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] ?? [:]
    }

    /// The named entries of a section of `kubectl config view`, by name.
    static func named(_ view: [String: Any], _ section: String) -> [String: NSDictionary] {
        var out: [String: NSDictionary] = [:]
        for e in view[section] as? [[String: Any]] ?? [] { out[e["name"] as? String ?? ""] = e as NSDictionary }
        return out
    }

    /// Every cluster, user and context of `before` is in `after` exactly as it was, and each
    /// section gained `added` entries (the merge's own).
    func assertEveryEntryKept(_ before: [String: Any], _ after: [String: Any], added: Int,
                              file: StaticString = #filePath, line: UInt = #line) {
        for section in ["clusters", "users", "contexts"] {
            let b = Self.named(before, section), a = Self.named(after, section)
            for (name, entry) in b { XCTAssertEqual(a[name], entry, "\(section)/\(name) changed", file: file, line: line) }
            XCTAssertEqual(a.count, b.count + added, "\(section): \(a.keys.sorted())", file: file, line: line)
        }
    }

    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// No `<file>.lock` and no temp file left next to `path`.
    func assertNoDebris(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let d = (path as NSString).deletingLastPathComponent
        let names = try FileManager.default.contentsOfDirectory(atPath: d)
        let base = (path as NSString).lastPathComponent
        XCTAssertFalse(names.contains(base + ".lock"), "lock left behind", file: file, line: line)
        XCTAssertFalse(names.contains { $0.hasPrefix(".\(base).tmp-") }, "temp file left: \(names)", file: file, line: line)
    }
}

/// Writing new files and merging into files that kubectl and the AWS CLI wrote, read back with
/// the real kubectl.
final class KubeconfigMergeTests: KubeconfigMergeTestCase {
    func testNewDefaultFileHasEKSEntriesThatKubectlReads() throws {
        let stdin = Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks", integration: "dev/eks/primary"),
                                   ["name": "gone", "region": "us-east-2", "error": ["code": "ResourceNotFoundException", "message": "No cluster found for name: gone."]]],
                                  profile: "dev")
        let r = try merge([], stdin)
        XCTAssertEqual(r.status, 0, r.stderr)
        let path = home.appendingPathComponent(".config/ekspipe/kube/config").path
        XCTAssertTrue(r.stderr.contains("✓ EKS kubeconfig: dev-eks → ~/.config/ekspipe/kube/config"), r.stderr)
        XCTAssertTrue(r.stderr.contains("kubeconfig-merge: skipping cluster gone: ResourceNotFoundException"), r.stderr)
        XCTAssertFalse(r.stderr.contains("secret-not-shown"))
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertEqual(try mode(home.appendingPathComponent(".config/ekspipe/kube").path), 0o700)
        XCTAssertEqual(try mode(home.appendingPathComponent(".config/ekspipe").path), 0o700)

        let out = try r.json()
        XCTAssertEqual((out["credentials"] as? [String: Any])?["SecretAccessKey"] as? String, "secret-not-shown", "envelope passed through")
        let files = (out["kubeconfig"] as? [String: Any])?["files"] as? [[String: Any]]
        XCTAssertEqual(files?.count, 1)
        XCTAssertEqual(files?.first?["path"] as? String, path)
        XCTAssertEqual(files?.first?["changed"] as? Bool, true)
        XCTAssertEqual(files?.first?["contexts"] as? [String], ["dev-eks"])

        let arn = "arn:aws:eks:us-east-2:123456789012:cluster/dev-cluster"
        XCTAssertEqual(try kubectl(path, ["config", "current-context"]), "dev-eks\n")
        XCTAssertEqual(try kubectl(path, ["config", "get-contexts", "-o", "name"]), "dev-eks\n")
        let jp = { (expr: String) in try self.kubectl(path, ["config", "view", "--raw", "-o", "jsonpath=\(expr)"]) }
        XCTAssertEqual(try jp("{.contexts[0].context.cluster}"), arn)
        XCTAssertEqual(try jp("{.contexts[0].context.user}"), try Self.identityUser("dev-admin", arn))
        XCTAssertEqual(try jp("{.clusters[0].name}"), arn)
        XCTAssertEqual(try jp("{.clusters[0].cluster.server}"), "https://DEV-CLUSTER.gr7.us-east-2.eks.amazonaws.com")
        XCTAssertEqual(try jp("{.users[0].user.exec.command}"), Harness.tool("eks-presign"))
        XCTAssertEqual(try jp("{.users[0].user.exec.apiVersion}"), "client.authentication.k8s.io/v1beta1")
        XCTAssertEqual(try jp("{.users[0].user.exec.interactiveMode}"), "Never")
        XCTAssertEqual(try jp("{.users[0].user.exec.provideClusterInfo}"), "false")
        XCTAssertEqual(try jp("{.users[0].user.exec.args}"),
                       #"["--cluster-name","dev-cluster","--region","us-east-2","--identity","dev-admin","--config","/home/me/project/atmos.yaml"]"#)
        XCTAssertEqual(try jp("{.users[0].user.extensions[0].name}"), "ekspipe")
        XCTAssertEqual(try jp("{.users[0].user.extensions[0].extension.identity}"), "dev-admin")
        XCTAssertEqual(try jp("{.contexts[0].context.extensions[0].extension.integration}"), "dev/eks/primary")
        XCTAssertEqual(try jp("{.clusters[0].cluster.extensions[0].extension.profile}"), "dev")
        XCTAssertEqual(try jp("{.clusters[0].cluster.certificate-authority-data}"),
                       Data("-----BEGIN CERTIFICATE-----dev-cluster-----END CERTIFICATE-----".utf8).base64EncodedString())
        try assertNoDebris(path)

        // The same login again: nothing to write, the file is not touched.
        let before = try FileManager.default.attributesOfItem(atPath: path)
        let again = try mergeOK([], stdin)
        let files2 = (again["kubeconfig"] as? [String: Any])?["files"] as? [[String: Any]]
        XCTAssertEqual(files2?.first?["changed"] as? Bool, false)
        let after = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual(before[.systemFileNumber] as? Int, after[.systemFileNumber] as? Int, "file was replaced")
        XCTAssertEqual(before[.modificationDate] as? Date, after[.modificationDate] as? Date)
    }

    func testProfileUserAliasAndV1ExecAPI() throws {
        let path = dir.appendingPathComponent("config").path
        try mergeOK(["--kubeconfig", path, "--alias", "ctx", "--user-alias", "me", "--exec-api-version", "v1"],
                    Self.envelope([Self.cluster("p-cluster", region: "eu-west-1")], identity: nil, profile: "prod", config: nil),
                    file: #filePath, line: #line)
        let jp = { (expr: String) in try self.kubectl(path, ["config", "view", "--raw", "-o", "jsonpath=\(expr)"]) }
        XCTAssertEqual(try jp("{.contexts[0].name}"), "ctx")
        XCTAssertEqual(try jp("{.contexts[0].context.user}"), "me")
        XCTAssertEqual(try jp("{.users[0].name}"), "me")
        XCTAssertEqual(try jp("{.users[0].user.exec.apiVersion}"), "client.authentication.k8s.io/v1")
        XCTAssertEqual(try jp("{.users[0].user.exec.args}"), #"["--cluster-name","p-cluster","--region","eu-west-1","--profile","prod"]"#)

        // EKSPIPE_PRESIGN names another eks-presign.
        let r = try merge(["--kubeconfig", path, "--alias", "ctx", "--user-alias", "me"],
                          Self.envelope([Self.cluster("p-cluster", region: "eu-west-1")], identity: nil, profile: "prod", config: nil),
                          extraEnv: ["EKSPIPE_PRESIGN": "/opt/ekspipe/bin/eks-presign"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try jp("{.users[0].user.exec.command}"), "/opt/ekspipe/bin/eks-presign")
    }

    /// A file built with kubectl's own set-* commands: every foreign entry and field stays
    /// exactly as kubectl reads it, including the current context.
    func testMergeIntoKubectlWrittenFileKeepsEverythingForeign() throws {
        let path = dir.appendingPathComponent("config").path
        _ = try kubectl(path, ["config", "set-cluster", "onprem", "--server", "https://10.0.0.1:6443", "--insecure-skip-tls-verify=true"])
        _ = try kubectl(path, ["config", "set-cluster", "kind-kind", "--server", "https://127.0.0.1:40000", "--tls-server-name", "kind"])
        _ = try kubectl(path, ["config", "set-credentials", "admin", "--token", "t0ken-value"])
        _ = try kubectl(path, ["config", "set-credentials", "basic", "--username", "adm", "--password", "pw"])
        _ = try kubectl(path, ["config", "set-credentials", "oidc", "--auth-provider", "oidc", "--auth-provider-arg", "idp-issuer-url=https://id.example.com",
                               "--auth-provider-arg", "client-id=kubectl"])
        _ = try kubectl(path, ["config", "set-credentials", "execer", "--exec-command", "/usr/bin/some-plugin", "--exec-arg", "a b",
                               "--exec-env", "FOO=bar", "--exec-api-version", "client.authentication.k8s.io/v1"])
        _ = try kubectl(path, ["config", "set-context", "onprem", "--cluster", "onprem", "--user", "admin", "--namespace", "kube-system"])
        _ = try kubectl(path, ["config", "set-context", "kind", "--cluster", "kind-kind", "--user", "oidc"])
        _ = try kubectl(path, ["config", "set", "preferences.colors", "true"])
        _ = try kubectl(path, ["config", "use-context", "onprem"])
        try Data("# my notes\n".utf8 + bytes(path)!).write(to: URL(fileURLWithPath: path))
        _ = chmod(path, 0o640)
        let before = try view(path)

        let stdin = Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks"), Self.cluster("stage-cluster", alias: "stage-eks")])
        try mergeOK(["--kubeconfig", path], stdin)
        let after = try view(path)
        assertEveryEntryKept(before, after, added: 2)
        XCTAssertEqual(after["current-context"] as? String, "onprem", "if-unset keeps the user's current context")
        XCTAssertEqual(after["preferences"] as? NSDictionary, before["preferences"] as? NSDictionary)
        XCTAssertEqual(try mode(path), 0o640, "the file's mode is kept")
        XCTAssertEqual(try kubectl(path, ["config", "get-contexts", "-o", "name"]).split(separator: "\n").sorted(),
                       ["dev-eks", "kind", "onprem", "stage-eks"])
        // Order of existing entries is kept, ours are appended (kubectl's view sorts, so read the text).
        let text = String(decoding: try XCTUnwrap(bytes(path)), as: UTF8.self)
        // kubectl wrote its contexts sorted by name: kind, then onprem.
        let positions = ["name: kind\n", "name: onprem\n", "name: dev-eks\n", "name: stage-eks\n"].map {
            text.range(of: $0, range: text.range(of: "\ncontexts:")!.upperBound..<text.endIndex)?.lowerBound
        }
        XCTAssertFalse(positions.contains(nil), text)
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), text)
        XCTAssertEqual(try kubectl(path, ["config", "view", "--raw", "-o", "jsonpath={.users[?(@.name==\"admin\")].user.token}"]), "t0ken-value")
        try assertNoDebris(path)

        // --current-context always switches, as the AWS CLI does.
        try mergeOK(["--kubeconfig", path, "--current-context", "always"], Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]))
        XCTAssertEqual(try kubectl(path, ["config", "current-context"]), "dev-eks\n")
    }

    /// A file written by the AWS CLI's `aws eks update-kubeconfig` (against moto's EKS):
    /// ekspipe's entries sit next to the CLI's, which stay as they were.
    func testMergeIntoAwsCliWrittenFile() throws {
        let moto = try MotoServer.start()
        defer { moto.stop() }
        try moto.call("eks", "create_cluster", ["name": "cli-cluster", "roleArn": "arn:aws:iam::123456789012:role/eks",
                                                "resourcesVpcConfig": ["subnetIds": [String]()]])
        let path = dir.appendingPathComponent("config").path
        var awsEnv = env
        for (k, v) in MotoServer.adminKeys.environment { awsEnv[k] = v }
        awsEnv["AWS_DEFAULT_REGION"] = "us-east-1"
        let cli = try Harness.run("/usr/bin/env", ["aws", "--endpoint-url", moto.endpoint, "eks", "update-kubeconfig", "--name", "cli-cluster",
                                                   "--kubeconfig", path, "--alias", "cli"], env: awsEnv, timeout: 120)
        XCTAssertEqual(cli.status, 0, cli.stderr)
        let before = try view(path)
        XCTAssertEqual(Self.named(before, "contexts").keys.sorted(), ["cli"])

        try mergeOK(["--kubeconfig", path], Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]))
        let after = try view(path)
        assertEveryEntryKept(before, after, added: 1)
        XCTAssertEqual(after["current-context"] as? String, "cli")

        // The AWS CLI can still update the file ekspipe wrote, and ekspipe's entries survive it.
        let cli2 = try Harness.run("/usr/bin/env", ["aws", "--endpoint-url", moto.endpoint, "eks", "update-kubeconfig", "--name", "cli-cluster",
                                                    "--kubeconfig", path, "--alias", "cli2"], env: awsEnv, timeout: 120)
        XCTAssertEqual(cli2.status, 0, cli2.stderr)
        XCTAssertEqual(try kubectl(path, ["config", "get-contexts", "-o", "name"]).split(separator: "\n").sorted(), ["cli", "cli2", "dev-eks"])
    }

    func testUpdateModes() throws {
        let path = dir.appendingPathComponent("config").path
        _ = try kubectl(path, ["config", "set-cluster", "foreign", "--server", "https://f"])
        _ = try kubectl(path, ["config", "set-context", "dev-eks", "--cluster", "foreign"])
        let original = bytes(path)

        // error: an entry of the same name with other content is a conflict; nothing changes.
        let stdin = Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")])
        let r = try merge(["--kubeconfig", path, "--update", "error"], stdin)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("contexts entry \"dev-eks\" exists with different content"), r.stderr)
        XCTAssertEqual(bytes(path), original)
        XCTAssertEqual(r.stdout.count, 0)
        try assertNoDebris(path)

        // merge replaces the same-named context in place (keeping its namespace field).
        _ = try kubectl(path, ["config", "set-context", "dev-eks", "--namespace", "team-a"])
        try mergeOK(["--kubeconfig", path], stdin)
        XCTAssertEqual(try kubectl(path, ["config", "view", "-o", "jsonpath={.contexts[?(@.name==\"dev-eks\")].context.namespace}"]), "team-a")
        XCTAssertEqual(try kubectl(path, ["config", "view", "-o", "jsonpath={.contexts[?(@.name==\"dev-eks\")].context.cluster}"]),
                       "arn:aws:eks:us-east-2:123456789012:cluster/dev-cluster")

        // error: re-running the same login is not an error.
        try mergeOK(["--kubeconfig", path, "--update", "error"], stdin)

        // replace (from the envelope, overriding the flag): only this run's entries remain.
        let replaceIn = Self.envelope([Self.cluster("other", alias: "other-eks", kubeconfig: ["path": path, "update": "replace"])])
        try mergeOK(["--kubeconfig", path, "--update", "merge"], replaceIn)
        XCTAssertEqual(try kubectl(path, ["config", "get-contexts", "-o", "name"]), "other-eks\n")
        XCTAssertEqual(Self.named(try view(path), "clusters").keys.sorted(), ["arn:aws:eks:us-east-2:123456789012:cluster/other"])
    }

    func testPerClusterFilesAndModesFromTheEnvelope() throws {
        let a = dir.appendingPathComponent("a/config").path
        let b = home.appendingPathComponent("b-config").path
        let stdin = Self.envelope([
            Self.cluster("one", alias: "one", kubeconfig: ["path": a]),
            Self.cluster("two", alias: "two", kubeconfig: ["path": b, "mode": "0640"]),
            Self.cluster("three", alias: "three", kubeconfig: ["path": "~/b-config"]),
        ])
        let out = try mergeOK(["--kubeconfig", dir.appendingPathComponent("unused").path], stdin)
        let files = ((out["kubeconfig"] as? [String: Any])?["files"] as? [[String: Any]]) ?? []
        XCTAssertEqual(Set(files.map { $0["path"] as? String ?? "" }), [a, b])
        XCTAssertEqual(files.first { $0["path"] as? String == b }?["contexts"] as? [String], ["two", "three"])
        XCTAssertEqual(try kubectl(a, ["config", "get-contexts", "-o", "name"]), "one\n")
        XCTAssertEqual(try kubectl(b, ["config", "get-contexts", "-o", "name"]), "three\ntwo\n")
        XCTAssertEqual(try mode(a), 0o600)
        XCTAssertEqual(try mode(b), 0o640)
        XCTAssertEqual(try mode(dir.appendingPathComponent("a").path), 0o700)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("unused").path))
    }

    func testSymlinkedKubeconfigStaysALink() throws {
        let real = dir.appendingPathComponent("real-config").path
        let link = dir.appendingPathComponent("config").path
        _ = try kubectl(real, ["config", "set-cluster", "foreign", "--server", "https://f"])
        _ = chmod(real, 0o644)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real-config")
        try mergeOK(["--kubeconfig", link], Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]))
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "real-config")
        XCTAssertEqual(try kubectl(real, ["config", "get-contexts", "-o", "name"]), "dev-eks\n")
        XCTAssertEqual(try mode(real), 0o644, "mode kept")
        try assertNoDebris(link)
        try assertNoDebris(real)
        // --mode applies on request, even when the content is unchanged.
        try mergeOK(["--kubeconfig", link, "--mode", "0600"], Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]))
        XCTAssertEqual(try mode(real), 0o600)
    }

    func testDryRunPrintsYAMLAndWritesNothing() throws {
        let path = dir.appendingPathComponent("config").path
        let r = try merge(["--kubeconfig", path, "--dry-run"], Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.out.contains("current-context: dev-eks"), r.out)
        XCTAssertTrue(r.out.contains("interactiveMode: Never"), r.out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        // What it prints is the kubeconfig it would write.
        let printed = home.appendingPathComponent("printed").path
        try Data(r.stdout).write(to: URL(fileURLWithPath: printed))
        XCTAssertEqual(try kubectl(printed, ["config", "get-contexts", "-o", "name"]), "dev-eks\n")
    }

    func testAllClustersFailedIsAnError() throws {
        let stdin = Self.envelope([["name": "a", "region": "us-east-2", "error": ["code": "ResourceNotFoundException", "message": "nope"]]])
        let r = try merge([], stdin)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("kubeconfig-merge: skipping cluster a: ResourceNotFoundException: nope"), r.stderr)
        XCTAssertTrue(r.stderr.contains("every cluster (1) failed"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent(".config/ekspipe").path))
    }

    func testBadEnvelopesNameWhatAndWhere() throws {
        var r = try merge([], Data("{\"clusters\": [\n  {\"name\": }\n]}".utf8))
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("kubeconfig-merge: stdin:2:"), r.stderr)
        var c = Self.cluster("x")
        c.removeValue(forKey: "endpoint")
        r = try merge([], Self.envelope([c]))
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("clusters[0]: missing field \"endpoint\""), r.stderr)
        r = try merge([], Self.envelope([Self.cluster("x", kubeconfig: ["mode": "rw"])]))
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("clusters[0].kubeconfig.mode"), r.stderr)
        r = try merge([], Self.envelope([Self.cluster("x", kubeconfig: ["update": "sometimes"])]))
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("clusters[0].kubeconfig.update"), r.stderr)
        r = try merge(["--update", "sometimes"], nil)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("Usage:"), r.stderr)
        r = try merge(["--alias", "a"], Self.envelope([Self.cluster("x"), Self.cluster("y")]))
        XCTAssertEqual(r.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent(".config/ekspipe").path))
        r = try merge(["--help"], nil)
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.out.contains("--current-context"))
    }
}
