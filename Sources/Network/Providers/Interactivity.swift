import Common
import Glibc

/// Whether a person can be asked for anything (an MFA code, a browser sign-in): not with
/// `--non-interactive` (eks-presign under kubectl passes it), and not when there is no terminal
/// at all — no terminal on stdin or stderr and no controlling terminal — as under cron or a CI
/// job, where waiting for a sign-in would only hang.
public enum Interactivity {
    public static func allowed(nonInteractiveFlag: Bool) -> Bool {
        !nonInteractiveFlag && hasTerminal
    }

    public static var hasTerminal: Bool {
        Sys.isatty(0) || Sys.isatty(2) || hasControllingTerminal
    }

    /// Whether this process has a controlling terminal (`/dev/tty` opens), where the MFA
    /// prompt asks. The one probe: the browser opener and the checks above share it.
    public static var hasControllingTerminal: Bool {
        let fd = Glibc.open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return false }
        Glibc.close(fd)
        return true
    }
}
