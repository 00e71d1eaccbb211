/// A YAML document that parses but does not hold what its reader needs: bad input (exit 2),
/// located by file, line and column, and for config files by key path
/// (`auth.identities.dev-admin.via.provider`), so a person can go straight to the fix. The
/// problem says what is wrong, never the value found there (a config may hold secrets).
public struct YAMLContentError: ToolError, Equatable {
    public let source: String
    /// Where in the file; nil for problems of the whole file.
    public let mark: YAMLMark?
    /// The key path of the value, nil when the problem is not about a key's value.
    public let keyPath: String?
    public let problem: String

    public init(source: String, mark: YAMLMark?, keyPath: String? = nil, problem: String) {
        self.source = source
        self.mark = mark
        self.keyPath = keyPath
        self.problem = problem
    }

    public var exitCode: ExitCode { .usage }

    public var message: String {
        (mark.map { "\(source):\($0.line):\($0.column): " } ?? "\(source): ") + (keyPath.map { "\($0): " } ?? "") + problem
    }
}
