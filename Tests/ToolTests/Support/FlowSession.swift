import Foundation
import XCTest

/// Reading what a session (`auth exec/shell/env`) was given: its KUBECONFIG list starts with a
/// session kubeconfig that holds only the identity's current context.
extension FlowTestCase {
    /// The session file (first) and the rest of a session's KUBECONFIG list, joined with ':'.
    func splitSessionList(_ list: String?, file: StaticString = #filePath, line: UInt = #line) -> (session: String, rest: String) {
        let parts = (list ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, first.hasPrefix(sessionDir + "/") else {
            XCTFail("no session kubeconfig first in \(list ?? "nil")", file: file, line: line)
            return ("", list ?? "")
        }
        return (first, parts.dropFirst().joined(separator: ":"))
    }

    /// Where session kubeconfigs go in the scratch HOME (no XDG_RUNTIME_DIR there).
    var sessionDir: String { home.appendingPathComponent(".cache/ekspipe/sessions").path }

    /// `ekspipe auth env --format json` for `identity`, as a dictionary.
    func sessionEnv(_ identity: String, config: String? = nil, env extra: [String: String] = [:],
                    file: StaticString = #filePath, line: UInt = #line) throws -> [String: String] {
        let r = try ekspipe(["auth", "env", "--identity", identity, "--config", config ?? atmosPath, "--format", "json"], env: extra)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: r.stdout) as? [String: String], r.out, file: file, line: line)
    }

    /// `ekspipe auth exec --identity IDENTITY -- ARGS`, run with a kill timer: a session that
    /// waits on itself must fail the test, not hang the run.
    @discardableResult
    func sessionExec(_ identity: String, _ args: [String], config: String? = nil, env extra: [String: String] = [:],
                     timeout: TimeInterval = 20) throws -> Harness.Result {
        try Harness.run(Self.script, ["auth", "exec", "--identity", identity, "--config", config ?? atmosPath, "--"] + args,
                        env: env(extra), timeout: timeout)
    }
}
