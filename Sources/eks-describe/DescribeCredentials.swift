import Common
import Network

/// The credentials DescribeCluster is signed with. Why two ways: in a pipeline creds-resolve has
/// already put them in the envelope (no second resolution, no second MFA prompt); run alone,
/// eks-describe resolves them with the same chain and cache as creds-resolve.
enum DescribeCredentials {
    /// The envelope's `credentials` unless `--profile` asks for a profile; else the chain.
    static func resolve(envelope: JSONObject, source: String, profileFlag: String?, region: String?,
                        http: HTTPClient, now: Timestamp = .now()) throws -> Credentials {
        if profileFlag == nil, let doc = envelope["credentials"], !doc.isNull {
            let creds = try Credentials(credentialProcess: doc, at: "\(source): credentials")
            if let exp = creds.expired(at: now) {
                throw EnvelopeCredentialsError(expiredAt: exp.iso8601)
            }
            return creds
        }
        let request = CredentialRequest(profileFlag: profileFlag, region: region)
        let resolved = try CredentialResolver(request, http: http, now: now).resolve()
        Notices.post(resolved.notices)
        return resolved.credentials
    }
}
