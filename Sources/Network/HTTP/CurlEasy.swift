import CCurl
import Common
import Glibc

/// libcurl loaded (CCurl/shim.h opens it with dlopen on the first request, so that runs
/// served from the cache never load it) and initialised, once before the first handle
/// (thread-safe: Swift runs a static initialiser exactly once). nil when it worked, else why not.
enum CurlGlobal {
    static let failure: String? = {
        if let e = ekspipe_curl_load_error() { return "libcurl (libcurl.so.4) could not be loaded: \(String(cString: e)); install Debian's libcurl4 package" }
        return ekspipe_curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK ? nil : "libcurl could not be initialised"
    }()
}

/// What the write and header callbacks fill in; reached from C through an unretained pointer
/// that the owning `CurlEasy` keeps alive.
final class CurlSink {
    var body: [UInt8] = []
    var headers: [(String, String)] = []
}

/// One libcurl easy handle configured for one request (init acquires, deinit releases the
/// handle, its header list and its error buffer). Performed by `CurlMulti`.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    let request: HTTPRequest
    let host: String
    private var headerList: UnsafeMutablePointer<curl_slist>? = nil
    private let errorBuffer: UnsafeMutablePointer<CChar>
    let sink = CurlSink()

    init(_ request: HTTPRequest) throws {
        self.request = request
        host = URLParts(request.url)?.authority ?? "?"
        if let failure = CurlGlobal.failure { throw TransportError(kind: .other, host: host, reason: failure) }
        guard let h = ekspipe_curl_easy_init() else {
            throw TransportError(kind: .other, host: host, reason: "libcurl could not create a handle")
        }
        handle = h
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try configure()
    }

    deinit {
        ekspipe_curl_easy_cleanup(handle)
        if let headerList { ekspipe_curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    private func check(_ code: CURLcode, _ what: String) throws {
        guard code == CURLE_OK else {
            throw TransportError(kind: .other, host: host, reason: "libcurl \(what): \(String(cString: ekspipe_curl_easy_strerror(code)))")
        }
    }

    private func configure() throws {
        let r = request
        guard URLParts(r.url) != nil else { throw TransportError(kind: .other, host: host, reason: "not an http(s) URL") }
        try check(ekspipe_curl_easy_setopt_string(handle, CURLOPT_URL, r.url), "URL")
        try check(ekspipe_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        // At least 1 ms: 0 means "no limit" to libcurl, and a deadline nearly spent must not
        // turn into none. The total limit also ends an answer dripped a byte at a time, so no
        // low-speed limit (LOW_SPEED_LIMIT/TIME, a guess at a rate) is needed on top.
        try check(ekspipe_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(r.connectTimeout * 1000))), "connect timeout")
        try check(ekspipe_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(1, Int(r.totalTimeout * 1000))), "timeout")
        // Only http and https, also after a redirect (AWS APIs do not redirect; be strict).
        try check(ekspipe_curl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"), "protocols")
        try check(ekspipe_curl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0), "follow")
        try check(ekspipe_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)), "error buffer")
        try check(ekspipe_curl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""), "encoding")

        switch r.method {
        case "GET":
            try check(ekspipe_curl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1), "GET")
        default:
            // POSTFIELDS (copied) with an explicit size sends Content-Length even for an empty
            // body, which IMDS's token PUT and STS's form POST both expect.
            try check(ekspipe_curl_easy_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(r.body.count)), "body size")
            try r.body.withUnsafeBufferPointer { buf in
                try buf.withMemoryRebound(to: CChar.self) { c in
                    let empty: [CChar] = [0]
                    if c.isEmpty {
                        try empty.withUnsafeBufferPointer {
                            try check(ekspipe_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress!)), "body")
                        }
                    } else {
                        try check(ekspipe_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: c.baseAddress!)), "body")
                    }
                }
            }
            if r.method != "POST" {
                try check(ekspipe_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, r.method), "method")
            }
        }

        var list: UnsafeMutablePointer<curl_slist>? = nil
        // No `Expect: 100-continue` round trip, and no default Content-Type on form bodies the
        // caller did not ask for.
        var lines = r.headers.map { "\($0.0): \($0.1)" }
        lines.append("Expect:")
        if r.header("Content-Type") == nil { lines.append("Content-Type:") }
        if r.header("Accept") == nil { lines.append("Accept:") }
        for line in lines {
            guard let next = ekspipe_curl_slist_append(list, line) else {
                if let list { ekspipe_curl_slist_free_all(list) }
                throw TransportError(kind: .other, host: host, reason: "out of memory")
            }
            list = next
        }
        headerList = list
        try check(ekspipe_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list), "headers")

        let ud = Unmanaged.passUnretained(sink).toOpaque()
        try check(ekspipe_curl_easy_setopt_writefn(handle, CURLOPT_WRITEFUNCTION, { ptr, size, n, ud in
            let sink = Unmanaged<CurlSink>.fromOpaque(ud!).takeUnretainedValue()
            let count = size * n
            if let ptr, count > 0 {
                sink.body.append(contentsOf: UnsafeRawBufferPointer(start: ptr, count: count))
            }
            return count
        }), "write function")
        try check(ekspipe_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, ud), "write data")
        try check(ekspipe_curl_easy_setopt_writefn(handle, CURLOPT_HEADERFUNCTION, { ptr, size, n, ud in
            let sink = Unmanaged<CurlSink>.fromOpaque(ud!).takeUnretainedValue()
            let count = size * n
            guard let ptr, count > 0 else { return count }
            // The line ends in CRLF, which Swift reads as one Character that character-wise
            // trimming does not match: drop the line break as bytes before decoding.
            var raw = UnsafeRawBufferPointer(start: ptr, count: count)[...]
            while let last = raw.last, last == 13 || last == 10 { raw = raw.dropLast() }
            let line = String(decoding: raw, as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                // A new status line (after 100 Continue or a proxy's CONNECT): start over.
                sink.headers = []
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                let value = String(line[line.index(after: colon)...].trimmingWhitespace())
                sink.headers.append((name, value))
            }
            return count
        }), "header function")
        try check(ekspipe_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, ud), "header data")
    }

    /// The outcome once the multi handle reports the transfer done with `code`.
    func result(_ code: CURLcode) -> Result<HTTPResponse, TransportError> {
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let reason = detail.isEmpty ? String(cString: ekspipe_curl_easy_strerror(code)) : detail
            let kind: TransportError.Kind
            switch code {
            case CURLE_OPERATION_TIMEDOUT: kind = .timeout
            case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .connect
            default: kind = .other
            }
            return .failure(TransportError(kind: kind, host: host, reason: reason))
        }
        var status = 0
        _ = ekspipe_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
    }
}
