/// The real transport: libcurl, every batch through one multi handle that lives as long as the
/// transport (its connection cache is what makes many requests to one region cheap).
public final class CurlTransport: Transport {
    private var multi: CurlMulti?
    public let maxConnectionsPerHost: Int

    public init(maxConnectionsPerHost: Int = 32) {
        self.maxConnectionsPerHost = maxConnectionsPerHost
    }

    public func send(_ requests: [HTTPRequest]) -> [Result<HTTPResponse, TransportError>] {
        if requests.isEmpty { return [] }
        var easies: [CurlEasy] = []
        var results = [Result<HTTPResponse, TransportError>?](repeating: nil, count: requests.count)
        var positions: [Int] = []
        for (i, r) in requests.enumerated() {
            do {
                easies.append(try CurlEasy(r))
                positions.append(i)
            } catch let e as TransportError {
                results[i] = .failure(e)
            } catch {
                results[i] = .failure(TransportError(kind: .other, host: "?", reason: "\(error)"))
            }
        }
        if !easies.isEmpty {
            do {
                if multi == nil { multi = try CurlMulti(maxPerHost: maxConnectionsPerHost) }
                for (k, r) in multi!.perform(easies).enumerated() { results[positions[k]] = r }
            } catch let e as TransportError {
                for p in positions { results[p] = .failure(e) }
            } catch {
                for p in positions { results[p] = .failure(TransportError(kind: .other, host: "?", reason: "\(error)")) }
            }
        }
        return results.map { $0! }
    }
}
