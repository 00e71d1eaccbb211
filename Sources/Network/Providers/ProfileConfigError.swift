import Common

/// A profile of the shared AWS config whose role chain, SSO or web identity settings cannot
/// be followed: bad input (exit 2), named by the file location and the profile. The wording
/// is made here only; the providers throw the problem with its fields.
public struct ProfileConfigError: ToolError, Equatable {
    public enum Problem: Sendable, Equatable {
        /// `duration_seconds` outside 900...43200 or not a number.
        case durationSeconds
        case bothSourceProfileAndCredentialSource
        /// `source_profile` leads back to a profile already on the chain (`chain` in order).
        case sourceProfileLoop(chain: [String])
        case sourceProfileMissing(sourceProfile: String)
        case sourceProfileWithoutCredentials(sourceProfile: String)
        case roleWithoutSource
        /// `credential_source` is none of the three names botocore knows.
        case unknownCredentialSource
        case webIdentityWithoutRole
        /// `sso_session` names a section that is not in `configFile` (shown with `~`).
        case ssoSessionMissing(session: String, configFile: String)
        case ssoSessionIncomplete(session: String)
        case ssoProfileIncomplete
        case ssoProfileWithoutRole
    }

    /// Where the setting is (`~/.aws/config:12` or a section header).
    public let location: String
    /// The profile whose configuration is at fault.
    public let profile: String
    public let problem: Problem

    public init(location: String, profile: String, _ problem: Problem) {
        self.location = location
        self.profile = profile
        self.problem = problem
    }

    public var exitCode: ExitCode { .usage }

    public var message: String {
        let at = location
        switch problem {
        case .durationSeconds:
            return "\(at): duration_seconds must be a number of seconds from 900 to 43200"
        case .bothSourceProfileAndCredentialSource:
            return "\(at): profile '\(profile)' has both source_profile and credential_source"
        case .sourceProfileLoop(let chain):
            return "\(at): source_profile loop: \(chain.joined(separator: " → "))"
        case .sourceProfileMissing(let sp):
            return "\(at): source_profile '\(sp)' of profile '\(profile)' does not exist"
        case .sourceProfileWithoutCredentials(let sp):
            return "\(at): source profile '\(sp)' has no credentials"
        case .roleWithoutSource:
            return "\(at): profile '\(profile)' has role_arn but neither source_profile nor credential_source"
        case .unknownCredentialSource:
            return "\(at): credential_source must be Environment, Ec2InstanceMetadata or EcsContainer"
        case .webIdentityWithoutRole:
            return "\(at): profile '\(profile)' has web_identity_token_file but no role_arn"
        case .ssoSessionMissing(let session, let configFile):
            return "\(at): [sso-session \(session)] not found in \(configFile)"
        case .ssoSessionIncomplete(let session):
            return "\(at): sso-session '\(session)' needs sso_start_url and sso_region"
        case .ssoProfileIncomplete:
            return "\(at): SSO profile '\(profile)' needs sso_start_url and sso_region (or sso_session)"
        case .ssoProfileWithoutRole:
            return "\(at): SSO profile '\(profile)' needs sso_account_id and sso_role_name"
        }
    }
}
