/// `--format fish`: what `export` does, in lines fish runs (`ekspipe auth env -i NAME --format
/// fish | source`): fish runs none of sh's `if [ … ]; then`, `${X+x}` or `unset`, so the
/// record of the caller's values is an `if not set -q` block copying them by reference, the
/// session's variables are `set -gx`, and the credential variables are erased with `set -e -g`
/// (the global scope only: a user's universal variables are theirs to keep, so one that is
/// still visible afterwards is shadowed by an empty global, which AWS SDKs treat as unset).
/// `if` rather than `and`, so that the text's status is 0 (`… | source; and …` goes on).
extension SessionEnvironment {
    /// A fish single-quoted word: inside single quotes fish takes `\\` and `\'` as escapes and
    /// everything else, newlines included, as is.
    static func fishQuote(_ value: String) -> String {
        "'" + value.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
    }

    var fish: String {
        var out = "if not set -q EKSPIPE_AMBIENT\n"
        for v in Self.ambient {
            out += "  set -e -g EKSPIPE_AMBIENT_\(v); if set -q \(v); set -gx EKSPIPE_AMBIENT_\(v) \"$\(v)\"; end\n"
        }
        out += "  set -gx EKSPIPE_AMBIENT \(Self.fishQuote(Self.ambient.joined(separator: " ")))\nend\n"
        for (k, v) in set { out += "set -gx \(k) \(Self.fishQuote(v));\n" }
        for v in Self.cleared { out += "set -e -g \(v); if set -q \(v); set -gx \(v) ''; end;\n" }
        return out
    }
}
