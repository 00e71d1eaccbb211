import Foundation
import XCTest

/// Every --help: the four tools' and every ekspipe command's (found from scripts/libexec, so a
/// command added later is covered without touching this test) exits 0, prints on stdout only,
/// and has an "Examples:" block; the tools' also list their exit statuses, and their examples
/// use only options the tool in that place of the pipeline documents.
final class HelpTests: FlowTestCase {
    override class var needsWorld: Bool { false }

    static let tools = ["creds-resolve", "eks-describe", "kubeconfig-merge", "eks-presign"]

    func assertHelp(_ r: Harness.Result, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 0, "\(what): \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stderr, "", "\(what): nothing on stderr", file: file, line: line)
        XCTAssertTrue(r.out.hasPrefix("Usage: "), "\(what): \(r.out.prefix(200))", file: file, line: line)
        XCTAssertTrue(r.out.contains("\nExamples:\n"), "\(what) --help has no \"Examples:\" block", file: file, line: line)
    }

    /// The lines of the Examples block (up to the next blank line).
    static func examples(_ help: String) -> [String] {
        guard let start = help.range(of: "\nExamples:\n") else { return [] }
        return help[start.upperBound...].components(separatedBy: "\n\n")[0].split(separator: "\n").map(String.init)
    }

    func testEveryToolHasExamplesAndExitStatus() throws {
        var helps: [String: String] = [:]
        for t in Self.tools {
            let r = try Harness.run(t, ["--help"], env: env())
            assertHelp(r, t)
            XCTAssertTrue(r.out.hasPrefix("Usage: \(t) "), r.out)
            XCTAssertTrue(r.out.contains("Exit status: 0"), "\(t): the exit statuses")
            for flag in ["--quiet", "--version", "--help"] { XCTAssertTrue(r.out.contains(flag), "\(t) --help documents \(flag)") }
            helps[t] = r.out
        }
        // Each example's stages: a tool's options must be ones its own help documents.
        var checked = 0
        for (t, help) in helps {
            let lines = Self.examples(help).filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            XCTAssertGreaterThanOrEqual(lines.count, 3, "\(t): a few examples")
            for line in lines {
                let code = line.components(separatedBy: "  #")[0]
                for stage in code.components(separatedBy: "|") {
                    let words = stage.replacingOccurrences(of: "eval \"$(", with: "").split(separator: " ").map(String.init)
                    guard let first = words.first, let owner = helps[first] else { continue }
                    for w in words where w.hasPrefix("-") && w.count > 1 {
                        let flag = String(w.split(separator: "=")[0])
                        XCTAssertTrue(owner.contains(" \(flag) ") || owner.contains(" \(flag),") || owner.contains("\(flag)\n"),
                                      "\(t) --help example uses \(first) \(flag), which \(first) --help does not document: \(line)")
                        checked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 20, "the examples were read")
    }

    /// The commands, from the dispatcher's libexec (ekspipe-sh-* are sourced files, not commands).
    static func commandFiles() throws -> [String] {
        let dir = Harness.packageRoot.appendingPathComponent("scripts/libexec")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasPrefix("ekspipe-") && !$0.hasPrefix("ekspipe-sh-") }
            .map { String($0.dropFirst("ekspipe-".count)) }.sorted()
    }

    /// ekspipe-aws-eks-update-kubeconfig is `aws eks update-kubeconfig`: the words are found by
    /// asking, for each way of splitting the name, which one the dispatcher answers with that
    /// command's own usage line.
    func testEveryEkspipeCommandHasExamples() throws {
        assertHelp(try ekspipe(["--help"]), "ekspipe")
        let files = try Self.commandFiles()
        XCTAssertTrue(files.contains("auth-login") && files.contains("version"), "\(files)")
        for file in files {
            let parts = file.split(separator: "-").map(String.init)
            var found: Harness.Result?
            var tried: [String] = []
            for k in 0..<parts.count {
                let words = Array(parts[..<k]) + [parts[k...].joined(separator: "-")]
                let r = try ekspipe(words + ["--help"])
                tried.append(words.joined(separator: " "))
                if r.status == 0, r.out.hasPrefix("Usage: ekspipe \(words.joined(separator: " "))") {
                    found = r
                    break
                }
            }
            guard let r = found else {
                XCTFail("libexec/ekspipe-\(file): no `ekspipe WORDS --help` answers with its usage (tried: \(tried.joined(separator: "; ")))")
                continue
            }
            let command = tried.last!
            assertHelp(r, "ekspipe \(command)")
            // -q is taken anywhere before `--` by every command (the dispatcher removes it).
            let quiet = try ekspipe(command.split(separator: " ").map(String.init) + ["-q", "--help"])
            XCTAssertEqual(quiet.status, 0, "ekspipe \(command) -q --help: \(quiet.stderr)")
            XCTAssertEqual(quiet.out, r.out)
        }
    }

    /// `ekspipe help COMMAND` is `ekspipe COMMAND --help`, as `git help`.
    func testHelpCommand() throws {
        let direct = try ekspipe(["auth", "exec", "--help"])
        let viaHelp = try ekspipe(["help", "auth", "exec"])
        XCTAssertEqual(viaHelp.status, 0, viaHelp.stderr)
        XCTAssertEqual(viaHelp.out, direct.out)
        XCTAssertTrue(direct.out.contains("ekspipe auth exec -i dev -- kubectl"), direct.out)
        let unknown = try ekspipe(["help", "no-such-command"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown command: no-such-command"), unknown.stderr)
        XCTAssertEqual(unknown.out, "")
    }
}
