import Common

/// `creds-resolve --suggest WORD --among NAME...`: the NAME nearest to WORD (KeySuggestion, as
/// for config keys), on one line, or nothing when none is near enough. The flows ask it on
/// their error paths ("unknown command: auth logni; did you mean `auth login`?"), so the shell
/// has no string distance of its own.
enum SuggestQuery {
    static func run(_ args: Arguments) throws -> ExitCode {
        let others = args.occurrences.map(\.name).filter { $0 != "--suggest" && $0 != "--among" }
        if let other = others.first { throw UsageError("--suggest takes only --among, not \(other)") }
        let word = args.value("--suggest") ?? ""
        if let near = KeySuggestion.nearest(word, in: args.values("--among")), near != word {
            try Sys.writeAll(1, near + "\n", path: "stdout")
        }
        return .ok
    }
}
