import Glibc

/// The process environment and the standard directories derived from it.
public enum Env {
    public static func get(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }

    /// The value when set and not empty (the AWS SDKs treat an empty variable as unset).
    public static func nonEmpty(_ name: String) -> String? {
        guard let v = get(name), !v.isEmpty else { return nil }
        return v
    }

    public static func flag(_ name: String) -> Bool {
        guard let v = nonEmpty(name)?.lowercased() else { return false }
        return v == "true" || v == "1" || v == "yes"
    }

    public static var home: String? {
        if let h = nonEmpty("HOME") { return h }
        guard let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }

    /// `$XDG_CONFIG_HOME` or `~/.config`.
    public static var configHome: String {
        if let x = nonEmpty("XDG_CONFIG_HOME"), x.hasPrefix("/") { return x }
        return Path.join(home ?? "/", ".config")
    }

    /// `$XDG_CACHE_HOME` or `~/.cache`.
    public static var cacheHome: String {
        if let x = nonEmpty("XDG_CACHE_HOME"), x.hasPrefix("/") { return x }
        return Path.join(home ?? "/", ".cache")
    }

    /// Every `NAME=value` of the environment, in order.
    public static func all() -> [(String, String)] {
        var out: [(String, String)] = []
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") {
                out.append((String(s[..<eq]), String(s[s.index(after: eq)...])))
            }
            p += 1
        }
        return out
    }
}
