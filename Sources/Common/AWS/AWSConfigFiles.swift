/// The shared AWS config and credentials files, read as botocore reads them (INIParser):
/// `[default]`, `[profile x]`, `[sso-session x]`, `[services x]` in the config file, `[x]` in the
/// credentials file, keys case-insensitive, `key = value` or `key: value`, continuation lines,
/// nested `key =` blocks (`s3 =` + indented lines) kept apart.
public struct AWSConfigFiles: Sendable {
    public struct Section: Sendable {
        /// "profile", "sso-session", "services", or "credentials" (a credentials-file section).
        public let kind: String
        public let name: String
        public internal(set) var values: [String: String] = [:]
        /// file:line of every key, for errors that point at the line to fix.
        var lines: [String: String] = [:]
        public let header: String
        /// For a merged profile: the settings of each file alone, for the credential sources
        /// that botocore reads from one file only (static keys: the credentials file first,
        /// then `credential_process`, then the config file).
        public internal(set) var configFileValues: [String: String]? = nil
        public internal(set) var credentialsFileValues: [String: String]? = nil

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
            configSections = try Self.parse(bytes, file: configPath, isConfig: true)
        }
        if let bytes = try Self.readIfPresent(credentialsPath) {
            credentialSections = try Self.parse(bytes, file: credentialsPath, isConfig: false)
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

    /// The profile's settings as botocore merges them: the config file's `[profile name]` (or
    /// `[default]`; of several sections naming one profile, the last in the file) with the
    /// credentials file's `[name]` on top. Nil when neither has it.
    public func profile(_ name: String) -> Section? {
        let config = configSections.last { $0.kind == "profile" && $0.name == name }
        let cred = credentialSections.last { $0.name == name }
        guard var merged = config ?? cred else { return nil }
        if config != nil, let cred {
            for (k, v) in cred.values {
                merged.values[k] = v
                merged.lines[k] = cred.lines[k]
            }
        }
        merged.configFileValues = config?.values
        merged.credentialsFileValues = cred?.values
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

    /// The sections of one file, named as botocore names them: in the config file `[default]`,
    /// and `[profile NAME]`, `[sso-session NAME]`, `[services NAME]` where the header starts with
    /// that word and splits (as a shell would) into exactly two words; any other header is kept
    /// apart ("other"). In the credentials file every header is a profile name as written.
    /// Every section inherits the file's `[DEFAULT]` settings.
    static func parse(_ text: String, file: String, isConfig: Bool) throws -> [Section] {
        try parse(Array(text.utf8), file: file, isConfig: isConfig)
    }

    static func parse(_ bytes: [UInt8], file: String, isConfig: Bool) throws -> [Section] {
        let ini = try INIParser(text: bytes, file: file)
        return ini.sections.map { s in
            var section = Self.named(s.name, header: "\(file):\(s.line)", isConfig: isConfig)
            for o in ini.defaults + s.options {
                section.set(o, file: file)
            }
            return section
        }
    }

    private static func named(_ header: String, header at: String, isConfig: Bool) -> Section {
        guard isConfig else { return Section(kind: "credentials", name: header, header: at) }
        if header == "default" { return Section(kind: "profile", name: "default", header: at) }
        for kind in ["profile", "sso-session", "services"] where header.hasPrefix(kind) {
            if let words = try? ShellWords.split(header), words.count == 2 {
                return Section(kind: kind, name: words[1], header: at)
            }
            break
        }
        return Section(kind: "other", name: header, header: at)
    }
}

extension AWSConfigFiles.Section {
    /// A setting read from the file; a nested block is kept as `key.sub` entries (and `key`
    /// itself as empty), so its sub-settings never clash with the profile's own.
    mutating func set(_ o: INIParser.Option, file: String) {
        values[o.key] = o.value
        lines[o.key] = "\(file):\(o.line)"
        for (k, v) in o.nested ?? [] {
            values["\(o.key).\(k)"] = v
            lines["\(o.key).\(k)"] = "\(file):\(o.line)"
        }
    }
}
