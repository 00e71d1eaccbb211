import Foundation
import XCTest

/// What must never happen to someone's kubeconfig: lost entries under concurrency, half files
/// after a crash, overwritten corrupt files, stale locks from ekspipe.
final class KubeconfigMergeSafetyTests: KubeconfigMergeTestCase {
    func testManyProcessesMergingAtOnceLoseNothing() throws {
        let path = dir.appendingPathComponent("config").path
        _ = try kubectl(path, ["config", "set-cluster", "foreign", "--server", "https://f"])
        let n = 12
        // Start every writer before waiting for any, so they race for the file.
        var procs: [(Process, URL)] = []
        for i in 0..<n {
            let input = home.appendingPathComponent("in-\(i).json")
            try Self.envelope([Self.cluster("c\(i)", alias: "ctx-\(i)")], identity: "id-\(i % 3)").write(to: input)
            let errURL = home.appendingPathComponent("err-\(i).txt")
            procs.append((try Self.mergeProcess(kubeconfig: path, input: input, stderr: errURL, env: env), errURL))
        }
        for (p, _) in procs { try p.run() }
        for (p, errURL) in procs {
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
        }
        let contexts = try kubectl(path, ["config", "get-contexts", "-o", "name"]).split(separator: "\n").map(String.init)
        XCTAssertEqual(Set(contexts), Set((0..<n).map { "ctx-\($0)" }))
        let v = try view(path)
        XCTAssertEqual(Self.named(v, "clusters").count, n + 1, "foreign cluster kept, every cluster present")
        XCTAssertEqual(Self.named(v, "users").count, n)
        try assertNoDebris(path)
    }

