import Glibc

/// File modes as people write them in flags and envelopes: `0600`, `600`, `0o600`.
public enum OctalMode {
    /// The mode, or nil when `text` is not an octal mode of at most 0777.
    public static func parse(_ text: String) -> mode_t? {
        var body = Substring(text)
        if body.hasPrefix("0o") { body = body.dropFirst(2) }
        guard !body.isEmpty, body.count <= 4, let v = UInt32(body, radix: 8), v <= 0o777 else { return nil }
        return mode_t(v)
    }

    /// `0o600` → "0600".
    public static func text(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
