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

/// Every error a tool reports knows its exit code and a one-line message for stderr.
/// Messages never contain secrets: they name files, keys, profiles and AWS error codes only.
public protocol ToolError: Error, CustomStringConvertible {
    var exitCode: ExitCode { get }
    var message: String { get }
}

extension ToolError {
    public var description: String { message }
}

/// A bad command line: the entry point prints the usage hint after it.
public struct UsageError: ToolError {
    public let message: String
    public var exitCode: ExitCode { .usage }
    public init(_ message: String) { self.message = message }
}

/// Bad input that is not a flag: stdin JSON, a config file, an environment variable's value.
public struct InputError: ToolError {
    public let message: String
    public var exitCode: ExitCode { .usage }
    public init(_ message: String) { self.message = message }
}

/// A failure at run time that the user can act on (message says what to run or fix).
public struct RuntimeError: ToolError {
    public let message: String
    public var exitCode: ExitCode { .runtime }
    public init(_ message: String) { self.message = message }
}

/// The envelope was written but some clusters failed; the entry point exits 3.
public struct PartialFailure: ToolError {
    public let message: String
    public var exitCode: ExitCode { .partial }
    public init(_ message: String) { self.message = message }
}
