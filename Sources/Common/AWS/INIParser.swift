/// The INI dialect of the AWS shared config and credentials files, read exactly as botocore reads
/// them: Python's `configparser.RawConfigParser` with its defaults (strict, `=` or `:`, full-line
/// `#`/`;` comments only, indented continuation lines, a `[DEFAULT]` section inherited by every
/// other), then botocore's nested blocks (`s3 =` followed by indented `key = value` lines).
/// Why a port and not a simpler reader: a config file the AWS CLI accepts must be accepted here,
/// with the same values, and one it refuses must be refused (see the differential test against
/// botocore in Tests/ToolTests/CredsResolve/ConfigConformanceTests.swift).
///
/// Errors name file:line and, where it is safe, the key; never the line or a value: a broken
/// line of a credentials file is often a secret.
public struct INIParser {
    /// A section as written: its exact header text and its options in file order.
    public struct Section: Sendable {
        public let name: String
        public let line: Int
        /// Lowercased option names with their values and lines, in file order.
        public internal(set) var options: [Option] = []
    }

    public struct Option: Sendable {
        public let key: String
        public var value: String
        public let line: Int
        /// Sub-settings of a nested block (`s3 =` + indented lines), keys as written.
        public var nested: [(key: String, value: String)]? = nil
        /// The line of each continuation line, for errors in a nested block.
        var continuationLines: [Int] = []
    }

    public let file: String
    public private(set) var sections: [Section] = []
    /// The `[DEFAULT]` section's options, which every other section inherits.
    public private(set) var defaults: [Option] = []

    public init(text: [UInt8], file: String) throws {
        self.file = file
        guard let decoded = String(validating: text, as: UTF8.self) else {
            throw AWSConfigFileError(file: file, line: nil, .notUTF8)
        }
        try read(Self.lines(decoded))
        for i in sections.indices { try finish(&sections[i].options) }
        try finish(&defaults)
    }

