import Common

/// Why `auth exec/shell/env`'s session could not be set up: runtime failures (exit 1) that
/// say what to run.
struct SessionError: ToolError, Equatable {
    enum Problem: Equatable {
        /// The identity needs a login and there is no terminal to log in on.
        case notLoggedIn(identity: String)
        /// /proc/self/exe could not be read, so no credential_process line can name us.
        case noExecutablePath
    }

    let problem: Problem

    init(_ problem: Problem) { self.problem = problem }

    var exitCode: ExitCode { .runtime }

    var message: String {
        switch problem {
        case .notLoggedIn(let identity):
            return "identity \(identity) is not logged in and there is no terminal to log in on: run 'ekspipe auth login \(identity)'"
        case .noExecutablePath:
            return "cannot find this program's path (/proc/self/exe) for credential_process"
        }
    }
}
