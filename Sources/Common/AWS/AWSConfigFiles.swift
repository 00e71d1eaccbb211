/// The shared AWS config and credentials files, read as the AWS SDKs read them: `[default]`,
/// `[profile x]`, `[sso-session x]`, `[services x]` in the config file, `[x]` in the credentials
/// file, keys case-insensitive, `key = value` or `key: value`, nested `key =` blocks (`s3 =` +
/// indented lines) kept apart.
public struct AWSConfigFiles: Sendable {
    public struct Section: Sendable {
        /// "profile", "sso-session", "services", or "credentials" (a credentials-file section).
        public let kind: String
        public let name: String
        public internal(set) var values: [String: String] = [:]
        /// file:line of every key, for errors that point at the line to fix.
        var lines: [String: String] = [:]
        public let header: String

        public subscript(key: String) -> String? { values[key] }

        /// "file:line" of `key`, or of the section header when the key is absent.
        public func location(of key: String) -> String { lines[key] ?? header }
    }

    public let configPath: String
    public let credentialsPath: String
    var configSections: [Section] = []
    var credentialSections: [Section] = []

    /// The files the SDKs would read: `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`, else
    /// `~/.aws/config` and `~/.aws/credentials`. Missing files are empty; broken ones are errors.
    public static func load() throws -> AWSConfigFiles {
        let home = Env.home ?? "/"
        let config = Env.nonEmpty("AWS_CONFIG_FILE").map { Path.absolute($0) } ?? Path.join(home, ".aws/config")
        let creds = Env.nonEmpty("AWS_SHARED_CREDENTIALS_FILE").map { Path.absolute($0) } ?? Path.join(home, ".aws/credentials")
        return try AWSConfigFiles(configPath: config, credentialsPath: creds)
    }

    public init(configPath: String, credentialsPath: String) throws {
        self.configPath = configPath
        self.credentialsPath = credentialsPath
        if let bytes = try Self.readIfPresent(configPath) {
            configSections = try Self.parse(String(decoding: bytes, as: UTF8.self), file: configPath, isConfig: true)
        }
        if let bytes = try Self.readIfPresent(credentialsPath) {
            credentialSections = try Self.parse(String(decoding: bytes, as: UTF8.self), file: credentialsPath, isConfig: false)
        }
    }

    private static func readIfPresent(_ path: String) throws -> [UInt8]? {
        if let st = try Sys.fileInfo(path), Sys.isDirectory(st) {
            throw AWSConfigFileError(file: path, line: nil, .isDirectory)
        }
        return try Sys.readFileIfExists(path)
    }

    /// The profile to use: the flag, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else "default".
    public static func selectedProfileName(flag: String?) -> String {
        if let flag, !flag.isEmpty { return flag }
        return Env.nonEmpty("AWS_PROFILE") ?? Env.nonEmpty("AWS_DEFAULT_PROFILE") ?? "default"
    }

    /// The profile's settings: the config file's `[profile name]` (or `[default]`) with the
    /// credentials file's `[name]` on top, as botocore merges them. Nil when neither has it.
    public func profile(_ name: String) -> Section? {
        var merged: Section? = configSections.last { $0.kind == "profile" && $0.name == name }
        if let cred = credentialSections.last(where: { $0.name == name }) {
            if merged == nil {
                merged = cred
            } else {
                for (k, v) in cred.values {
                    merged!.values[k] = v
                    merged!.lines[k] = cred.lines[k]
                }
            }
        }
        return merged
    }

    public func ssoSession(_ name: String) -> Section? {
        configSections.last { $0.kind == "sso-session" && $0.name == name }
    }

    public func services(_ name: String) -> Section? {
        configSections.last { $0.kind == "services" && $0.name == name }
    }

    /// Every profile name in either file, in first-seen order.
    public var profileNames: [String] {
        var seen: [String] = []
        for s in configSections where s.kind == "profile" && !seen.contains(s.name) { seen.append(s.name) }
        for s in credentialSections where !seen.contains(s.name) { seen.append(s.name) }
        return seen
    }

