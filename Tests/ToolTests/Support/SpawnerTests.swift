import Foundation
import XCTest

/// scripts/fakes/spawner.py, the warm Python that forks the tests' Python programs: a program it
/// runs must answer exactly as the same program started as its own process, and it must never
/// outlive what started it. The class starts a spawner of its own, so it runs the same under
/// scripts/test and under a plain `swift test`.
final class SpawnerTests: XCTestCase {
    nonisolated(unsafe) static var server: Process?
    nonisolated(unsafe) static var socket = ""
    nonisolated(unsafe) static var directory: URL?
    nonisolated(unsafe) static var shortDir: String?
    /// Where the interpreter itself lives (python3 on PATH may be a pyenv shim, which adds its
    /// own variables to what the program sees): the spawner and the direct runs both start there.
    nonisolated(unsafe) static var interpreterDir = ""

    override class func setUp() {
        super.setUp()
        do {
            let dir = try Harness.tempDir("spawner")
            directory = dir
            socket = dir.appendingPathComponent("s.sock").path
            shortDir = try Harness.shortSocketDirectory(for: socket)
            if let shortDir { socket = shortDir + "/s" }
            let out = dir.appendingPathComponent("out")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            let probe = try Harness.run(try XCTUnwrap(BackgroundProcess.which("python3")),
                                        ["-c", "import os, sys; print(os.path.dirname(sys.executable))"])
            interpreterDir = probe.out.trimmingCharacters(in: .whitespacesAndNewlines)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: interpreterDir + "/python3")
            p.arguments = [BackgroundProcess.fakesDir.appendingPathComponent("spawner.py").path, "--socket", socket]
            p.standardInput = FileHandle.nullDevice
            p.standardOutput = try FileHandle(forWritingTo: out)
            try p.run()
            server = p
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, p.isRunning, (try? Data(contentsOf: out))?.isEmpty != false { usleep(20_000) }
            XCTAssertTrue(p.isRunning, "the spawner did not start")
        } catch {
            XCTFail("spawner: \(error)")
        }
    }

    override class func tearDown() {
        if let p = server, p.isRunning {
            kill(p.processIdentifier, SIGTERM)
            p.waitUntilExit()
        }
        if let directory { try? FileManager.default.removeItem(at: directory) }
        if let shortDir { try? FileManager.default.removeItem(atPath: shortDir) }
        super.tearDown()
    }

    struct Run: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `argv` through the spawner and as its own process, with the same environment, directory
    /// and input.
    func both(_ argv: [String], env: [String: String], stdin: String? = nil) throws -> (spawned: Run, direct: Run) {
        let dir = try Harness.tempDir("spawned-run")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("stdin").path
        if let stdin { FileManager.default.createFile(atPath: input, contents: Data(stdin.utf8)) }
        let out = dir.appendingPathComponent("stdout").path, err = dir.appendingPathComponent("stderr").path
        let program = try Spawner.start(argv, environment: env, directory: dir.path, stdin: stdin == nil ? nil : input,
                                        stdout: out, stderr: err, socket: Self.socket)
        XCTAssertTrue(program.wait(timeout: 60), "\(argv) did not end")
        let spawned = Run(status: program.terminationStatus,
                          stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")

        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.interpreterDir + "/" + argv[0])
        p.arguments = Array(argv.dropFirst())
        p.environment = env
        p.currentDirectoryURL = dir
        let o = Pipe(), e = Pipe(), i = Pipe()
        p.standardOutput = o
        p.standardError = e
        p.standardInput = stdin == nil ? FileHandle.nullDevice : i
        try p.run()
        if let stdin {
            i.fileHandleForWriting.write(Data(stdin.utf8))
            try i.fileHandleForWriting.close()
        }
        let outData = o.fileHandleForReading.readDataToEndOfFile(), errData = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let direct = Run(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
        return (spawned, direct)
    }

    func baseEnv(_ extra: [String: String] = [:]) throws -> [String: String] {
        let home = try Harness.tempDir("spawner-home")
        return ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path,
                "LC_ALL": "C.UTF-8"].merging(extra) { $1 }
    }

    func testAPythonProgramSeesItsArgumentsEnvironmentDirectoryAndInput() throws {
        let code = """
            import json, os, sys
            data = sys.stdin.read()
            print(json.dumps({"argv": sys.argv, "env": dict(os.environ), "cwd": os.path.basename(os.getcwd()) != "",
                              "stdin": data, "path0": sys.path[0]}, sort_keys=True))
            print("to stderr", file=sys.stderr)
            sys.exit(3)
            """
        let env = try baseEnv(["EKSPIPE_SPAWNER_PROBE": "a b\nc"])
        let r = try both(["python3", "-c", code, "one", "two words"], env: env, stdin: "line 1\nline 2\n")
        XCTAssertEqual(r.spawned, r.direct)
        XCTAssertEqual(r.spawned.status, 3)
        XCTAssertTrue(r.spawned.stdout.contains(#""argv": ["-c", "one", "two words"]"#), r.spawned.stdout)
        XCTAssertTrue(r.spawned.stdout.contains(#""EKSPIPE_SPAWNER_PROBE": "a b\nc""#), r.spawned.stdout)
        XCTAssertFalse(r.spawned.stdout.contains("EKSPIPE_TEST_SPAWNER"), "only the given environment: \(r.spawned.stdout)")
    }

    func testAScriptRunsAsItsOwnMainWithItsDirectoryOnThePath() throws {
        let dir = try Harness.tempDir("spawner-script")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "VALUE = 'from the sibling module'\n".write(to: dir.appendingPathComponent("sibling.py"), atomically: true, encoding: .utf8)
        let script = dir.appendingPathComponent("main.py")
        try "import sys, sibling\nprint(__name__, sys.argv[1:], sibling.VALUE)\nraise SystemExit('failed: ' + sys.argv[1])\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let r = try both(["python3", script.path, "x"], env: try baseEnv())
        XCTAssertEqual(r.spawned, r.direct)
        XCTAssertEqual(r.spawned.status, 1)
        XCTAssertEqual(r.spawned.stdout, "__main__ ['x'] from the sibling module\n")
        XCTAssertEqual(r.spawned.stderr, "failed: x\n")
    }

    func testTheAWSCLIAnswersAsTheAwsCommand() throws {
        let home = try Harness.tempDir("spawner-aws")
        defer { try? FileManager.default.removeItem(at: home) }
        let config = home.appendingPathComponent("config")
        try "[profile p]\nregion = eu-north-1\noutput = text\n".write(to: config, atomically: true, encoding: .utf8)
        let env = try baseEnv(["AWS_CONFIG_FILE": config.path, "AWS_SHARED_CREDENTIALS_FILE": config.path + ".none"])
        for args in [["--version"], ["configure", "get", "region", "--profile", "p"], ["configure", "list", "--profile", "p"],
                     ["sts", "no-such-operation"], ["eks", "get-token", "--cluster-name", "c", "--profile", "missing"]] {
            let r = try both(["aws"] + args, env: env)
            XCTAssertEqual(r.spawned, r.direct, "aws \(args)")
        }
        let region = try both(["aws", "configure", "get", "region", "--profile", "p"], env: env).spawned
        XCTAssertEqual(region, Run(status: 0, stdout: "eu-north-1\n", stderr: ""))
    }

    func testAProgramIsStoppedByItsProcessId() throws {
        let dir = try Harness.tempDir("spawner-stop")
        defer { try? FileManager.default.removeItem(at: dir) }
        let program = try Spawner.start(["python3", "-c", "import time; time.sleep(120)"], environment: try baseEnv(),
                                        stdout: dir.appendingPathComponent("o").path, stderr: dir.appendingPathComponent("e").path,
                                        socket: Self.socket)
        XCTAssertTrue(program.isRunning)
        kill(program.processIdentifier, SIGTERM)  // at once: the program must already have SIGTERM's default action
        XCTAssertTrue(program.wait(timeout: 30))
        XCTAssertEqual(program.terminationStatus, SIGTERM)
    }

    func testAProgramWhoseTestProcessIsGoneIsKilled() throws {
        let dir = try Harness.tempDir("spawner-orphan")
        defer { try? FileManager.default.removeItem(at: dir) }
        var pid: Int32 = 0
        do {
            let program = try Spawner.start(["python3", "-c", "import time; time.sleep(120)"], environment: try baseEnv(),
                                            stdout: dir.appendingPathComponent("o").path, stderr: dir.appendingPathComponent("e").path,
                                            socket: Self.socket)
            pid = program.processIdentifier
            XCTAssertEqual(kill(pid, 0), 0)
        }  // the handle, and with it the connection, is gone: as when a test process dies
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, kill(pid, 0) == 0 { usleep(20_000) }
        XCTAssertEqual(kill(pid, 0), -1, "the program outlived its connection")
        XCTAssertEqual(errno, ESRCH)
    }

    func testAConnectedProgramTalksOnTheConnectionAndEndsWithIt() throws {
        let dir = try Harness.tempDir("spawner-connected")
        defer { try? FileManager.default.removeItem(at: dir) }
        let code = "import sys\nfor line in sys.stdin:\n    sys.stdout.write(line.upper())\n"
        var pid: Int32 = 0
        do {
            let (p, io) = try Spawner.startConnected(["python3", "-u", "-c", code], environment: try baseEnv(),
                                                     stderr: dir.appendingPathComponent("e").path, socket: Self.socket)
            pid = p
            try io.write(contentsOf: Data("hello\n".utf8))
            var got = Data()
            while !got.contains(0x0A) {
                let chunk = io.availableData
                if chunk.isEmpty { break }
                got.append(chunk)
            }
            XCTAssertEqual(String(decoding: got, as: UTF8.self), "HELLO\n")
            try io.close()
        }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, kill(pid, 0) == 0 { usleep(20_000) }
        XCTAssertEqual(kill(pid, 0), -1, "the program did not end with its connection")
    }
}
