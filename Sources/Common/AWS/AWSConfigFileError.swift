/// A shared AWS config or credentials file that cannot be read as botocore reads it: bad input
/// (exit 2), named by file and line. Lines are never quoted: a broken line of a credentials
/// file is often a secret (a wrapped session token, a key pasted without its `name =`).
public struct AWSConfigFileError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        case isDirectory
        case brokenSectionHeader
        /// A setting before the first `[section]` (`setting` named when it looks like one).
        case outsideSection(setting: String?)
        /// A line of an indented block (`s3 =`) without `=`; `under` is the block's key.
        case nestedNotKeyValue(under: String?)
        case notKeyValue(after: String?)
        case settingWithoutName
        /// A second section with one header in one file (botocore refuses it); `first` is its line.
        case duplicateSection(first: Int)
        /// A key set twice in one section (botocore refuses it).
        case duplicateSetting(setting: String?)
        case notUTF8
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
        case .nestedNotKeyValue(let under):
            return "\(at): expected 'key = value' in a nested block\(under.map { " (under \($0))" } ?? "") (the line is not shown, it may hold a secret)"
        case .notKeyValue(let after):
            return "\(at): expected 'key = value' (\(place(after)))"
        case .settingWithoutName:
            return "\(at): a setting with no name"
        case .duplicateSection(let first):
            return "\(at): a second section with the header of line \(first) (the AWS CLI refuses duplicate sections; merge them)"
        case .duplicateSetting(let setting):
            return "\(at): \(setting.map { "setting \($0)" } ?? "a setting") is set twice in one section (the AWS CLI refuses this)"
        case .notUTF8:
            return "\(at): not UTF-8 text"
        }
    }
}
