import Common

/// Builds the HTTP request for one AWS API call: URL from the endpoint, query encoded as
/// SigV4 encodes it, and (with credentials) the SigV4 Authorization header.
public enum AWSRequest {
    public static func make(_ method: String, endpoint: ServiceEndpoint, service: AWSService, path: String = "/",
                            query: [(String, String)] = [], headers: [(String, String)] = [], body: [UInt8] = [],
                            credentials: Credentials? = nil, date: Timestamp = .now(),
                            connectTimeout: Double = 3, totalTimeout: Double = 20) -> HTTPRequest {
        let fullPath = endpoint.url.path + (path.hasPrefix("/") ? path : "/" + path)
        var sent = headers
        if let credentials {
            var signer = SigV4Signer(credentials: credentials, region: endpoint.signingRegion, service: service.signingName, date: date)
            signer.normalizePath = true
            let signed = signer.signHeaders(SigV4Request(method: method, host: endpoint.url.authority, path: fullPath,
                                                         query: query, headers: headers, body: body))
            sent = signed.request.headers
        }
        var url = "\(endpoint.url.scheme)://\(endpoint.url.authority)\(Encoding.uriEncode(fullPath, keepSlash: true))"
        if !query.isEmpty {
            url += "?" + query.map { "\(Encoding.uriEncode($0.0))=\(Encoding.uriEncode($0.1))" }.joined(separator: "&")
        }
        return HTTPRequest(method: method, url: url, headers: sent, body: body,
                           connectTimeout: connectTimeout, totalTimeout: totalTimeout)
    }

    /// `application/x-www-form-urlencoded` body of the Query protocol (STS).
    public static func formBody(_ params: [(String, String)]) -> [UInt8] {
        Array(params.map { "\(Encoding.uriEncode($0.0))=\(Encoding.uriEncode($0.1))" }.joined(separator: "&").utf8)
    }
}
