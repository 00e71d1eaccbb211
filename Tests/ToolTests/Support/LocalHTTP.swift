import Foundation
import XCTest

/// A plain HTTP/1.0 request to a test server on 127.0.0.1 (the latency proxy's counters, moto's
/// reset), made in-process.
///
/// Why not `python3 -c urllib…`: a Python start costs more CPU than the request, and tests ask
/// for counters before and after every run; on a 2-core machine running test classes side by
/// side that CPU is what the other classes wait for.
enum LocalHTTP {
    /// `method` `url` (http://127.0.0.1:PORT/path) with `body`; returns the status and body.
    static func request(_ method: String, _ url: String, body: Data = Data(), timeout: TimeInterval = 30) throws -> (status: Int, body: Data) {
        guard let parts = URLComponents(string: url), parts.scheme == "http", let port = parts.port,
              parts.host == "127.0.0.1" || parts.host == "localhost" else {
            throw BackgroundProcess.failure("LocalHTTP: not a local http URL: \(url)")
        }
        let path = parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BackgroundProcess.failure("LocalHTTP: socket: errno \(errno)") }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw BackgroundProcess.failure("LocalHTTP: cannot connect to \(url): errno \(errno)") }
        var request = Data("\(method) \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
        request.append(body)
        try request.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw BackgroundProcess.failure("LocalHTTP: send to \(url): errno \(errno)") }
                sent += n
            }
        }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw BackgroundProcess.failure("LocalHTTP: no answer from \(url): errno \(errno)") }
            if n == 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        guard let end = response.range(of: Data("\r\n\r\n".utf8)),
              let statusLine = String(data: response[..<end.lowerBound], encoding: .utf8)?.split(separator: "\r\n").first,
              let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw BackgroundProcess.failure("LocalHTTP: not an HTTP answer from \(url)")
        }
        return (status, Data(response[end.upperBound...]))
    }

    /// GET `url`, expecting 200 and a JSON object.
    static func getJSON(_ url: String) throws -> [String: Any] {
        let r = try request("GET", url)
        guard r.status == 200, let obj = try JSONSerialization.jsonObject(with: r.body) as? [String: Any] else {
            throw BackgroundProcess.failure("LocalHTTP: GET \(url): status \(r.status): \(String(decoding: r.body, as: UTF8.self).prefix(500))")
        }
        return obj
    }
}
