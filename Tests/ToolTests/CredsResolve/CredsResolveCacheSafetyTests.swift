import Foundation
import XCTest

/// The credential cache beside other processes and other users: its per-selection locks leave
/// no file behind and are waited for only so long; a cache directory another user controls is
/// refused (eks-presign must never sign with credentials someone planted); cache files are never
/// opened through a symlink. Against moto's STS, creds-resolve and eks-presign as built.
final class CredsResolveCacheSafetyTests: CredsResolveTestCase {
    nonisolated(unsafe) static var moto: MotoServer?
    nonisolated(unsafe) static var user: AWSKeys!

    override class func setUp() {
        super.setUp()
        moto = MotoServer.startForClass { m in
            user = try m.createUserWithKeys(name: "cache-safety-user").keys
            try m.createRole(name: "r1")
        }
    }

    override class func tearDown() {
        moto?.stop()
        moto = nil
        super.tearDown()
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try writeCredentials("[base]\naws_access_key_id = \(Self.user.accessKeyId)\naws_secret_access_key = \(Self.user.secretAccessKey)\n")
        try writeConfig("[profile one]\nrole_arn = \(MotoServer.roleArn("r1"))\nsource_profile = base\nregion = us-east-2\n")
    }

    override func tearDownWithError() throws {
        _ = try? Harness.run("/bin/chmod", ["-R", "u+rwx", home.path])
        try super.tearDownWithError()
    }

