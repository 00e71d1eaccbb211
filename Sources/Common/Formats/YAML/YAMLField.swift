/// Typed, located reads of a YAML config tree: every error names the file, line, column and the
/// key path (`auth.identities.dev-admin.via.provider`) so a person can go straight to the fix,
/// and never the value found there (a config may hold secrets, and a misplaced one is still one).
public struct YAMLField: Sendable {
    public let node: YAMLNode
    public let path: String
    public let source: String

    public init(_ node: YAMLNode, path: String, source: String) {
        self.node = node
        self.path = path
        self.source = source
    }

    public var location: String { "\(source):\(node.mark.line):\(node.mark.column)" }

    public func error(_ what: String) -> YAMLContentError {
        YAMLContentError(source: source, mark: node.mark, keyPath: path, problem: what)
    }

    /// An error about the key `key` of this mapping, located where the key is written. A key
    /// that looks like a secret rather than a name is described, not shown.
    public func keyError(_ key: String, _ what: String) -> YAMLContentError {
        let mark = node.pairs?.first { $0.key.scalar == key }?.key.mark ?? node.mark
        let name = KeySuggestion.isPrintableKey(key) ? key : "(a key that is not a name)"
        return YAMLContentError(source: source, mark: mark, keyPath: path.isEmpty ? name : "\(path).\(name)", problem: what)
    }

    /// The child under `key`, or nil when absent or null.
    public func child(_ key: String) -> YAMLField? {
        guard let v = node[key], !v.isNull else { return nil }
        return YAMLField(v, path: path.isEmpty ? key : "\(path).\(key)", source: source)
    }

    public func require(_ key: String) throws -> YAMLField {
        guard node.isMapping else { throw error("expected a mapping") }
        guard let c = child(key) else { throw error("missing \"\(key)\"") }
        return c
    }

    /// A scalar read as text. `!env NAME` (as Atmos allows) reads the environment variable.
    public func text() throws -> String {
        guard let s = node.scalar else { throw error("expected a string, found a \(node.isMapping ? "mapping" : "sequence")") }
        if node.tag == "!env" {
            let name = s.trimmingWhitespace()
            guard let v = Env.nonEmpty(String(name)) else { throw error("!env \(name): the variable is not set") }
            return v
        }
        return s
    }

    public func optionalText(_ key: String) throws -> String? { try child(key)?.text() }

    public func requireText(_ key: String) throws -> String {
        let t = try require(key).text()
        guard !t.isEmpty else { throw try require(key).error("must not be empty") }
        return t
    }

    public func bool() throws -> Bool {
        guard node.scalar != nil, case .bool(let b) = YAMLResolve.value(of: node) else { throw error("expected true or false") }
        return b
    }

    /// The mapping's entries with string keys, in document order.
    public func entries() throws -> [(String, YAMLField)] {
        guard let pairs = node.pairs else { throw error("expected a mapping") }
        return try pairs.map { p in
            guard let k = p.key.scalar else {
                throw YAMLContentError(source: source, mark: p.key.mark, keyPath: path, problem: "keys must be strings")
            }
            return (k, YAMLField(p.value, path: path.isEmpty ? k : "\(path).\(k)", source: source))
        }
    }

    /// A duration: seconds as a number, or Go-style `1h`, `90m`, `3600s`, `1h30m`.
    public func durationSeconds() throws -> Int {
        if case .int(let i) = YAMLResolve.value(of: node) {
            guard i > 0 else { throw error("a duration must be positive") }
            return Int(i)
        }
        let s = try text()
        var total = 0
        var number = 0
        var sawDigit = false
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                number = number * 10 + Int(c - 48)
                sawDigit = true
                guard number < 10_000_000 else { throw error("the duration is too long") }
            case UInt8(ascii: "h"), UInt8(ascii: "m"), UInt8(ascii: "s"):
                guard sawDigit else { throw error("not a duration (like 1h, 90m, 3600s)") }
                total += number * (c == UInt8(ascii: "h") ? 3600 : c == UInt8(ascii: "m") ? 60 : 1)
                number = 0
                sawDigit = false
            default:
                throw error("not a duration (like 1h, 90m, 3600s)")
            }
        }
        if sawDigit { total += number }
        guard total > 0 else { throw error("not a positive duration") }
        return total
    }
}
