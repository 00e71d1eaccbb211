/// A profile's static keys: `aws_access_key_id`, `aws_secret_access_key` and the optional
/// session token (`aws_security_token`, else `aws_session_token`, as botocore reads them), from
/// one file: botocore reads the credentials file's keys, then runs `credential_process`, then
/// reads the config file's keys, each file alone (a key id in one file and its secret in the
/// other is not a pair). Why in Common: the SDK chain and eks-presign both read them and must
/// agree on what is refused.
public struct ProfileKeysProvider: CredentialProvider {
    /// Which file's settings; `merged` for a source profile's keys, which botocore takes from
    /// the merged profile.
    public enum File: Sendable { case credentials, config, merged }

    public var name: String
    public var section: AWSConfigFiles.Section
    public var file: File

    public init(name: String, section: AWSConfigFiles.Section, file: File = .merged) {
        self.name = name
        self.section = section
        self.file = file
    }

    /// Nil without a key id. A key id, even empty, means these keys were meant: a missing or
    /// empty secret or an empty key id is bad input naming the line, not a reason to look
    /// elsewhere (botocore stops there too, with credentials that cannot sign anything).
    public func resolve() throws -> ResolvedCredentials? {
        let values: [String: String]
        switch file {
        case .credentials: guard let v = section.credentialsFileValues else { return nil }; values = v
        case .config: guard let v = section.configFileValues else { return nil }; values = v
        case .merged: values = section.values
        }
        guard let id = values["aws_access_key_id"] else { return nil }
        guard !id.isEmpty else {
            throw StaticKeysError(.profileEmptyKeyId(location: section.location(of: "aws_access_key_id"), profile: name))
        }
        guard let secret = values["aws_secret_access_key"], !secret.isEmpty else {
            throw StaticKeysError(.profileWithoutSecret(location: section.location(of: "aws_access_key_id"), profile: name))
        }
        let token = (values["aws_security_token"] ?? values["aws_session_token"]).flatMap { $0.isEmpty ? nil : $0 }
        return ResolvedCredentials(credentials: Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token),
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
