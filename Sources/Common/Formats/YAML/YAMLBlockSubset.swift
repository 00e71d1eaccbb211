/// A fast reader for the plain block-style YAML that kubeconfig writers (kubectl, the AWS CLI,
/// ekspipe) produce. Why: on a 2 MB kubeconfig, libyaml's scanner spends most of a merge
/// checking each byte of certificate data one character class at a time; this reader walks
/// lines and gives the same tree (kinds, text, styles, marks) in a fraction of the time.
///
/// It accepts only: printable ASCII and `\n`; block mappings with plain keys of `[A-Za-z0-9_./-]`;
/// block sequences (indented or not) whose items are one-line scalars or mappings starting
/// on the `- ` line; one-line plain, single- or double-quoted scalars without escapes; `{}`
/// and `[]`; comments. Anything else (tabs, CR, non-ASCII, document markers, directives,
/// anchors, aliases, tags, block or multi-line scalars, flow content, empty values, unexpected
/// indentation) returns nil, and the caller parses with libyaml, whose tree and errors stand.
/// YAMLBlockSubsetTests compares both readers on many layouts.
struct YAMLBlockSubset {
    private let t: UnsafeBufferPointer<UInt8>
    private var budget: YAMLBudget
    /// The current content line (blank and comment lines skipped): its start, indent, end
    /// (before `\n`) and 1-based number; `start == -1` past the end.
    private var start = 0, indent = 0, end = 0, number = 0
    private var nextStart = 0, nextNumber = 1

    /// Not the subset: the caller falls back to libyaml.
    struct Unsupported: Error {}

    /// The one document of `text`, or nil when it is not in the subset or crosses a limit of
    /// YAMLLimits.swift (libyaml's reader then reports it, with its own position).
    static func parse(_ text: UnsafeBufferPointer<UInt8>, source: String) -> YAMLDocument? {
        guard !text.isEmpty, ByteScan.isPrintableASCIIOrNewline(text) else { return nil }
        var reader = YAMLBlockSubset(t: text, budget: YAMLBudget(source: source))
        do {
            try reader.advance()
            guard reader.start >= 0, reader.indent == 0 else { return nil }
            let root = try reader.mapping(column: 0, depth: 0)
            guard reader.start < 0 else { return nil }
            return YAMLDocument(root: root)
        } catch {
            return nil
        }
    }

    /// Moves to the next line that holds content; refuses document markers and directives.
    private mutating func advance() throws {
        while nextStart < t.count {
            let s = nextStart
            let e = ByteScan.find(10, in: t, from: s, to: t.count)
            nextStart = e + 1
            number = nextNumber
            nextNumber += 1
            var i = s
            while i < e && t[i] == 32 { i += 1 }
            if i == e || t[i] == 35 { continue }
            if i == s && (t[s] == 37 || startsMarker(s, e)) { throw Unsupported() }
            (start, indent, end) = (s, i - s, e)
            return
        }
        start = -1
        indent = -1
    }

    /// `---` or `...` at the start of a line, alone or before a space.
    private func startsMarker(_ s: Int, _ e: Int) -> Bool {
        guard e - s >= 3, t[s] == t[s + 1], t[s] == t[s + 2], t[s] == 45 || t[s] == 46 else { return false }
        return e - s == 3 || t[s + 3] == 32
    }

    private func mark(_ offset: Int) -> YAMLMark { YAMLMark(line: number, column: offset - start + 1) }

    private func isDashItem(_ offset: Int) -> Bool { t[offset] == 45 && offset + 1 < end && t[offset + 1] == 32 }

    /// The end of a plain key at `p` when the line holds `key:` followed by a space or its end.
    private func keyEnd(_ p: Int) -> Int? {
        var i = p
        while i < end && i - p <= 1024 {
            let b = t[i]
            let alnum = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
            if alnum || (i > p && (b == 45 || b == 46 || b == 47)) { i += 1; continue }
            guard b == 58, i > p, i + 1 == end || t[i + 1] == 32 else { return nil }
            return i
        }
        return nil
    }

