/// A field of the envelope that cannot be used: bad input (exit 2), named by its path. The
/// wording of every envelope message is made here, from the structured fields.
public struct EnvelopeError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// The field holds another JSON type (`expected` and `found` as in "a string").
        case wrongType(expected: String, found: String)
        /// A required field is absent; `hint` says which stage fills it in.
        case missing(field: String, hint: String?)
        /// The field is of the right type but its value is not allowed (`expected …`).
        case invalid(String)
        /// The document on stdin is not a JSON object.
        case notAnObject(found: String)
    }

    public let path: EnvelopePath
    public let problem: Problem

    public init(_ path: EnvelopePath, _ problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var exitCode: ExitCode { .usage }

    public var message: String {
        switch problem {
        case .wrongType(let expected, let found):
            return "\(path): expected \(expected), found \(found)"
        case .missing(let field, let hint):
            return "\(path): missing field \"\(field)\"" + (hint.map { " (\($0))" } ?? "")
        case .invalid(let text):
            return "\(path): \(text)"
        case .notAnObject(let found):
            return "\(path.origin): expected a JSON object (the ekspipe envelope), found \(found)"
        }
    }

    /// `value` is not of the type a field needs.
    static func wrongType(_ path: EnvelopePath, expected: String, _ value: JSON) -> EnvelopeError {
        EnvelopeError(path, .wrongType(expected: expected, found: value.typeName))
    }
}
