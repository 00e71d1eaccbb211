/// A profile's static keys: `aws_access_key_id`, `aws_secret_access_key` and the optional
/// `aws_session_token` (empty values count as absent, as in botocore). Why in Common: the SDK
/// chain and eks-presign both read them and must agree on what is refused.
public struct ProfileKeysProvider: CredentialProvider {
    public var name: String
    public var section: AWSConfigFiles.Section

    public init(name: String, section: AWSConfigFiles.Section) {
        self.name = name
        self.section = section
    }

    /// Nil without a key id; a key id without its secret is bad input naming the line.
    public func resolve() throws -> ResolvedCredentials? {
        guard let id = section.value("aws_access_key_id") else { return nil }
        guard let secret = section.value("aws_secret_access_key") else {
            throw InputError("\(section.location(of: "aws_access_key_id")): profile '\(name)' has aws_access_key_id but no aws_secret_access_key")
        }
        return ResolvedCredentials(credentials: Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: section.value("aws_session_token")),
                                   source: ResolvedCredentials.source("profile", profile: name))
    }
}

extension AWSConfigFiles.Section {
    /// The setting when present and not empty (botocore treats `key =` as unset).
    public func value(_ key: String) -> String? {
        guard let v = self[key], !v.isEmpty else { return nil }
        return v
    }
}
