import Common

/// An endpoint, region or endpoint credential setting that cannot be used. A bad value is bad
/// input (exit 2); a missing region or an unreadable token file is a runtime failure (exit 1).
public struct EndpointError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// No region for a regional service (`service` as named to the user).
        case noRegion(service: String)
        case badRegion(String)
        /// A variable that must be an http(s) URL; `value` shown only for some variables.
        case notURL(setting: String, value: String?)
        /// A config file's `endpoint_url` at `location`.
        case endpointURLNotURL(location: String)
        /// A plain-http container endpoint to a host that may not be reached that way.
        case plainHTTP(setting: String, host: String)
        case tokenFileUnreadable(setting: String, reason: String)
        case tokenLineBreak
    }

    public let problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    public var exitCode: ExitCode {
        switch problem {
        case .noRegion, .tokenFileUnreadable: return .runtime
        default: return .usage
        }
    }

    public var message: String {
        switch problem {
        case .noRegion(let service):
            return "no region for \(service): pass --region or set AWS_REGION"
        case .badRegion(let region):
            return "region '\(region)' cannot be part of a host name (letters, digits and dashes, like us-east-2)"
        case .notURL(let setting, let value):
            return "\(setting): not an http(s) URL" + (value.map { ": \($0)" } ?? "")
        case .endpointURLNotURL(let location):
            return "\(location): endpoint_url is not an http(s) URL"
        case .plainHTTP(let setting, let host):
            return "\(setting): plain http is allowed only to loopback or the ECS/EKS agent address, not \(host)"
        case .tokenFileUnreadable(let setting, let reason):
            return "\(setting): \(reason)"
        case .tokenLineBreak:
            return "the container authorization token contains a line break"
        }
    }
}
