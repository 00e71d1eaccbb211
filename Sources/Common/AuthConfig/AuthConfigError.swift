/// The auth config cannot be found, read or used as asked: bad input (exit 2). Errors inside
/// the `auth:` section are `ConfigFieldError`s (file, line, column, key path); these are about
/// the file as a whole and about names asked for on the command line.
public struct AuthConfigError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// No `--config`, no `EKSPIPE_CONFIG`, no `./atmos.yaml`, no user config (`userConfig`).
        case notFound(userConfig: String)
        case noSuchFile
        case isDirectory
        case tooLarge(bytes: Int, limit: Int)
        case empty
        case notAMapping
        case noAuthSection
        /// `--identity NAME` that the config does not define.
        case unknownIdentity(String, known: [String])
        /// `--integration NAME` that the config does not define (`known` listed when given).
        case unknownIntegration(String, known: [String]?)
        /// `--integration NAME` of another identity than the one asked for.
        case integrationOfOtherIdentity(String, owner: String, asked: String)
    }

    /// The config file (absolute), when one was found.
    public let file: String?
    public let problem: Problem

    public init(_ file: String?, _ problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public var exitCode: ExitCode { .usage }

    public var message: String {
        let f = file ?? "auth config"
        switch problem {
        case .notFound(let user):
            return "no auth config found: pass --config FILE, set EKSPIPE_CONFIG, or create ./atmos.yaml or \(Path.tilde(user))"
        case .noSuchFile:
            return "\(f): no such auth config file"
        case .isDirectory:
            return "\(f): is a directory, expected an auth config file"
        case .tooLarge(let bytes, let limit):
            return "\(f): \(bytes) bytes is more than the \(limit >> 20) MiB limit for a YAML file"
        case .empty:
            return "\(f): empty file, expected an auth: section"
        case .notAMapping:
            return "\(f): expected a mapping with an auth: section"
        case .noAuthSection:
            return "\(f): no auth: section"
        case .unknownIdentity(let name, let known):
            return "\(f): no identity '\(name)' in auth.identities (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .unknownIntegration(let name, let known):
            return "\(f): no integration '\(name)' in auth.integrations" + (known.map { " (known: \($0.joined(separator: ", ")))" } ?? "")
        case .integrationOfOtherIdentity(let name, let owner, let asked):
            return "\(f): integration '\(name)' is linked to identity '\(owner)', not '\(asked)'"
        }
    }
}
