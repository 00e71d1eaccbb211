/// Static keys (the environment's AWS_ACCESS_KEY_ID family, a profile's aws_access_key_id)
/// that were meant but cannot be used. Half-set keys and bad values are bad input (exit 2);
/// keys whose AWS_CREDENTIAL_EXPIRATION has passed are a runtime failure (exit 1). Key
/// values never appear; the expiration (not a secret) does.
public struct StaticKeysError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        case environmentExpired(at: String)
        case environmentWithoutSecret
        case environmentExpirationNotISOTime(value: String)
        /// A profile's keys at `location`.
        case profileEmptyKeyId(location: String, profile: String)
        case profileWithoutSecret(location: String, profile: String)
    }

    public let problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    public var exitCode: ExitCode {
        if case .environmentExpired = problem { return .runtime }
        return .usage
    }

    public var message: String {
        switch problem {
        case .environmentExpired(let at):
            return "environment: the credentials expired at \(at) (AWS_CREDENTIAL_EXPIRATION); refresh them or unset AWS_ACCESS_KEY_ID"
        case .environmentWithoutSecret:
            return "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
        case .environmentExpirationNotISOTime(let value):
            return "environment: AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time: \(value)"
        case .profileEmptyKeyId(let location, let profile):
            return "\(location): profile '\(profile)' has an empty aws_access_key_id"
        case .profileWithoutSecret(let location, let profile):
            return "\(location): profile '\(profile)' has aws_access_key_id but no aws_secret_access_key"
        }
    }
}
