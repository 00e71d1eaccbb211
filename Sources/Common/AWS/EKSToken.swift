/// The EKS bearer token: a presigned STS GetCallerIdentity URL that names the cluster in the
/// signed `x-k8s-aws-id` header, as `aws eks get-token` and aws-iam-authenticator make it.
public enum EKSToken {
    public static let prefix = "k8s-aws-v1."
    /// The presigned URL is valid for 60 seconds; STS accepts it for 15 minutes after signing.
    public static let urlExpiresSeconds = 60
    /// kubectl is told to refresh after 14 minutes, one before STS stops accepting the URL.
    public static let lifetimeSeconds: Int64 = 14 * 60

    /// The presigned URL. Its host is always the partition's public STS endpoint: the cluster,
    /// not the client, calls it, so `AWS_ENDPOINT_URL*` never applies here.
    public static func presignedURL(credentials: Credentials, clusterID: String, region: String?,
                                    variant: EndpointVariant, legacyGlobal: Bool = false, date: Timestamp) -> String {
        let (host, signingRegion) = Endpoints.sts(region: region, variant: variant, legacyGlobal: legacyGlobal)
        var signer = SigV4Signer(credentials: credentials, region: signingRegion, service: "sts", date: date)
        signer.normalizePath = true
        let request = SigV4Request(method: "GET", host: host, path: "/",
                                   query: [("Action", "GetCallerIdentity"), ("Version", "2011-06-15")],
                                   headers: [("x-k8s-aws-id", clusterID)])
        let signed = signer.presign(request, expires: urlExpiresSeconds)
        let query = signed.request.query.map { "\(Encoding.uriEncode($0.0))=\(Encoding.uriEncode($0.1))" }.joined(separator: "&")
        return "https://\(host)/?\(query)"
    }

    public static func token(url: String) -> String {
        prefix + Encoding.base64URL(Array(url.utf8))
    }

    /// When kubectl should ask again: 14 minutes after signing, but never after the
    /// credentials themselves expire.
    public static func expiration(signedAt date: Timestamp, credentials: Credentials) -> Timestamp {
        let t = date + lifetimeSeconds
        if let e = credentials.expiration, e < t { return e }
        return t
    }
}
