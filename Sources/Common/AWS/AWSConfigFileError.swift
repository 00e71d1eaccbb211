/// A shared AWS config or credentials file that cannot be read as botocore reads it: bad input
/// (exit 2), named by file and line. Lines are never quoted: a broken line of a credentials
/// file is often a secret (a wrapped session token, a key pasted without its `name =`).
public struct AWSConfigFileError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        case isDirectory
        case brokenSectionHeader
        /// A setting before the first `[section]` (`setting` named when it looks like one).
        case outsideSection(setting: String?)
        /// A line of an indented block (`s3 =`) without `=`; `after` is the last key read.
        case nestedNotKeyValue(after: String?)
        case notKeyValue(after: String?)
        case settingWithoutName
        /// `[profile ]`: a section kind without a name.
        case sectionWithoutName(header: String)
    }

    public let file: String
    /// The 1-based line; nil for problems of the whole file.
    public let line: Int?
    public let problem: Problem

    public init(file: String, line: Int?, _ problem: Problem) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var exitCode: ExitCode { .usage }

    public var message: String {
        let at = line.map { "\(file):\($0)" } ?? file
        func place(_ after: String?) -> String {
            (after.map { "after \($0); " } ?? "") + "the line is not shown, it may hold a secret"
        }
        switch problem {
        case .isDirectory:
            return "\(at): is a directory, expected an AWS config file"
        case .brokenSectionHeader:
            return "\(at): broken section header (expected [name] on one line; the line is not shown, it may hold a secret)"
        case .outsideSection(let setting):
            return "\(at): \(setting.map { "setting \($0)" } ?? "a line") outside any [section]"
        case .nestedNotKeyValue(let after):
            return "\(at): expected 'key = value' in a nested block (\(place(after)))"
        case .notKeyValue(let after):
            return "\(at): expected 'key = value' (\(place(after)))"
        case .settingWithoutName:
            return "\(at): a setting with no name"
        case .sectionWithoutName(let header):
            return "\(at): [\(header)] has no name"
        }
    }
}
