/// A setting of the shared AWS config or its environment variable with a value it may not
/// have (`sts_regional_endpoints = global`): bad input (exit 2), named by where it was set.
public struct AWSSettingValueError: ToolError, Equatable {
    /// The variable, or the file location of the setting.
    public let origin: String
    public let setting: String
    /// What it must be ("legacy or regional").
    public let expected: String

    public init(origin: String, setting: String, expected: String) {
        self.origin = origin
        self.setting = setting
        self.expected = expected
    }

    public var exitCode: ExitCode { .usage }
    public var message: String { "\(origin): \(setting) must be \(expected)" }
}
