import Common

/// Sends HTTP requests. Callers hand over a batch and get one result per request, in order, so
/// that a transport can run them concurrently (libcurl's multi interface) while unit tests plug
/// in a scripted transport with no sockets at all.
public protocol Transport: AnyObject {
    func send(_ requests: [HTTPRequest]) -> [Result<HTTPResponse, TransportError>]
}

extension Transport {
    /// One request; a failure to exchange it at all is thrown.
    public func send(_ request: HTTPRequest) throws -> HTTPResponse {
        try send([request])[0].get()
    }
}

/// No HTTP answer at all: connection refused, DNS, TLS, timeout. Never carries request
/// content (headers may hold tokens), only the host and the reason.
public struct TransportError: ToolError, Equatable {
    public enum Kind: Sendable, Equatable {
        case connect
        case timeout
        case other
    }

    public let kind: Kind
    /// `host[:port]` of the request.
    public let host: String
    public let reason: String

    public init(kind: Kind, host: String, reason: String) {
        self.kind = kind
        self.host = host
        self.reason = reason
    }

    public var exitCode: ExitCode { .runtime }
    public var message: String {
        switch kind {
        case .timeout: return "no answer from \(host) in time: \(reason)"
        case .connect: return "cannot connect to \(host): \(reason)"
        case .other: return "request to \(host) failed: \(reason)"
        }
    }
}