    /// Lines as Python's text mode splits them: `\n`, `\r\n` and a lone `\r` all end a line.
    static func lines(_ text: String) -> [Substring.UnicodeScalarView] {
        var out: [Substring.UnicodeScalarView] = []
        let scalars = Substring(text).unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let c = scalars[i]
            if c == "\n" || c == "\r" {
                out.append(scalars[start..<i])
                var next = scalars.index(after: i)
                if c == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                i = next
            } else {
                i = scalars.index(after: i)
            }
        }
        if start < scalars.endIndex { out.append(scalars[start...]) }
        return out
    }

    /// Where an option's values go while the file is read: the section (or DEFAULT) and index.
    private enum Target { case section(Int), defaults }

    private mutating func read(_ lines: [Substring.UnicodeScalarView]) throws {
        var target: Target? = nil
        var sectionName = ""
        /// The option that continuation lines extend, and the indent of the line that began it.
        var current: Int? = nil
        var indentLevel = 0
        var seenSections: Set<String> = []
        var seenOptions: Set<String> = []
        for (index, raw) in lines.enumerated() {
            let lineNo = index + 1
            let value = PythonText.strip(raw)
            if value.isEmpty {
                // A blank line inside a value is part of it (joined as "\n", trailing ones dropped).
                if let t = target, let o = current { append("", line: lineNo, to: t, option: o) }
                continue
            }
            if value.first == "#" || value.first == ";" { continue }
            let indent = PythonText.indent(raw)
            if let t = target, let o = current, indent > indentLevel {
                append(String(value), line: lineNo, to: t, option: o)
                continue
            }
            indentLevel = indent
            if let header = Self.header(value) {
                current = nil
                if header == "DEFAULT" {
                    target = .defaults
                } else {
                    guard seenSections.insert(header).inserted else {
                        throw AWSConfigFileError(file: file, line: lineNo, .duplicateSection(first: sections.first { $0.name == header }!.line))
                    }
                    sections.append(Section(name: header, line: lineNo))
                    target = .section(sections.count - 1)
                }
                sectionName = header
                continue
            }
            if value.first == "[" && !value.contains(where: { $0 == "=" || $0 == ":" }) {
                throw AWSConfigFileError(file: file, line: lineNo, .brokenSectionHeader)
            }
            guard let t = target else {
                let key = value.firstIndex(where: { $0 == "=" || $0 == ":" }).flatMap { Self.settingName(value[..<$0]) }
                throw AWSConfigFileError(file: file, line: lineNo, .outsideSection(setting: key))
            }
            guard let eq = value.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw AWSConfigFileError(file: file, line: lineNo, .notKeyValue(after: Self.lastKey(of: t, in: self)))
            }
            let key = String(PythonText.strip(value[..<eq].unicodeScalars)).lowercased()
            guard !key.isEmpty else { throw AWSConfigFileError(file: file, line: lineNo, .settingWithoutName) }
            guard seenOptions.insert(sectionName + "\n" + key).inserted else {
                throw AWSConfigFileError(file: file, line: lineNo, .duplicateSetting(setting: Self.settingName(Substring(key))))
            }
            let option = Option(key: key, value: String(PythonText.strip(value[value.index(after: eq)...].unicodeScalars)), line: lineNo)
            switch t {
            case .section(let s): sections[s].options.append(option); current = sections[s].options.count - 1
            case .defaults: defaults.append(option); current = defaults.count - 1
            }
        }
    }

    private mutating func append(_ text: String, line: Int, to target: Target, option: Int) {
        switch target {
        case .section(let s):
            sections[s].options[option].value += "\n" + text
            sections[s].options[option].continuationLines.append(line)
        case .defaults:
            defaults[option].value += "\n" + text
            defaults[option].continuationLines.append(line)
        }
    }

    private static func lastKey(of target: Target, in parser: INIParser) -> String? {
        let options: [Option]
        switch target {
        case .section(let s): options = parser.sections[s].options
        case .defaults: options = parser.defaults
        }
        return options.last.flatMap { settingName(Substring($0.key)) }
    }

    /// `[header]` as Python's `\[(?P<header>.+)\]` matches a stripped line: from the first `[` to
    /// the last `]`, anything after it ignored (`[profile a] # note`).
    static func header(_ line: Substring) -> String? {
        guard line.first == "[", let close = line.lastIndex(of: "]") else { return nil }
        let inner = line[line.index(after: line.startIndex)..<close]
        return inner.isEmpty ? nil : String(inner)
    }

    /// Joins continuation lines as Python does (trailing blank lines dropped) and reads nested
    /// blocks: a value that starts with a line break is `key = value` lines, each with an `=`.
    private func finish(_ options: inout [Option]) throws {
        for i in options.indices {
            options[i].value = String(PythonText.rstrip(Substring(options[i].value).unicodeScalars))
            guard options[i].value.first == "\n" else { continue }
            var nested: [(key: String, value: String)] = []
            let lines = [options[i].line] + options[i].continuationLines
            for (n, line) in options[i].value.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let l = PythonText.strip(line.unicodeScalars)
                if l.isEmpty { continue }
                guard let eq = l.firstIndex(of: "=") else {
                    throw AWSConfigFileError(file: file, line: lines[min(n, lines.count - 1)], .nestedNotKeyValue(under: Self.settingName(Substring(options[i].key))))
                }
                nested.append((String(PythonText.strip(l[..<eq].unicodeScalars)), String(PythonText.strip(l[l.index(after: eq)...].unicodeScalars))))
            }
            options[i].value = ""
            options[i].nested = nested
        }
    }

    /// A key as it may be named in a message: spelled like a setting (a printable name with an
    /// `_`, or short and all lowercase), which a piece of base64 from a wrapped secret hardly is.
    static func settingName(_ raw: Substring) -> String? {
        let k = String(raw.trimmingWhitespace())
        guard KeySuggestion.isPrintableKey(k) else { return nil }
        if k.contains("_") || (k.count <= 24 && k.utf8.allSatisfy { (97...122).contains($0) }) { return k }
        return nil
    }
}
