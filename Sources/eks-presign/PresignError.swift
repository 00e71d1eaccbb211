import Common

/// eks-presign's own problems (it links no Network, so it has no use for the Network errors):
/// bad input on stdin, in KUBERNETES_EXEC_INFO or in the region (exit 2), and credentials that
/// could not be had (exit 1). The message says what to run; it never holds a secret.
struct PresignError: ToolError, Equatable {
    enum Problem: Equatable {
        /// `selection` (its display name) resolved to credentials that expired at `at`.
        case expired(selection: String, at: String, hint: String)
        case badRegion(String)
        /// stdin held neither an envelope with credentials nor a credential_process document.
        case noCredentialsOnStdin
        /// An explicitly selected profile is in neither file (paths shown with `~`).
        case profileNotFound(profile: String, configFile: String, credentialsFile: String)
        case noCredsResolve(selection: String, hint: String)
        case credsResolvePrintedNothing
        /// KUBERNETES_EXEC_INFO is JSON of another type (`found` names it).
        case execInfoNotObject(found: String)
        case execInfoAPIVersion(String, supported: [String])
    }

    let problem: Problem

    init(_ problem: Problem) { self.problem = problem }

    var exitCode: ExitCode {
        switch problem {
        case .expired, .noCredsResolve, .credsResolvePrintedNothing: return .runtime
        default: return .usage
        }
    }

    var message: String {
        switch problem {
        case .expired(let selection, let at, let hint):
            return "credentials for \(selection) expired at \(at); run: \(hint)"
        case .badRegion(let region):
            return "region '\(region)' cannot be part of a host name (letters, digits and dashes, like us-east-2)"
        case .noCredentialsOnStdin:
            return "stdin: no credentials (expected an envelope with \"credentials\" or a credential_process document)"
        case .profileNotFound(let name, let config, let credentials):
            return "profile '\(name)' not found in \(config) or \(credentials)"
        case .noCredsResolve(let selection, let hint):
            return "no usable credentials for \(selection) and creds-resolve is not installed next to eks-presign or on PATH; run: \(hint)"
        case .credsResolvePrintedNothing:
            return "creds-resolve printed no credentials"
        case .execInfoNotObject(let found):
            return "KUBERNETES_EXEC_INFO: expected a JSON object, found \(found)"
        case .execInfoAPIVersion(let v, let supported):
            return "KUBERNETES_EXEC_INFO.apiVersion: unsupported \"\(v)\" (expected \(supported.joined(separator: " or ")))"
        }
    }
}
