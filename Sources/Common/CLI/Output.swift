import Glibc

/// stdout and stderr discipline: stdout carries exactly one JSON document (or the one text a
/// format asks for), written with write(2) so a failed write (a full disk, /dev/full, a closed
/// pipe) is an error the entry point reports; diagnostics go to stderr as `TOOL: message`.
public enum Output {
    /// Writes `text` and a newline to stdout; throws when any byte cannot be written.
    public static func stdout(_ text: String) throws {
        try Sys.writeAll(1, text + "\n", path: "stdout")
    }

    /// Writes one JSON document to stdout (pretty, as kubectl and jq users expect).
    public static func json(_ value: JSON, pretty: Bool = true) throws {
        try stdout(value.render(pretty: pretty))
    }

    /// A line on stderr. Errors writing diagnostics are ignored: there is nowhere left to report them.
    public static func stderr(_ line: String) {
        _ = try? Sys.writeAll(2, line + "\n")
    }

    /// The running tool's name, for prompts that libraries word (set once by Tool.main; a
    /// library never reads argv to learn which tool it runs in).
    nonisolated(unsafe) public internal(set) static var toolName = "ekspipe"

    /// `TOOL: line` on stderr for what a person must act on (an SSO sign-in URL and code):
    /// never quieted, as a quiet run that needs a person would wait on a question not shown.
    public static func prompt(_ line: String) {
        stderr("\(toolName): \(line)")
    }

    /// A progress or success line on stderr (`✓ …`, a login's summary): left out under
    /// --quiet (Quiet.swift), unlike `stderr(_:)`, which is for errors and prompts.
    public static func progress(_ line: String) {
        if !Quiet.isOn { stderr(line) }
    }

    /// Whether stdout is a terminal, in which case secrets are masked unless the user asks.
    public static var stdoutIsTerminal: Bool { Sys.isatty(1) }
    public static var stderrIsTerminal: Bool { Sys.isatty(2) }
}

/// Secret values in documents ekspipe prints, and how they are masked on a terminal.
public enum Secrets {
    /// Keys whose string values are secrets wherever they appear.
    public static let keys: Set<String> = ["SecretAccessKey", "SessionToken", "token", "secretAccessKey", "sessionToken"]

    /// A masked form that shows the length class but nothing of the value.
    public static func mask(_ value: String) -> String {
        value.isEmpty ? "" : "****(masked; use --reveal or a pipe)"
    }

    /// The document with every secret value masked.
    public static func masked(_ value: JSON) -> JSON {
        switch value {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o {
                if keys.contains(k), let s = v.string { out[k] = .string(mask(s)) } else { out[k] = masked(v) }
            }
            return .object(out)
        case .array(let a):
            return .array(a.map(masked))
        default:
            return value
        }
    }
}
