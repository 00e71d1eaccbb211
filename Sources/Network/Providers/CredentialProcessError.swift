import Common

/// A profile's `credential_process` that cannot be run or whose answer is unusable. A bad
/// command line in the config is bad input (exit 2); a program that fails or prints something
/// else is a runtime failure (exit 1). The program's output is never quoted (it holds secrets).
public struct CredentialProcessError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// The setting at `location` has an unterminated quote.
        case unterminatedQuote(location: String)
        case empty(location: String)
        /// The program could not be started (`reason` says why).
        case notRun(reason: String)
        case exitStatus(Int32)
        case invalidJSON(line: Int, column: Int, text: String)
        /// The JSON is not a credential_process document (`reason` names the field).
        case badDocument(reason: String)
    }

    /// The program (argv[0]); empty when the command line could not be split.
    public let program: String
    public let problem: Problem

    public init(program: String, _ problem: Problem) {
        self.program = program
        self.problem = problem
    }

    public var exitCode: ExitCode {
        switch problem {
        case .unterminatedQuote, .empty: return .usage
        default: return .runtime
        }
    }

    public var message: String {
        switch problem {
        case .unterminatedQuote(let location):
            return "\(location): credential_process has an unterminated quote"
        case .empty(let location):
            return "\(location): credential_process is empty"
        case .notRun(let reason):
            return "credential_process \(program) could not be run: \(reason)"
        case .exitStatus(let status):
            return "credential_process \(program) exited with status \(status)"
        case .invalidJSON(let line, let column, let text):
            return "credential_process \(program) printed invalid JSON (line \(line), column \(column): \(text))"
        case .badDocument(let reason):
            return "credential_process \(program): \(reason)"
        }
    }
}
