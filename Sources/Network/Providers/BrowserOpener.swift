import Common

/// Opens the sign-in page for a person: only when someone sits at a terminal (stdin is one, or
/// stderr is one and there is a controlling terminal — `ekspipe auth login` runs creds-resolve
/// with stdin closed), a graphical session exists and `xdg-open` is installed;
/// `EKSPIPE_NO_BROWSER=1` turns it off. Failing to open is not an error: the URL is on stderr.
public enum BrowserOpener {
    static var personAtTerminal: Bool {
        if Sys.isatty(0) { return true }
        return Sys.isatty(2) && Interactivity.hasControllingTerminal
    }

    static var available: Bool {
        !Env.flag("EKSPIPE_NO_BROWSER") && (Env.nonEmpty("DISPLAY") != nil || Env.nonEmpty("WAYLAND_DISPLAY") != nil)
            && personAtTerminal && Subprocess.which("xdg-open") != nil
    }

    public static func open(_ url: String) {
        guard available else { return }
        // Backgrounded by sh with its output discarded: a browser that stays up must not hold our pipes.
        _ = try? Subprocess.run(["/bin/sh", "-c", "xdg-open \"$1\" >/dev/null 2>&1 </dev/null &", "sh", url])
    }
}
