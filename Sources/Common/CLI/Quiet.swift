/// `--quiet` (`-q`, or EKSPIPE_QUIET=1 in the environment): what a run says on stderr when
/// nothing is wrong goes away; what is wrong never does.
///
/// Quieted: progress and success lines (`✓ …`, "Authenticating with identity", "Logged in as
/// …", eks-describe's "describing N clusters…") and every notice (Notices.post: `TOOL: took
/// over …`, `TOOL: warning: could not cache …`, eks-presign's "credentials … expire in 9 min and
/// could not be refreshed"), i.e. things the run could do without.
/// Kept: errors (`TOOL: message` with a non-zero exit, the usage after a command-line error),
/// the lines naming a part of the work that failed (eks-describe's failed clusters, `⚠` lines
/// of the flows), and the prompts a person must answer (an MFA code, the SSO sign-in URL and code):
/// a quiet run that needs a person would otherwise wait for an answer to a question never shown.
public enum Quiet {
    /// Set once by Tool.main before the tool's body runs.
    nonisolated(unsafe) public private(set) static var isOn = false

    /// EKSPIPE_QUIET set to anything but empty, 0, false or no (the shell's rule too).
    public static var fromEnvironment: Bool {
        guard let v = Env.nonEmpty("EKSPIPE_QUIET")?.lowercased() else { return false }
        return !["0", "false", "no"].contains(v)
    }

    static func set(_ on: Bool) { isOn = on }
}
