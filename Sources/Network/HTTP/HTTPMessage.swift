/// One HTTP request as the transports send it. Timeouts live on the request because callers
/// differ: IMDS must give up within a second on a laptop, STS may take longer.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    /// Sent in order; `Host` is derived from the URL by the transport.
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Seconds allowed to establish the connection (a network that is down fails fast).
    public var connectTimeout: Double
    /// Seconds allowed for the whole exchange.
    public var totalTimeout: Double

    public init(method: String, url: String, headers: [(String, String)] = [], body: [UInt8] = [],
                connectTimeout: Double = 3, totalTimeout: Double = 20) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.0.lowercased() == n }?.1
    }
}

/// A complete HTTP answer (any status: mapping statuses to errors is the client's job).
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header lines of the final response, names as received.
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.0.lowercased() == n }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
    public var isSuccess: Bool { (200..<300).contains(status) }
}
