/// ekspipe's version: what `TOOL --version` prints for each of the four tools.
///
/// Why a constant compiled in: the tools start in a couple of milliseconds and read no file
/// (eks-presign runs before every kubectl call). The dispatcher's `ekspipe --version` answers
/// without starting a tool, so the shell has the same value in EKSPIPE_VERSION
/// (scripts/libexec/ekspipe-sh-setup); ToolTests' VersionTests fails when the two differ, and
/// `ekspipe version --verbose` names any installed tool whose version is not ekspipe's.
public enum Version {
    public static let current = "0.1.0"

    /// The one line of `--version`: `TOOL VERSION`, as git, curl and jq begin theirs.
    public static func line(_ tool: String) -> String { "\(tool) \(current)" }
}