    /// SIGKILL at arbitrary moments while merging into a large file: afterwards the file is
    /// always either exactly the old one or the complete new one.
    func testKilledWriterLeavesOldOrNewFileNeverAHalf() throws {
        let path = dir.appendingPathComponent("config").path
        try Data(Self.bigKubeconfig(clusters: 600).utf8).write(to: URL(fileURLWithPath: path))
        let old = try XCTUnwrap(bytes(path))
        let stdinURL = home.appendingPathComponent("envelope.json")
        try Self.envelope([Self.cluster("new-cluster", alias: "new")]).write(to: stdinURL)
        // How long one uncontended merge takes here, to spread the kills over all of it.
        let started = Date()
        XCTAssertEqual(try merge(["--kubeconfig", path], try Data(contentsOf: stdinURL)).status, 0)
        let full = Date().timeIntervalSince(started)
        var sawOld = false, sawNew = false
        for attempt in 0..<16 {
            try old.write(to: URL(fileURLWithPath: path))
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Harness.tool("kubeconfig-merge"))
            p.arguments = ["--kubeconfig", path]
            p.environment = env
            p.standardInput = try FileHandle(forReadingFrom: stdinURL)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(useconds_t(full * 1.2 * Double(attempt) / 16 * 1_000_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let now = try XCTUnwrap(bytes(path))
            if now == old {
                sawOld = true
            } else {
                sawNew = true
                let names = try kubectl(path, ["config", "get-contexts", "-o", "name"]).split(separator: "\n")
                XCTAssertEqual(names.count, 601, "attempt \(attempt): a partial file")
            }
            // A SIGKILLed writer leaves its lock (kubectl's does too) and maybe its temp file.
            try? FileManager.default.removeItem(atPath: path + ".lock")
            for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasPrefix(".config.tmp-") {
                try FileManager.default.removeItem(at: dir.appendingPathComponent(f))
            }
        }
        XCTAssertTrue(sawOld || sawNew)
        print("killed writers: old file \(sawOld ? "seen" : "not seen"), new file \(sawNew ? "seen" : "not seen")")
    }

    func testCorruptFileIsRefusedAndLeftUntouched() throws {
        let path = dir.appendingPathComponent("config").path
        let corrupt = "apiVersion: v1\nclusters:\n- cluster:\n    server: https://x\n  name: a\n   bad: [indent\n"
        try Data(corrupt.utf8).write(to: URL(fileURLWithPath: path))
        let r = try merge(["--kubeconfig", path], Self.envelope([Self.cluster("dev-cluster")]))
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("kubeconfig-merge: \(path):6:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("invalid YAML"), r.stderr)
        XCTAssertEqual(bytes(path), Data(corrupt.utf8))
        XCTAssertEqual(r.stdout.count, 0)
        try assertNoDebris(path)

        // Valid YAML that is not a kubeconfig is refused too, with where.
        let wrong = "apiVersion: v1\nclusters:\n  name: not-a-list\n"
        try Data(wrong.utf8).write(to: URL(fileURLWithPath: path))
        let r2 = try merge(["--kubeconfig", path], Self.envelope([Self.cluster("dev-cluster")]))
        XCTAssertEqual(r2.status, 2)
        XCTAssertTrue(r2.stderr.contains("\(path):3:3: clusters must be a list"), r2.stderr)
        XCTAssertEqual(bytes(path), Data(wrong.utf8))
        try assertNoDebris(path)
    }

    func testDirectoryWhereTheFileShouldBe() throws {
        let path = dir.appendingPathComponent("config").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let r = try merge(["--kubeconfig", path], Self.envelope([Self.cluster("dev-cluster")]))
        XCTAssertEqual(r.status, 2, "a path that is not a regular file is bad input")
        XCTAssertTrue(r.stderr.contains("\(path) is a directory"), r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path), [])
        try assertNoDebris(path)
    }

    /// A directory the user may not write to. As root (who may write anywhere) the tool runs as
    /// `nobody` through setpriv; as anyone else the directory is made read-only.
    func testUnwritableDirectoryFailsClearly() throws {
        let locked = home.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        let path = locked.appendingPathComponent("config").path
        _ = try kubectl(path, ["config", "set-cluster", "foreign", "--server", "https://f"])
        _ = chmod(path, 0o644)
        let original = bytes(path)
        let stdin = Self.envelope([Self.cluster("dev-cluster")])
        let r: Harness.Result
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw XCTSkip("setpriv (util-linux) not installed") }
            _ = chmod(locked.path, 0o755)
            _ = chmod(home.path, 0o755)
            r = try Harness.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Harness.tool("kubeconfig-merge"),
                                                     "--kubeconfig", path], env: env, stdin: stdin)
        } else {
            _ = chmod(locked.path, 0o555)
            r = try merge(["--kubeconfig", path], stdin)
        }
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("kubeconfig-merge: lock \(path): Permission denied"), r.stderr)
        XCTAssertEqual(bytes(path), original)
        _ = chmod(locked.path, 0o755)
        try assertNoDebris(path)
    }

    func testLockHeldPastTheTimeout() throws {
        let path = dir.appendingPathComponent("config").path
        _ = try kubectl(path, ["config", "set-cluster", "foreign", "--server", "https://f"])
        let original = bytes(path)
        FileManager.default.createFile(atPath: path + ".lock", contents: Data())
        let r = try merge(["--kubeconfig", path, "--lock-timeout", "0.3"], Self.envelope([Self.cluster("dev-cluster")]))
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("\(path) is locked by another process (\(path).lock still exists after 0.3s)"), r.stderr)
        XCTAssertEqual(bytes(path), original)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + ".lock"), "someone else's lock is not ours to remove")

        // kubectl itself refuses to write while the lock exists: it is the same lock.
        let k = try Harness.run("/usr/bin/env", ["kubectl", "--kubeconfig", path, "config", "set-cluster", "x", "--server", "https://x"], env: env)
        XCTAssertNotEqual(k.status, 0, "kubectl wrote despite the lock")

        // A lock released while waiting is taken.
        let remover = Process()
        remover.executableURL = URL(fileURLWithPath: "/bin/sh")
        remover.arguments = ["-c", "sleep 0.5; rm -f '\(path).lock'"]
        try remover.run()
        let r2 = try merge(["--kubeconfig", path, "--lock-timeout", "30"], Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]))
        remover.waitUntilExit()
        XCTAssertEqual(r2.status, 0, r2.stderr)
        XCTAssertEqual(try kubectl(path, ["config", "get-contexts", "-o", "name"]), "dev-eks\n")
        try assertNoDebris(path)
    }

    func testInterruptedWhileWaitingReleasesNothingItDoesNotOwn() throws {
        // SIGTERM while waiting for someone else's lock: that lock stays, nothing is written.
        let path = dir.appendingPathComponent("config").path
        FileManager.default.createFile(atPath: path + ".lock", contents: Data("other".utf8))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Harness.tool("kubeconfig-merge"))
        p.arguments = ["--kubeconfig", path, "--lock-timeout", "30"]
        p.environment = env
        let input = Pipe()
        p.standardInput = input
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        input.fileHandleForWriting.write(Self.envelope([Self.cluster("dev-cluster")]))
        try input.fileHandleForWriting.close()
        usleep(300_000)
        p.terminate()
        p.waitUntilExit()
        XCTAssertEqual(bytes(path + ".lock"), Data("other".utf8))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testInterruptedRunReleasesTheLocksItHolds() throws {
        // Two files: the run takes a.lock, then waits for b.lock (held here); SIGTERM must
        // remove a.lock (its own) and leave b.lock (not its own).
        let a = dir.appendingPathComponent("a").path, b = dir.appendingPathComponent("b").path
        FileManager.default.createFile(atPath: b + ".lock", contents: Data("held by the test".utf8))
        let input = home.appendingPathComponent("in.json")
        try Self.envelope([Self.cluster("one", kubeconfig: ["path": a]), Self.cluster("two", kubeconfig: ["path": b])]).write(to: input)
        let p = try Self.mergeProcess(input: input, env: env)
        try p.run()
        var waited = 0
        while !FileManager.default.fileExists(atPath: a + ".lock") && waited < 600 && p.isRunning {
            usleep(50_000)
            waited += 1
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: a + ".lock"), "the run never took a.lock")
        p.terminate()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        XCTAssertFalse(FileManager.default.fileExists(atPath: a + ".lock"), "its own lock was left behind")
        XCTAssertEqual(bytes(b + ".lock"), Data("held by the test".utf8))
        XCTAssertFalse(FileManager.default.fileExists(atPath: a))
        XCTAssertFalse(FileManager.default.fileExists(atPath: b))
    }

    /// Unusual but valid YAML in a kubeconfig (anchors, flow style, quoted keys, unicode,
    /// block scalars): after a merge kubectl reads the same foreign data.
    func testUnusualYAMLSurvivesAMerge() throws {
        let path = dir.appendingPathComponent("config").path
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: "büro-cluster ☸"
              cluster: &common
                server: 'https://10.1.2.3:6443'
                insecure-skip-tls-verify: true
            - {name: flow-cluster, cluster: {server: "https://flow.example.com", proxy-url: http://proxy:3128}}
            - name: copy
              cluster: *common
            users:
            - name: "quoted: user"
              user:
                token: |
                  multi-line-token
            contexts: [{name: ctx-ü, context: {cluster: "büro-cluster ☸", user: "quoted: user", namespace: "007"}}]
            current-context: ctx-ü
            preferences: {}
            extensions:
            - name: other-tool
              extension: {key: "value", list: [1, 2]}

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let before = try view(path)
        try mergeOK(["--kubeconfig", path], Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]))
        let after = try view(path)
        assertEveryEntryKept(before, after, added: 1)
        XCTAssertEqual(after["current-context"] as? String, "ctx-ü")
        XCTAssertEqual(after["extensions"] as? NSArray, before["extensions"] as? NSArray)
        XCTAssertEqual(try kubectl(path, ["config", "view", "-o", "jsonpath={.contexts[?(@.name==\"ctx-ü\")].context.namespace}"]), "007")
        // Entries stay in the file's order (not sorted), ekspipe's after them.
        let out = String(decoding: try XCTUnwrap(bytes(path)), as: UTF8.self)
        let order = ["büro-cluster ☸", "flow-cluster", "name: copy", "cluster/dev-cluster"].map { out.range(of: $0)?.lowerBound }
        XCTAssertFalse(order.contains(nil), out)
        XCTAssertEqual(order.compactMap { $0 }, order.compactMap { $0 }.sorted(), out)
    }

    /// About `clusters` kubeconfig entries of ~2 KB each, as `aws eks update-kubeconfig` writes them.
    static func bigKubeconfig(clusters n: Int) -> String {
        let ca = Data((0..<1100).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).base64EncodedString()
        var s = "apiVersion: v1\nclusters:\n"
        for i in 0..<n {
            s += "- cluster:\n    certificate-authority-data: \(ca)\n    server: https://\(i).gr7.us-east-1.eks.amazonaws.com\n"
            s += "  name: arn:aws:eks:us-east-1:123456789012:cluster/c\(i)\n"
        }
        s += "contexts:\n"
        for i in 0..<n {
            let arn = "arn:aws:eks:us-east-1:123456789012:cluster/c\(i)"
            s += "- context:\n    cluster: \(arn)\n    user: \(arn)\n  name: \(arn)\n"
        }
        s += "current-context: arn:aws:eks:us-east-1:123456789012:cluster/c0\nkind: Config\npreferences: {}\nusers:\n"
        for i in 0..<n {
            s += "- name: arn:aws:eks:us-east-1:123456789012:cluster/c\(i)\n  user:\n    exec:\n"
            s += "      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n      - --region\n      - us-east-1\n"
            s += "      - eks\n      - get-token\n      - --cluster-name\n      - c\(i)\n      command: aws\n"
        }
        return s
    }
}
