/// Exit codes every ekspipe tool uses (DESIGN.md "Command lines").
public enum ExitCode: Int32, Sendable {
    case ok = 0
    /// A runtime failure: the network, AWS, the file system.
    case runtime = 1
    /// A usage error or bad input (flags, stdin JSON, config files).
    case usage = 2
    /// A multi-cluster run partly failed; the envelope was still written.
    case partial = 3
}

/// Every error a tool reports knows its exit code and its message for stderr. Each domain has
/// its own typed errors carrying structured fields (`EnvelopeError`, `AuthConfigError`,
/// `YAMLContentError`, `KubeconfigError`, `AWSConfigFileError`, `SystemError`, …) and makes its
/// wording in one place, its `message`; only the tool's entry point (Tool.swift) prints them
/// and exits. Messages never contain secrets: they name files, keys, profiles and AWS error
/// codes only.
public protocol ToolError: Error, CustomStringConvertible {
    var exitCode: ExitCode { get }
    var message: String { get }
    /// One stderr line each (after `TOOL: `); several when one error names several problems.
    var messages: [String] { get }
    /// Whether the entry point repeats the usage synopsis after the message (command-line errors).
    var showsUsage: Bool { get }
}

extension ToolError {
    public var description: String { message }
    public var messages: [String] { [message] }
    public var showsUsage: Bool { false }
}

/// A bad command line: the entry point prints the usage hint after it.
public struct UsageError: ToolError {
    public let message: String
    public var exitCode: ExitCode { .usage }
    public var showsUsage: Bool { true }
    public init(_ message: String) { self.message = message }
}

/// The envelope was written but some clusters failed; the entry point exits 3.
public struct PartialFailure: ToolError {
    public let message: String
    public var exitCode: ExitCode { .partial }
    public init(_ message: String) { self.message = message }
}

/// An environment variable whose value is not what it must be (`EKSPIPE_TIMEOUT=soon`): bad
/// input (exit 2). Only variables whose values are not secrets use it.
public struct EnvironmentValueError: ToolError, Equatable {
    public let variable: String
    public let value: String
    /// What the value must be ("a number of seconds from 0.1 to 86400").
    public let expected: String
    public var exitCode: ExitCode { .usage }
    public var message: String { "\(variable) must be \(expected), not '\(value)'" }

    public init(variable: String, value: String, expected: String) {
        self.variable = variable
        self.value = value
        self.expected = expected
    }
}

/// Input longer than its reader accepts (stdin, a credential_process answer): bad input (exit 2).
public struct InputTooLargeError: ToolError, Equatable {
    /// What was read ("stdin", a path, a command).
    public let source: String
    public let limit: Int
    public var exitCode: ExitCode { .usage }
    public var message: String { "\(source): larger than \(limit) bytes" }

    public init(source: String, limit: Int) {
        self.source = source
        self.limit = limit
    }
}
