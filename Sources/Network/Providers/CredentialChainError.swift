import Common

/// The default chain or a role's `credential_source` found nothing usable: a runtime failure
/// (exit 1) whose message says what was tried and what to run.
public struct CredentialChainError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// A source gave credentials already expired (`source` is its kind, or "the source").
        case expired(source: String, at: String)
        /// A named profile is in neither file (paths shown with `~`).
        case profileNotFound(profile: String, configFile: String, credentialsFile: String)
        /// Nothing in the chain gave credentials for `profile`.
        case noCredentials(profile: String, configFile: String, credentialsFile: String)
        /// `credential_source Environment` without AWS_ACCESS_KEY_ID.
        case environmentUnset
        /// `credential_source EcsContainer` without either container URI variable.
        case containerUnset
        case instanceMetadataDisabled
        case instanceMetadataEmpty
    }

    public let problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    public var exitCode: ExitCode { .runtime }

    public var message: String {
        switch problem {
        case .expired(let source, let at):
            return "\(source) gave credentials that expired at \(at)"
        case .profileNotFound(let name, let config, let credentials):
            return "profile '\(name)' not found in \(config) or \(credentials)"
        case .noCredentials(let name, let config, let credentials):
            return "no AWS credentials found for profile '\(name)' (tried the environment, \(config), \(credentials), the container endpoint and instance metadata); configure a profile or run: aws sso login --profile \(name) (or ekspipe auth login)"
        case .environmentUnset:
            return "credential_source Environment, but AWS_ACCESS_KEY_ID is not set"
        case .containerUnset:
            return "credential_source EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
        case .instanceMetadataDisabled:
            return "credential_source Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is true"
        case .instanceMetadataEmpty:
            return "credential_source Ec2InstanceMetadata, but instance metadata gave no role credentials"
        }
    }
}
