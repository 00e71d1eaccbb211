/// The pieces of an absolute http(s) URL that signing and endpoint resolution need. Not a
/// general URL parser: AWS endpoints are `scheme://host[:port][/path]`.
public struct URLParts: Sendable, Equatable {
    public var scheme: String
    /// Host as written, IPv6 literals with their brackets.
    public var host: String
    public var port: Int?
    /// The path without a trailing slash ("" for none).
    public var path: String

    /// Parses `text`; nil unless it is an http or https URL with a host.
    public init?(_ text: String) {
        let lower = text.lowercased()
        let scheme: String
        if lower.hasPrefix("https://") { scheme = "https" } else if lower.hasPrefix("http://") { scheme = "http" } else { return nil }
        var rest = Substring(text.dropFirst(scheme.count + 3))
        if let q = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<q] }
        let authority: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            var p = String(rest[slash...])
            while p.hasSuffix("/") { p.removeLast() }
            path = p
        } else {
            authority = rest
            path = ""
        }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var hostPart = authority
        var portPart: Substring? = nil
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() } else if !after.isEmpty { return nil }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        if let portPart {
            guard let p = Int(portPart), (1...65535).contains(p) else { return nil }
            port = p
        } else {
            port = nil
        }
        guard !hostPart.isEmpty else { return nil }
        self.scheme = scheme
        self.host = hostPart.lowercased()
    }

    /// `host[:port]`, the port only when it is not the scheme's default: what the Host header
    /// carries and so what SigV4 signs.
    public var authority: String {
        guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return host }
        return "\(host):\(port)"
    }

    /// `scheme://authority` followed by the base path.
    public var base: String { "\(scheme)://\(authority)\(path)" }

    /// Whether the host is the loopback interface (127.0.0.0/8, ::1, localhost).
    public var isLoopback: Bool {
        host == "localhost" || host == "[::1]" || host.hasPrefix("127.")
    }
}