    var env: [String: String] { Self.moto?.endpointEnvironment ?? [:] }
    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: cacheDir.path)) ?? []).sorted() }

    /// Resolves `--profile one` once and returns its cache key (the entry's file name).
    func cacheKey() throws -> String {
        _ = try resolve(["--profile", "one"], env: env)
        let json = try XCTUnwrap(names().first { $0.hasSuffix(".json") })
        return String(json.dropLast(5))
    }

    /// A cache entry as creds-resolve writes it, with keys of the test's choosing.
    func entry(accessKeyId: String) throws -> Data {
        let expiration = Self.iso(Date().addingTimeInterval(3600))
        return try JSONSerialization.data(withJSONObject: [
            "credentials": ["Version": 1, "AccessKeyId": accessKeyId, "SecretAccessKey": "planted-secret", "SessionToken": "planted-token",
                            "Expiration": expiration],
            "source": ["kind": "assume-role"], "region": "us-east-2",
        ])
    }

    func testNoLockFileStaysBehindAfterSuccessOrFailure() throws {
        _ = try cacheKey()
        XCTAssertFalse(names().contains { $0.hasSuffix(".lock") }, "\(names())")
        // A failure while resolving (STS unreachable) leaves no lock file either.
        let dead = ["AWS_ENDPOINT_URL": "http://127.0.0.1:\(try Harness.freePort())"]
        try writeConfig("[profile one]\nrole_arn = \(MotoServer.roleArn("r1"))\nsource_profile = base\nregion = us-east-2\n\n"
            + "[profile two]\nrole_arn = \(MotoServer.roleArn("r1"))\nsource_profile = base\nrole_session_name = two\n")
        let err = try fail(["--profile", "two"], env: dead, status: 1)
        XCTAssertTrue(err.contains("127.0.0.1"), err)
        XCTAssertEqual(names().filter { $0.hasSuffix(".lock") }, [])
    }

    /// Rounds of parallel runs: the lock file is removed after each holder, and still exactly
    /// one STS call is made per round (a waiter that locked a removed file starts over).
    func testRemovingTheLockKeepsParallelRunsToOneSTSCall() throws {
        let e = Harness.isolatedEnv(home: home, extra: env)
        for round in 0..<3 {
            let ids = SharedList<String>()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                let r = try? Harness.run("creds-resolve", ["--profile", "one", "--format", "credential-process"], env: e)
                ids.append(((try? r?.json())?["AccessKeyId"] as? String) ?? "failed: \(r?.stderr ?? "")")
            }
            XCTAssertEqual(Set(ids.values).count, 1, "round \(round): one AssumeRole for all: \(ids.values)")
            XCTAssertTrue(ids.values[0].hasPrefix("ASIA"), ids.values[0])
            XCTAssertEqual(names().filter { $0.hasSuffix(".lock") }, [], "round \(round)")
            for n in names() { try FileManager.default.removeItem(at: cacheDir.appendingPathComponent(n)) }
        }
    }

    func testLockWaitIsBoundedWithAClearMessage() throws {
        let key = try cacheKey()
        try FileManager.default.removeItem(at: cacheDir.appendingPathComponent(key + ".json"))
        let lockPath = cacheDir.appendingPathComponent(key + ".lock").path
        // Another process resolving the same selection, as far as creds-resolve can tell.
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o600)
        XCTAssertEqual(flock(fd, LOCK_EX), 0)
        let started = Date()
        let r = try Harness.run("creds-resolve", ["--profile", "one"], env: Harness.isolatedEnv(home: home, extra: env.merging(
            ["EKSPIPE_CACHE_LOCK_TIMEOUT": "0.5"]) { $1 }), timeout: 20)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "bounded, not hung")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("creds-resolve: another ekspipe process resolving the same credentials still holds \(lockPath) after 0.5s"), r.stderr)
        XCTAssertTrue(r.stderr.contains("let it finish or stop it, then retry"), r.stderr)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: lockPath), "the holder's lock file is not the waiter's to remove")

        let bad = try run(["--profile", "one"], env: env.merging(["EKSPIPE_CACHE_LOCK_TIMEOUT": "soon"]) { $1 })
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("EKSPIPE_CACHE_LOCK_TIMEOUT: expected a number of seconds, found 'soon'"), bad.stderr)

        close(fd)  // released: the next run takes it, resolves, and removes it
        _ = try resolve(["--profile", "one"], env: env)
        XCTAssertFalse(FileManager.default.fileExists(atPath: lockPath))
    }

    /// A cache directory (or its `ekspipe` parent) that another user owns or anyone may write is
    /// refused with the fix, by creds-resolve and through eks-presign, and nothing in it is used:
    /// eks-presign must not sign with the planted key.
    func testCacheDirectoryAnotherUserControlsIsRefused() throws {
        let key = try cacheKey()
        let entryURL = cacheDir.appendingPathComponent(key + ".json")
        try entry(accessKeyId: "ASIAPLANTEDBYNOBODY0").write(to: entryURL)
        XCTAssertEqual(chmod(entryURL.path, 0o600), 0)
        let parent = cacheDir.deletingLastPathComponent()
        var cases: [(URL, uid_t?, mode_t, String)] = [
            (cacheDir, nil, 0o777, "the directory is writable by group and others (mode 0777)"),
            (parent, nil, 0o757, "the directory is writable by others (mode 0757)"),
        ]
        if getuid() == 0 {
            cases.append((cacheDir, 65534, 0o700, "the directory belongs to uid 65534"))
            cases.append((cacheDir, 65534, 0o777, "the directory belongs to uid 65534"))
        }
        for (dir, owner, mode, reason) in cases {
            if let owner {
                XCTAssertEqual(chown(dir.path, owner, owner), 0)
                XCTAssertEqual(chown(entryURL.path, owner, owner), 0)
            }
            XCTAssertEqual(chmod(dir.path, mode), 0)
            let before = names()
            let planted = try Data(contentsOf: entryURL)
            let err = try fail(["--profile", "one"], env: env, status: 1)
            XCTAssertTrue(err.hasPrefix("creds-resolve: refusing \(dir.path) for the credential cache: \(reason)"), err)
            XCTAssertTrue(err.contains(owner == nil ? "fix: chmod go-w '\(dir.path)'" : "use a directory of your own"), err)

            let p = try Harness.run("eks-presign", ["--cluster-name", "demo", "--profile", "one"], env: Harness.isolatedEnv(home: home, extra: env))
            XCTAssertEqual(p.status, 1, "eks-presign signed with a planted cache: \(p.out)")
            XCTAssertFalse(p.out.contains("k8s-aws-v1."), p.out)
            XCTAssertTrue(p.stderr.contains("refusing \(dir.path) for the credential cache"), p.stderr)
            XCTAssertEqual(names(), before, "nothing created or removed")
            XCTAssertEqual(try Data(contentsOf: entryURL), planted)
            // Back to the user's own 0700 directories for the next case.
            if owner != nil {
                XCTAssertEqual(chown(dir.path, 0, 0), 0)
                XCTAssertEqual(chown(entryURL.path, 0, 0), 0)
            }
            XCTAssertEqual(chmod(dir.path, 0o700), 0)
        }
    }

    /// Links planted in the cache (left from a time it was open to others) are never followed:
    /// a linked entry is not read, nor written through; a linked lock creates nothing elsewhere.
    func testCacheFilesAreNeverOpenedThroughALink() throws {
        let key = try cacheKey()
        let entryPath = cacheDir.appendingPathComponent(key + ".json").path
        try FileManager.default.removeItem(atPath: entryPath)
        let outside = home.appendingPathComponent("outside.json").path
        let planted = try entry(accessKeyId: "ASIAPLANTEDVIALINK00")
        FileManager.default.createFile(atPath: outside, contents: planted, attributes: [.posixPermissions: 0o600])
        try FileManager.default.createSymbolicLink(atPath: entryPath, withDestinationPath: outside)
        let r = try run(["--profile", "one", "--format", "credential-process"], env: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let id = try r.json()["AccessKeyId"] as? String
        XCTAssertNotEqual(id, "ASIAPLANTEDVIALINK00", "read through the link")
        XCTAssertTrue(r.stderr.contains("could not cache the credentials: \(entryPath) is a symbolic link, not a regular file"), r.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: outside), planted, "written through the link")
        try FileManager.default.removeItem(atPath: entryPath)

        let lockPath = cacheDir.appendingPathComponent(key + ".lock").path
        let elsewhere = home.appendingPathComponent("created-through-lock").path
        try FileManager.default.createSymbolicLink(atPath: lockPath, withDestinationPath: elsewhere)
        let err = try fail(["--profile", "one"], env: env, status: 1)
        XCTAssertTrue(err.contains("refusing the credential cache lock \(lockPath): it is a symbolic link"), err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: elsewhere), "created through the lock's link")
    }
}
