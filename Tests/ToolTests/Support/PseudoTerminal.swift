import Foundation
import XCTest

/// A built tool run on a pseudo-terminal (python's `pty.fork`): the terminal is the child's
/// controlling terminal and its stdin, as when a person runs it. Why one helper for both uses:
/// masking tests want stdout on the terminal (what the person sees), sign-in and MFA tests want
/// stdout and stderr captured apart (the envelope stays clean) — the pty handling is the same.
final class PseudoTerminalRun {
    let process = Process()
    let dir: URL
    /// Everything the terminal showed.
    var screen: URL { dir.appendingPathComponent("screen") }
    var out: URL { dir.appendingPathComponent("stdout") }
    var err: URL { dir.appendingPathComponent("stderr") }

    /// Reads the terminal until the child closes it; types `answer` once `prompt` appears. With
    /// `captureOutput`, the child's stdout and stderr go to files instead of the terminal.
    private static let script = """
        import os, pty, sys, json
        args = json.loads(sys.argv[1]); prompt = sys.argv[2]; answer = sys.argv[3]
        screen_path, out_path, err_path = sys.argv[4], sys.argv[5], sys.argv[6]
        pid, fd = pty.fork()
        if pid == 0:
            if out_path:
                o = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                e = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(o, 1); os.dup2(e, 2)
            os.execv(args[0], args)
        screen = b""
        sent = False
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
            if prompt and not sent and prompt.encode() in screen:
                os.write(fd, answer.encode() + b"\\n")
                sent = True
        _, status = os.waitpid(pid, 0)
        with open(screen_path, "wb") as f:
            f.write(screen)
        sys.exit(os.waitstatus_to_exitcode(status))
        """

    /// Starts `argv` and returns at once (call `finish()` to wait).
    init(_ argv: [String], env: [String: String], captureOutput: Bool, prompt: String? = nil, answer: String = "") throws {
        dir = try Harness.tempDir("tty-run")
        let argvJSON = String(decoding: try JSONSerialization.data(withJSONObject: argv), as: UTF8.self)
        process.executableURL = URL(fileURLWithPath: BackgroundProcess.which("python3")!)
        process.arguments = ["-c", Self.script, argvJSON, prompt ?? "", answer, screen.path,
                             captureOutput ? out.path : "", captureOutput ? err.path : ""]
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the tool: its exit status, the screen, and (with `captureOutput`) its
    /// stdout and stderr.
    func finish() -> (status: Int32, screen: String, result: Harness.Result) {
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: dir) }
        let screenText = String(decoding: (try? Data(contentsOf: screen)) ?? Data(), as: UTF8.self)
        let result = Harness.Result(status: process.terminationStatus, stdout: (try? Data(contentsOf: out)) ?? Data(),
                                    stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        return (process.terminationStatus, screenText, result)
    }
}
