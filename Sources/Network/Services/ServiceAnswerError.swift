import Common

/// An AWS service (or IMDS, the container endpoint) answered, but not with what the call
/// needs: a runtime failure (exit 1) naming the call and the missing part, never a secret.
public struct ServiceAnswerError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// The answer has no `element` ("GetCallerIdentityResult", "\"cluster\" object").
        case missing(element: String)
        /// As `missing`, worded "no X in the answer".
        case notInAnswer(element: String)
        case incompleteCredentials
        /// `field` of the answer is missing or not a number.
        case notNumber(field: String)
        case notISOTime(field: String)
        /// IMDS gave a role's credentials document with a failure `code`.
        case roleFailed(role: String, code: String, detail: String)
    }

    /// The call or the answer's path ("STS AssumeRole", "SSO GetRoleCredentials.roleCredentials").
    public let call: String
    public let problem: Problem

    public init(call: String, _ problem: Problem) {
        self.call = call
        self.problem = problem
    }

    public var exitCode: ExitCode { .runtime }

    public var message: String {
        switch problem {
        case .missing(let element):
            return "\(call): the answer has no \(element)"
        case .notInAnswer(let element):
            return "\(call): no \(element) in the answer"
        case .incompleteCredentials:
            return "\(call): incomplete credentials in the answer"
        case .notNumber(let field):
            return "\(call).\(field): missing or not a number"
        case .notISOTime(let field):
            return "\(call).\(field): not an ISO 8601 time"
        case .roleFailed(let role, let code, let detail):
            return "\(call): instance role \(role) answered \(code): \(detail)"
        }
    }
}
