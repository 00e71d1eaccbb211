import Glibc

/// A failed system call, with the operation and path it concerned.
public struct SystemError: ToolError {
    public let errno: Int32
    public let operation: String
    public let path: String?

    public init(errno: Int32, operation: String, path: String? = nil) {
        self.errno = errno
        self.operation = operation
        self.path = path
    }

    public var exitCode: ExitCode { .runtime }

    public var reason: String { String(cString: strerror(errno)) }

    public var message: String {
        if let path { return "\(operation) \(path): \(reason)" }
        return "\(operation): \(reason)"
    }

    /// The current `errno` as a SystemError.
    public static func current(_ operation: String, _ path: String? = nil) -> SystemError {
        SystemError(errno: Glibc.errno, operation: operation, path: path)
    }
}
