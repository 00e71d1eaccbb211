/// The auth config cannot be found, read or used as asked: bad input (exit 2). Errors inside
/// the `auth:` section are `ConfigFieldError`s (file, line, column, key path); these are about
/// the file as a whole and about names asked for on the command line.
public struct AuthConfigError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// No `--config`, `EKSPIPE_CONFIG` nor `ATMOS_CLI_CONFIG_PATH`, and no file in any of
        /// the places looked in (AuthConfigLocation), in order.
        case notFound(looked: [String])
        /// `ATMOS_CLI_CONFIG_PATH` names nothing.
        case atmosConfigPathMissing
        /// `ATMOS_CLI_CONFIG_PATH` is a directory without a config file of these names.
        case atmosConfigPathEmpty(names: [String])
        /// No identity named (`-i`, `EKSPIPE_IDENTITY`, `ATMOS_IDENTITY`) and none `default: true`.
        case noDefaultIdentity(known: [String])
        /// More than one identity says `default: true`: each name with the file:line:column of its `default`.
        case severalDefaults([String], at: [String])
        case noSuchFile
        case isDirectory
        case tooLarge(bytes: Int, limit: Int)
        case empty
        case notAMapping
        case noAuthSection
        /// `--identity NAME` that the config does not define; `namedBy`: the environment
        /// variable (EKSPIPE_IDENTITY, ATMOS_IDENTITY) that holds that name, if one does.
        case unknownIdentity(String, known: [String], namedBy: String? = nil)
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
        case .notFound(let looked):
            return "no auth config found: pass --config FILE, set EKSPIPE_CONFIG or ATMOS_CLI_CONFIG_PATH, or create one of "
                + looked.map { Path.tilde($0) }.joined(separator: ", ")
                + " (looked in the current directory and its parents up to the repository root, then the user config dirs)"
        case .atmosConfigPathMissing:
            return "ATMOS_CLI_CONFIG_PATH: \(f) does not exist (it names the directory holding atmos.yaml)"
        case .atmosConfigPathEmpty(let names):
            return "ATMOS_CLI_CONFIG_PATH: no \(names.joined(separator: ", ")) in the directory \(f)"
        case .noDefaultIdentity(let known):
            return "which identity? name one with -i NAME (or EKSPIPE_IDENTITY, ATMOS_IDENTITY), or mark one `default: true` in \(f)"
                + " (identities: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .severalDefaults(let names, let at):
            let each = zip(names, at).map { "\($0) (\($1))" }.joined(separator: " and ")
            return "\(f): more than one identity is `default: true`: \(each); keep one, or name the identity with -i NAME"
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
        case .unknownIdentity(let name, let known, let variable):
            return "\(f): no identity '\(name)' in auth.identities" + (variable.map { " (\($0) names it)" } ?? "")
                + "\(Self.didYouMean(name, known)) (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .unknownIntegration(let name, let known):
            return "\(f): no integration '\(name)' in auth.integrations\(Self.didYouMean(name, known ?? []))"
                + (known.map { " (known: \($0.isEmpty ? "none" : $0.joined(separator: ", ")))" } ?? "")
        case .integrationOfOtherIdentity(let name, let owner, let asked):
            return "\(f): integration '\(name)' is linked to identity '\(owner)', not '\(asked)'"
        }
    }

    /// "; did you mean `prod-admin`?" when a known name is near enough to be the intent.
    static func didYouMean(_ name: String, _ known: [String]) -> String {
        KeySuggestion.nearest(name, in: known).map { "; did you mean `\($0)`?" } ?? ""
    }
}
