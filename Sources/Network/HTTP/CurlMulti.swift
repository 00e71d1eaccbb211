import CCurl
import Common

/// One libcurl multi handle (init acquires, deinit releases). It runs a batch of easy handles
/// concurrently on this thread and keeps its connection cache between batches, so requests to
/// the same regional endpoint reuse one TLS connection.
final class CurlMulti {
    let handle: UnsafeMutableRawPointer

    /// `maxPerHost`: parallel connections to one host (eks-describe sends a request per
    /// cluster of a region at once; more than this wait for a free connection).
    init(maxPerHost: Int = 32) throws {
        if let failure = CurlGlobal.failure { throw TransportError(kind: .other, host: "-", reason: failure) }
        guard let m = ekspipe_curl_multi_init() else {
            throw TransportError(kind: .other, host: "-", reason: "libcurl could not create a multi handle")
        }
        handle = m
        _ = ekspipe_curl_multi_setopt_long(m, CURLMOPT_MAX_HOST_CONNECTIONS, maxPerHost)
        _ = ekspipe_curl_multi_setopt_long(m, CURLMOPT_MAXCONNECTS, max(64, maxPerHost * 2))
    }

    deinit { ekspipe_curl_multi_cleanup(handle) }

    /// Performs every transfer to completion; results are in the order of `easies`.
    func perform(_ easies: [CurlEasy]) -> [Result<HTTPResponse, TransportError>] {
        var results = [Result<HTTPResponse, TransportError>?](repeating: nil, count: easies.count)
        var index: [UnsafeMutableRawPointer: Int] = [:]
        for (i, e) in easies.enumerated() {
            let rc = ekspipe_curl_multi_add_handle(handle, e.handle)
            if rc != CURLM_OK {
                results[i] = .failure(TransportError(kind: .other, host: e.host, reason: String(cString: ekspipe_curl_multi_strerror(rc))))
            } else {
                index[e.handle] = i
            }
        }
        var running: Int32 = 0
        while true {
            var rc = ekspipe_curl_multi_perform(handle, &running)
            var left: Int32 = 0
            while rc == CURLM_OK, let msg = ekspipe_curl_multi_info_read(handle, &left) {
                guard msg.pointee.msg == CURLMSG_DONE, let h = msg.pointee.easy_handle, let i = index[h] else { continue }
                results[i] = easies[i].result(msg.pointee.data.result)
                ekspipe_curl_multi_remove_handle(handle, h)
                index[h] = nil
            }
            if rc == CURLM_OK && running > 0 {
                rc = ekspipe_curl_multi_poll(handle, nil, 0, 1000, nil)
            }
            if rc != CURLM_OK {
                let reason = String(cString: ekspipe_curl_multi_strerror(rc))
                for (_, i) in index where results[i] == nil {
                    results[i] = .failure(TransportError(kind: .other, host: easies[i].host, reason: reason))
                }
                break
            }
            // Every finished transfer's message was read above; a handle still indexed when
            // nothing runs never reported and is failed below.
            if running == 0 { break }
        }
        for (h, i) in index {
            if results[i] == nil {
                results[i] = .failure(TransportError(kind: .other, host: easies[i].host, reason: "transfer did not complete"))
            }
            ekspipe_curl_multi_remove_handle(handle, h)
        }
        return results.map { $0! }
    }
}