    // MARK: parsing

    /// Errors say file:line and the key, never the line: a broken line of a credentials file
    /// is often a secret (a wrapped session token, a key pasted without its `name =`).
    /// A key is named only when it is spelled like a setting (a printable key name with an `_`,
    /// or short and all lowercase), which a piece of base64 from a wrapped secret hardly is.
    static func settingName(_ raw: Substring) -> String? {
        let k = String(raw.trimmingWhitespace())
        guard KeySuggestion.isPrintableKey(k) else { return nil }
        if k.contains("_") || (k.count <= 24 && k.utf8.allSatisfy { (97...122).contains($0) }) { return k }
        return nil
    }

    static func parse(_ text: String, file: String, isConfig: Bool) throws -> [Section] {
        var sections: [Section] = []
        var current: Section? = nil
        var nestedKey: String? = nil
        /// The last key read, to say where a broken line is ("after aws_session_token").
        var lastKey: String? = nil
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let indented = line.first == " " || line.first == "\t"
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]"), trimmed.count > 2 else {
                    throw AWSConfigFileError(file: file, line: lineNo, .brokenSectionHeader)
                }
                nestedKey = nil
                lastKey = nil
                if let c = current { sections.append(c) }
                let inner = trimmed.dropFirst().dropLast().trimmingWhitespace()
                current = try Self.section(String(inner), file: file, line: lineNo, isConfig: isConfig)
                continue
            }
            guard current != nil else {
                let key = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }).flatMap { Self.settingName(trimmed[..<$0]) }
                throw AWSConfigFileError(file: file, line: lineNo, .outsideSection(setting: key))
            }
            if indented, let nk = nestedKey {
                // `s3 =` blocks: sub-settings of one key; kept as "key.sub" so they never clash.
                guard let eq = trimmed.firstIndex(of: "=") else {
                    throw AWSConfigFileError(file: file, line: lineNo, .nestedNotKeyValue(after: lastKey))
                }
                let k = trimmed[..<eq].trimmingWhitespace().lowercased()
                current!.values["\(nk).\(k)"] = String(trimmed[trimmed.index(after: eq)...].trimmingWhitespace())
                current!.lines["\(nk).\(k)"] = "\(file):\(lineNo)"
                continue
            }
            // `key: value` too, as botocore's configparser reads it (the first `=` or `:`).
            guard let eq = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw AWSConfigFileError(file: file, line: lineNo, .notKeyValue(after: lastKey))
            }
            let key = trimmed[..<eq].trimmingWhitespace().lowercased()
            guard !key.isEmpty else { throw AWSConfigFileError(file: file, line: lineNo, .settingWithoutName) }
            lastKey = Self.settingName(trimmed[..<eq])
            let value = String(trimmed[trimmed.index(after: eq)...].trimmingWhitespace())
            current!.values[key] = value
            current!.lines[key] = "\(file):\(lineNo)"
            nestedKey = value.isEmpty ? key : nil
        }
        if let c = current { sections.append(c) }
        return sections
    }

    private static func section(_ header: String, file: String, line: Int, isConfig: Bool) throws -> Section {
        let at = "\(file):\(line)"
        guard isConfig else { return Section(kind: "credentials", name: header, header: at) }
        if header == "default" { return Section(kind: "profile", name: "default", header: at) }
        for kind in ["profile", "sso-session", "services"] {
            if header.hasPrefix(kind + " ") || header.hasPrefix(kind + "\t") {
                let name = header.dropFirst(kind.count).trimmingWhitespace()
                guard !name.isEmpty else { throw AWSConfigFileError(file: file, line: line, .sectionWithoutName(header: header)) }
                return Section(kind: kind, name: String(name), header: at)
            }
        }
        // botocore ignores other sections of the config file; keep them out of profile lookups.
        return Section(kind: "other", name: header, header: at)
    }
}
