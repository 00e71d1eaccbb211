import Common

/// An MFA code was needed and could not be had: a runtime failure (exit 1). The serial (an ARN
/// or device name) is not a secret; the code never appears.
public struct MFAError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// `owner` ("profile dev", "identity ops") needs a code and there is no terminal.
        case noTerminal(owner: String, serial: String)
        case noCodeEntered(owner: String)
        /// A profile's role needs a code and the run may not prompt.
        case roleNotInteractive(roleArn: String, serial: String, profile: String)
        /// An identity needs a code and the run may not prompt; `hint` says what to run.
        case identityNotInteractive(serial: String, hint: String)
    }

    public let problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    public var exitCode: ExitCode { .runtime }

    public var message: String {
        switch problem {
        case .noTerminal(let owner, let serial):
            return "\(owner) needs an MFA code (\(serial)) but there is no terminal to ask on"
        case .noCodeEntered(let owner):
            return "no MFA code entered for \(owner)"
        case .roleNotInteractive(let roleArn, let serial, let profile):
            return "role \(roleArn) needs an MFA code (mfa_serial \(serial)) and this run may not prompt (--non-interactive); run creds-resolve --profile \(profile) in a terminal first"
        case .identityNotInteractive(let serial, let hint):
            return "needs an MFA code (\(serial)) and this run may not prompt (--non-interactive, or no terminal); \(hint)"
        }
    }
}