    /// A block mapping whose first key is at `column` of the current line; the following keys
    /// start lines indented by exactly `column`.
    private mutating func mapping(column: Int, depth: Int) throws -> YAMLNode {
        let at = mark(start + column)
        try budget.countNode(at: at, depth: depth)
        var pairs: [YAMLPair] = []
        var p = start + column
        while true {
            guard let k = keyEnd(p) else { throw Unsupported() }
            let keyMark = mark(p)
            try budget.countNode(at: keyMark, depth: depth + 1)
            let key = YAMLNode(.scalar(text(p, k)), scalarStyle: .plain, mark: keyMark)
            var v = k + 1
            while v < end && t[v] == 32 { v += 1 }
            let value: YAMLNode
            if v < end && t[v] != 35 {
                value = try scalar(at: v, depth: depth + 1)
                try advance()
            } else {
                try advance()
                guard start >= 0 else { throw Unsupported() }
                if indent > column {
                    value = isDashItem(start + indent) ? try sequence(column: indent, depth: depth + 1)
                                                       : try mapping(column: indent, depth: depth + 1)
                } else if indent == column && isDashItem(start + indent) {
                    value = try sequence(column: indent, depth: depth + 1)
                } else {
                    throw Unsupported()
                }
            }
            pairs.append(YAMLPair(key: key, value: value))
            if start < 0 || indent < column { break }
            guard indent == column, !isDashItem(start + indent) else { throw Unsupported() }
            p = start + column
        }
        return YAMLNode(.mapping(pairs), collectionStyle: .block, mark: at)
    }

    /// A block sequence whose `-` stand at `column`.
    private mutating func sequence(column: Int, depth: Int) throws -> YAMLNode {
        let at = mark(start + column)
        try budget.countNode(at: at, depth: depth)
        var items: [YAMLNode] = []
        while true {
            var p = start + column + 1
            while p < end && t[p] == 32 { p += 1 }
            guard p < end, t[p] != 35, !isDashItem(p) else { throw Unsupported() }
            if keyEnd(p) != nil {
                items.append(try mapping(column: p - start, depth: depth + 1))
            } else {
                items.append(try scalar(at: p, depth: depth + 1))
                try advance()
            }
            if start < 0 || indent < column { break }
            guard indent == column else { throw Unsupported() }
            if !isDashItem(start + indent) { break }
        }
        return YAMLNode(.sequence(items), collectionStyle: .block, mark: at)
    }

    /// A one-line value starting at `p`: plain or quoted scalar, `{}` or `[]`; only spaces or
    /// a comment may follow it.
    private mutating func scalar(at p: Int, depth: Int) throws -> YAMLNode {
        let at = mark(p)
        try budget.countNode(at: at, depth: depth)
        let node: YAMLNode
        var rest: Int
        switch t[p] {
        case 34, 39:  // " and '
            var q = p + 1
            while q < end && t[q] != t[p] && t[q] != 92 { q += 1 }
            guard q < end, t[q] == t[p], q + 1 == end || t[q + 1] != t[p] else { throw Unsupported() }
            node = YAMLNode(.scalar(text(p + 1, q)), scalarStyle: t[p] == 34 ? .doubleQuoted : .singleQuoted, mark: at)
            rest = q + 1
        case 123, 91:  // {} and []
            guard p + 1 < end, t[p + 1] == t[p] + 2 else { throw Unsupported() }
            node = t[p] == 123 ? YAMLNode(.mapping([]), collectionStyle: .flow, mark: at)
                               : YAMLNode(.sequence([]), collectionStyle: .flow, mark: at)
            rest = p + 2
        case 33, 37, 38, 42, 44, 58, 62, 63, 64, 93, 96, 124, 125:  // ! % & * , : > ? @ ] ` | }
            throw Unsupported()
        default:
            if t[p] == 45 && (p + 1 == end || t[p + 1] == 32) { throw Unsupported() }
            // The value ends at ` #` (a comment); `: ` or a final `:` would make it a key.
            var q = p
            while true {
                q = ByteScan.find(35, in: t, from: q, to: end)
                if q == end || t[q - 1] == 32 { break }
                q += 1
            }
            if q > p && t[q - 1] == 32 { q -= 1 }
            var colon = ByteScan.find(58, in: t, from: p, to: q)
            while colon < q {
                if colon + 1 == end || t[colon + 1] == 32 { throw Unsupported() }
                colon = ByteScan.find(58, in: t, from: colon + 1, to: q)
            }
            rest = q
            while q > p && t[q - 1] == 32 { q -= 1 }
            node = YAMLNode(.scalar(text(p, q)), scalarStyle: .plain, mark: at)
        }
        while rest < end && t[rest] == 32 { rest += 1 }
        guard rest == end || (t[rest] == 35 && t[rest - 1] == 32) else { throw Unsupported() }
        return node
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: t[from..<to]), as: UTF8.self)
    }
}
