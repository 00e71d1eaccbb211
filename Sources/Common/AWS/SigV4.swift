/// An HTTP request as AWS Signature Version 4 sees it. Path and query are given decoded;
/// the signer encodes them (RFC 3986) exactly once, as AWS's test suite expects.
public struct SigV4Request: Sendable {
    public var method: String
    public var host: String
    public var path: String
    public var query: [(String, String)]
    /// Headers besides Host, in the order they are sent.
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String, host: String, path: String = "/", query: [(String, String)] = [],
                headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// AWS Signature Version 4 (HMAC-SHA256), in both forms: an Authorization header and a
/// presigned query string. Every intermediate (canonical request, string to sign) is exposed so
/// that the tests can compare each against AWS's official vectors.
public struct SigV4Signer: Sendable {
    public var credentials: Credentials
    public var region: String
    public var service: String
    public var date: Timestamp
    /// Remove `.`/`..` segments and repeated slashes from the path (every service but S3).
    public var normalizePath = true
    /// Add X-Amz-Security-Token after signing instead of signing it (some services want that).
    public var omitSessionToken = false
    /// Sign the payload hash and send it as X-Amz-Content-Sha256.
    public var signBody = false

    public init(credentials: Credentials, region: String, service: String, date: Timestamp) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.date = date
    }

    public var scope: String { "\(date.dateStamp)/\(region)/\(service)/aws4_request" }

    // MARK: canonical pieces

    public func canonicalPath(_ path: String) -> String {
        var p = path.isEmpty ? "/" : path
        if normalizePath {
            var out: [Substring] = []
            for seg in p.split(separator: "/", omittingEmptySubsequences: true) {
                if seg == "." { continue }
                if seg == ".." { if !out.isEmpty { out.removeLast() }; continue }
                out.append(seg)
            }
            let trailing = p.hasSuffix("/") || p.hasSuffix("/.") || p.hasSuffix("/..")
            p = "/" + out.joined(separator: "/")
            if trailing && !out.isEmpty { p += "/" }
        }
        return Encoding.uriEncode(p, keepSlash: true)
    }

    public static func canonicalQuery(_ query: [(String, String)]) -> String {
        query.map { (Encoding.uriEncode($0.0), Encoding.uriEncode($0.1)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Header value as SigV4 canonicalizes it: trimmed, runs of whitespace folded to one space.
    static func canonicalValue(_ v: String) -> String {
        var out = ""
        var pendingSpace = false
        for ch in v {
            if ch == " " || ch == "\t" || ch == "\n" || ch == "\r" || ch == "\r\n" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(ch)
            }
        }
        return out
    }

    /// (signed header names, canonical header block) for `headers` plus Host.
    func canonicalHeaders(host: String, headers: [(String, String)]) -> (String, String) {
        var merged: [(String, String)] = []
        func add(_ name: String, _ value: String) {
            let n = name.lowercased()
            let v = Self.canonicalValue(value)
            if let i = merged.firstIndex(where: { $0.0 == n }) { merged[i].1 += "," + v } else { merged.append((n, v)) }
        }
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { add("host", host) }
        for (n, v) in headers { add(n, v) }
        merged.sort { $0.0 < $1.0 }
        let signed = merged.map { $0.0 }.joined(separator: ";")
        let block = merged.map { "\($0.0):\($0.1)\n" }.joined()
        return (signed, block)
    }

    public func canonicalRequest(_ r: SigV4Request, payloadHash: String) -> String {
        let (signed, block) = canonicalHeaders(host: r.host, headers: r.headers)
        return [r.method, canonicalPath(r.path), Self.canonicalQuery(r.query), block, signed, payloadHash].joined(separator: "\n")
    }

    public func stringToSign(canonicalRequest: String) -> String {
        "AWS4-HMAC-SHA256\n\(date.amzDate)\n\(scope)\n\(Encoding.hex(Hashing.sha256(canonicalRequest)))"
    }

    public func signingKey() -> [UInt8] {
        var k = Hashing.hmacSHA256(key: Array("AWS4\(credentials.secretAccessKey)".utf8), date.dateStamp)
        k = Hashing.hmacSHA256(key: k, region)
        k = Hashing.hmacSHA256(key: k, service)
        return Hashing.hmacSHA256(key: k, "aws4_request")
    }

    public func signature(stringToSign: String) -> String {
        Encoding.hex(Hashing.hmacSHA256(key: signingKey(), stringToSign))
    }

    // MARK: the two forms

    /// The result of signing: the request as sent, and the intermediates for tests and debugging.
    public struct Signed: Sendable {
        public var request: SigV4Request
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
    }

    /// Signs with an Authorization header (adds X-Amz-Date, X-Amz-Security-Token and, with
    /// `signBody`, X-Amz-Content-Sha256).
    public func signHeaders(_ request: SigV4Request) -> Signed {
        var r = request
        let payloadHash = Encoding.hex(Hashing.sha256(r.body))
        r.headers.append(("X-Amz-Date", date.amzDate))
        if signBody { r.headers.append(("X-Amz-Content-Sha256", payloadHash)) }
        if let token = credentials.sessionToken, !omitSessionToken { r.headers.append(("X-Amz-Security-Token", token)) }
        let canonical = canonicalRequest(r, payloadHash: payloadHash)
        let sts = stringToSign(canonicalRequest: canonical)
        let sig = signature(stringToSign: sts)
        let (signed, _) = canonicalHeaders(host: r.host, headers: r.headers)
        if let token = credentials.sessionToken, omitSessionToken { r.headers.append(("X-Amz-Security-Token", token)) }
        r.headers.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(signed), Signature=\(sig)"))
        return Signed(request: r, canonicalRequest: canonical, stringToSign: sts, signature: sig)
    }

    /// Presigns into the query string (X-Amz-Algorithm … X-Amz-Signature), valid for
    /// `expires` seconds. Headers in the request are signed and must be sent with the URL.
    /// The returned query keeps the request's own parameters first, then the signing
    /// parameters in botocore's order, the signature last: the URL is byte-identical to
    /// botocore's.
    public func presign(_ request: SigV4Request, expires: Int) -> Signed {
        var r = request
        let payloadHash = Encoding.hex(Hashing.sha256(r.body))
        let (signed, _) = canonicalHeaders(host: r.host, headers: r.headers)
        r.query.append(("X-Amz-Algorithm", "AWS4-HMAC-SHA256"))
        r.query.append(("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope)"))
        r.query.append(("X-Amz-Date", date.amzDate))
        r.query.append(("X-Amz-Expires", String(expires)))
        r.query.append(("X-Amz-SignedHeaders", signed))
        if let token = credentials.sessionToken, !omitSessionToken { r.query.append(("X-Amz-Security-Token", token)) }
        let canonical = canonicalRequest(r, payloadHash: payloadHash)
        let sts = stringToSign(canonicalRequest: canonical)
        let sig = signature(stringToSign: sts)
        if let token = credentials.sessionToken, omitSessionToken { r.query.append(("X-Amz-Security-Token", token)) }
        r.query.append(("X-Amz-Signature", sig))
        return Signed(request: r, canonicalRequest: canonical, stringToSign: sts, signature: sig)
    }
}
