/// Paths against the process: `~` with HOME, relative paths with the working directory, and
/// back to `~/…` for display. Apart from Path.swift so the text helpers that Env and Sys use
/// do not depend on Env and Sys in turn.
extension Path {
    /// `~` and `~/x` expanded with HOME; relative paths made absolute against the cwd; `.`
    /// and `..` components removed lexically.
    public static func absolute(_ path: String, home: String? = Env.home) -> String {
        var p = path
        if p == "~" { p = home ?? "/" } else if p.hasPrefix("~/") { p = join(home ?? "/", String(p.dropFirst(2))) }
        if !p.hasPrefix("/") { p = join(Sys.cwd(), p) }
        var parts: [Substring] = []
        for c in p.split(separator: "/", omittingEmptySubsequences: true) {
            if c == "." { continue }
            if c == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `/home/me/x` shown as `~/x` in progress lines.
    public static func tilde(_ path: String, home: String? = Env.home) -> String {
        guard let home, !home.isEmpty, home != "/" else { return path }
        if path == home { return "~" }
        if path.hasPrefix(home + "/") { return "~" + path.dropFirst(home.count) }
        return path
    }
}
