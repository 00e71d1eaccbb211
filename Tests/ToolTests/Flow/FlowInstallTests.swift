import Foundation
import XCTest

/// `make install` / `make uninstall` and how an installed `ekspipe` finds its tools. The release
/// build itself is not redone here (minutes): a stand-in `swift` hands make the binaries of the
/// build under test, so what is checked is the Makefile's own work.
final class FlowInstallTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try Harness.tempDir("flow-install")
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(at: dir) }
    }

    static let tools = ["creds-resolve", "eks-describe", "kubeconfig-merge", "eks-presign"]

    /// A `swift` whose `build … --show-bin-path` prints the directory of the tools under test,
    /// and whose `build` succeeds without doing anything; every call is logged.
    func fakeSwift() throws -> (path: String, log: URL) {
        let log = dir.appendingPathComponent("swift.log")
        let path = dir.appendingPathComponent("fake-swift").path
        try """
            #!/bin/sh
            printf '%s\\n' "$*" >>'\(log.path)'
            for a in "$@"; do [ "$a" = --show-bin-path ] && { printf '%s\\n' '\(Harness.binDir.path)'; exit 0; }; done
            exit 0
            """.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return (path, log)
    }

    func make(_ args: [String]) throws -> Harness.Result {
        guard let make = BackgroundProcess.which("make") else {
            throw XCTSkip("make is not installed (scripts/setup should install it)")
        }
        return try Harness.run(make, ["-C", Harness.packageRoot.path] + args,
                               env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": dir.path])
    }

    func testInstallAndUninstall() throws {
        let swift = try fakeSwift()
        let prefix = dir.appendingPathComponent("prefix")
        let bin = prefix.appendingPathComponent("bin")
        let install = try make(["install", "PREFIX=\(prefix.path)", "SWIFT=\(swift.path)"])
        XCTAssertEqual(install.status, 0, install.stderr + install.out)
        for name in Self.tools + ["ekspipe"] {
            let attrs = try FileManager.default.attributesOfItem(atPath: bin.appendingPathComponent(name).path)
            XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o755, name)
        }
        // The dispatcher's commands go to PREFIX/libexec/ekspipe: commands executable, sourced files not.
        let libexec = prefix.appendingPathComponent("libexec/ekspipe")
        let commands = try Self.libexecFiles()
        XCTAssertTrue(commands.contains("ekspipe-auth-exec") && commands.contains("ekspipe-sh-setup"), "\(commands)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: libexec.path).sorted(), commands)
        for name in commands {
            let attrs = try FileManager.default.attributesOfItem(atPath: libexec.appendingPathComponent(name).path)
            XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, name.hasPrefix("ekspipe-sh-") ? 0o644 : 0o755, name)
        }
        let calls = try String(contentsOf: swift.log, encoding: .utf8)
        XCTAssertTrue(calls.contains("build -c release --static-swift-stdlib"), "the release build is what gets installed: \(calls)")

        // The installed ekspipe uses the tools next to it, not the checkout's, not PATH's.
        let v = try Harness.run(bin.appendingPathComponent("ekspipe").path, ["version", "--verbose"], env: ["PATH": "/usr/bin:/bin", "HOME": dir.path])
        XCTAssertEqual(v.status, 0, "every installed tool has ekspipe's version: \(v.out) \(v.stderr)")
        for name in Self.tools {
            XCTAssertTrue(v.out.contains("\(name) ") && v.out.contains("\(bin.resolvingSymlinksInPath().path)/\(name)"), v.out)
        }
        let short = try Harness.run(bin.appendingPathComponent("ekspipe").path, ["--version"], env: ["PATH": "/usr/bin:/bin", "HOME": dir.path])
        XCTAssertEqual(short.status, 0, short.stderr)
        XCTAssertEqual(short.out.split(separator: "\n").count, 1, "one line: \(short.out)")
        XCTAssertTrue(v.out.hasPrefix(short.out), "the same first line: \(v.out)")

        // Uninstall removes exactly what install put there.
        let other = bin.appendingPathComponent("someone-elses-tool")
        try "keep me".write(to: other, atomically: true, encoding: .utf8)
        let uninstall = try make(["uninstall", "PREFIX=\(prefix.path)"])
        XCTAssertEqual(uninstall.status, 0, uninstall.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: bin.path), ["someone-elses-tool"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: prefix.appendingPathComponent("libexec").path), "libexec/ekspipe removed")
    }

    /// The files of scripts/libexec, sorted.
    static func libexecFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Harness.packageRoot.appendingPathComponent("scripts/libexec").path).sorted()
    }

    /// Copies the dispatcher to DIR/ekspipe and its commands to DIR/libexec (the checkout's layout).
    static func copyScripts(to dir: URL) throws {
        let scripts = Harness.packageRoot.appendingPathComponent("scripts")
        try FileManager.default.copyItem(atPath: scripts.appendingPathComponent("ekspipe").path,
                                         toPath: dir.appendingPathComponent("ekspipe").path)
        try FileManager.default.copyItem(atPath: scripts.appendingPathComponent("libexec").path,
                                         toPath: dir.appendingPathComponent("libexec").path)
    }

    func testInACheckoutTheBuildMadeLastIsUsed() throws {
        // A checkout with a release and a debug build: whichever was built last runs, so a
        // stale release build is never used after a fresh debug build (or the other way round).
        let checkout = dir.appendingPathComponent("checkout")
        let scripts = checkout.appendingPathComponent("scripts")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try Self.copyScripts(to: scripts)
        let builds = ["release", "debug"].map { checkout.appendingPathComponent(".build/\($0)") }
        for b in builds {
            try FileManager.default.createDirectory(at: b, withIntermediateDirectories: true)
            for name in Self.tools {
                try FileManager.default.copyItem(atPath: Harness.tool(name), toPath: b.appendingPathComponent(name).path)
            }
        }
        func stamp(_ build: URL, _ date: Date) throws {
            for name in Self.tools {
                try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: build.appendingPathComponent(name).path)
            }
        }
        let env = ["PATH": "/usr/bin:/bin", "HOME": dir.path]
        for (newer, older) in [(builds[1], builds[0]), (builds[0], builds[1])] {
            try stamp(older, Date(timeIntervalSinceNow: -3600))
            try stamp(newer, Date())
            let v = try Harness.run(scripts.appendingPathComponent("ekspipe").path, ["version", "--verbose"], env: env)
            XCTAssertEqual(v.status, 0, v.stderr)
            for name in Self.tools {
                XCTAssertTrue(v.out.contains("\(newer.resolvingSymlinksInPath().path)/\(name)"), "\(newer.lastPathComponent) built last: \(v.out)")
            }
        }
    }

    func testToolsNextToTheScriptComeFirst() throws {
        // A copy of ekspipe next to copies of the tools, and the checkout's on PATH: the side-by-side
        // set wins, so an installation never mixes with a build.
        let side = dir.appendingPathComponent("side")
        try FileManager.default.createDirectory(at: side, withIntermediateDirectories: true)
        try Self.copyScripts(to: side)
        for name in Self.tools {
            try FileManager.default.copyItem(atPath: Harness.tool(name), toPath: side.appendingPathComponent(name).path)
        }
        let path = Harness.binDir.path + ":/usr/bin:/bin"
        let v = try Harness.run(side.appendingPathComponent("ekspipe").path, ["version", "--verbose"], env: ["PATH": path, "HOME": dir.path])
        XCTAssertEqual(v.status, 0, v.stderr)
        for name in Self.tools {
            XCTAssertTrue(v.out.contains("\(side.resolvingSymlinksInPath().path)/\(name)"), v.out)
        }
        // EKSPIPE_BIN_DIR overrides both.
        let o = try Harness.run(side.appendingPathComponent("ekspipe").path, ["version", "--verbose"],
                                env: ["PATH": path, "HOME": dir.path, "EKSPIPE_BIN_DIR": Harness.binDir.path])
        XCTAssertTrue(o.out.contains("\(Harness.binDir.resolvingSymlinksInPath().path)/creds-resolve"), o.out)
    }
}
