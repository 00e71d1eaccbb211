import Common
import Network
import XCTest

/// EKSClient without sockets: a scripted transport sees exactly the requests and answers them.
final class EKSClientTests: XCTestCase {
    /// Records every batch and answers each request with `answer`.
    final class ScriptedTransport: Transport {
        var batches: [[HTTPRequest]] = []
        let answer: (HTTPRequest) -> Result<HTTPResponse, TransportError>

        init(_ answer: @escaping (HTTPRequest) -> Result<HTTPResponse, TransportError>) { self.answer = answer }

        func send(_ requests: [HTTPRequest]) -> [Result<HTTPResponse, TransportError>] {
            batches.append(requests)
            return requests.map(answer)
        }
    }

    static let credentials = Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    static func clusterJSON(_ name: String, region: String, status: String = "ACTIVE") -> [UInt8] {
        Array("""
        {"cluster": {"name": "\(name)", "arn": "arn:aws:eks:\(region):123456789012:cluster/\(name)",
         "endpoint": "https://\(name).eks", "certificateAuthority": {"data": "Q0E="}, "status": "\(status)",
         "version": "1.31", "platformVersion": "eks.3", "logging": {}}}
        """.utf8)
    }

    func client(_ transport: Transport) -> EKSClient {
        let http = HTTPClient(transport: transport, retry: RetryPolicy(maxAttempts: 3))
        http.sleep = { _ in }
        return EKSClient(http: http)
    }

    func endpoint(_ region: String) -> ServiceEndpoint {
        ServiceEndpoint(url: URLParts("https://" + Endpoints.host(service: "eks", region: region))!, signingRegion: region, origin: "default")
    }

    /// The region from the URL's host (eks.REGION.suffix).
    static func region(of r: HTTPRequest) -> String {
        String(URLParts(r.url)!.host.split(separator: ".")[1])
    }

    func testSignedGETPerClusterInOneBatch() throws {
        let t = ScriptedTransport { r in
            let name = String(r.url.split(separator: "/").last!)
            return .success(HTTPResponse(status: 200, body: Self.clusterJSON(name, region: Self.region(of: r))))
        }
        let targets = [("a", "us-east-1"), ("b-2", "cn-north-1"), ("c_3", "us-gov-west-1"), ("d", "eu-west-1")]
            .map { EKSClient.Target(name: $0.0, endpoint: endpoint($0.1)) }
        let results = client(t).describe(targets, credentials: Self.credentials, date: Timestamp(seconds: 1_700_000_000))
        XCTAssertEqual(t.batches.count, 1, "all requests go out together")
        let sent = t.batches[0]
        XCTAssertEqual(sent.map(\.url), ["https://eks.us-east-1.amazonaws.com/clusters/a",
                                         "https://eks.cn-north-1.amazonaws.com.cn/clusters/b-2",
                                         "https://eks.us-gov-west-1.amazonaws.com/clusters/c_3",
                                         "https://eks.eu-west-1.amazonaws.com/clusters/d"])
        for (r, region) in zip(sent, ["us-east-1", "cn-north-1", "us-gov-west-1", "eu-west-1"]) {
            XCTAssertEqual(r.method, "GET")
            let auth = try XCTUnwrap(r.header("Authorization"))
            XCTAssertTrue(auth.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/\(region)/eks/aws4_request, "), auth)
            XCTAssertEqual(r.header("X-Amz-Date"), "20231114T221320Z")
            XCTAssertLessThanOrEqual(r.totalTimeout, 30, "bounded timeouts")
            XCTAssertLessThanOrEqual(r.connectTimeout, 10)
        }
        let clusters = try results.map { try $0.get() }
        XCTAssertEqual(clusters.map(\.name), ["a", "b-2", "c_3", "d"])
        XCTAssertEqual(clusters[1].arn, "arn:aws:eks:cn-north-1:123456789012:cluster/b-2")
        XCTAssertEqual(clusters[0].certificateAuthorityData, "Q0E=")
        XCTAssertEqual(clusters[0].version, "1.31")
        XCTAssertEqual(clusters[0].platformVersion, "eks.3")
        XCTAssertTrue(clusters.allSatisfy(\.isUsable))
    }

    func testTheSignatureIsSigV4OfThePath() throws {
        // The same request signed by Common's signer directly: the client adds nothing unsigned.
        let t = ScriptedTransport { _ in .success(HTTPResponse(status: 200, body: Self.clusterJSON("x", region: "us-east-2"))) }
        let date = Timestamp(seconds: 1_700_000_000)
        _ = client(t).describe([EKSClient.Target(name: "x", endpoint: endpoint("us-east-2"))], credentials: Self.credentials, date: date)
        var signer = SigV4Signer(credentials: Self.credentials, region: "us-east-2", service: "eks", date: date)
        signer.normalizePath = true
        let expected = signer.signHeaders(SigV4Request(method: "GET", host: "eks.us-east-2.amazonaws.com", path: "/clusters/x",
                                                       query: [], headers: [("Accept", "application/json")], body: []))
        XCTAssertEqual(t.batches[0][0].header("Authorization"), expected.request.headers.first { $0.0 == "Authorization" }?.1)
    }

    func testMoreThanTheCapGoOutInBatchesOfAtMostTheCap() throws {
        let t = ScriptedTransport { r in
            .success(HTTPResponse(status: 200, body: Self.clusterJSON(String(r.url.split(separator: "/").last!), region: "us-east-1")))
        }
        let targets = (0..<(EKSClient.maxInFlight + 8)).map { EKSClient.Target(name: "c\($0)", endpoint: endpoint("us-east-1")) }
        let results = client(t).describe(targets, credentials: Self.credentials)
        XCTAssertEqual(t.batches.map(\.count), [EKSClient.maxInFlight, 8])
        XCTAssertEqual(try results.map { try $0.get().name }, targets.map(\.name), "results in the order of the targets")
    }

    func testErrorsPerClusterAndRetriesOnlyForThrottlingAnd5xx() throws {
        var seen: [String: Int] = [:]
        let t = ScriptedTransport { r in
            let name = String(r.url.split(separator: "/").last!)
            seen[name, default: 0] += 1
            switch name {
            case "missing":
                return .success(HTTPResponse(status: 404, headers: [("x-amzn-ErrorType", "ResourceNotFoundException:http://x/")],
                                             body: Array(#"{"message": "No cluster found for name: missing."}"#.utf8)))
            case "throttled" where seen[name] == 1:
                return .success(HTTPResponse(status: 400, body: Array(#"{"__type": "ThrottlingException", "message": "slow down"}"#.utf8)))
            case "flaky" where seen[name]! < 3:
                return .success(HTTPResponse(status: 503, body: Array("unavailable".utf8)))
            case "down":
                return .failure(TransportError(kind: .connect, host: "eks.us-east-1.amazonaws.com", reason: "refused"))
            case "garbage":
                return .success(HTTPResponse(status: 200, body: Array("{not json".utf8)))
            case "creating":
                return .success(HTTPResponse(status: 200, body: Self.clusterJSON(name, region: "us-east-1", status: "CREATING")))
            default:
                return .success(HTTPResponse(status: 200, body: Self.clusterJSON(name, region: "us-east-1")))
            }
        }
        let names = ["ok", "missing", "throttled", "flaky", "down", "garbage", "creating"]
        let results = client(t).describe(names.map { EKSClient.Target(name: $0, endpoint: endpoint("us-east-1")) }, credentials: Self.credentials)
        XCTAssertEqual(try results[0].get().name, "ok")
        XCTAssertThrowsError(try results[1].get()) { e in
            XCTAssertEqual((e as? AWSServiceError)?.code, "ResourceNotFoundException")
            XCTAssertEqual((e as? AWSServiceError)?.awsMessage, "No cluster found for name: missing.")
        }
        XCTAssertEqual(try results[2].get().name, "throttled")
        XCTAssertEqual(try results[3].get().name, "flaky")
        XCTAssertThrowsError(try results[4].get()) { XCTAssertEqual(($0 as? TransportError)?.kind, .connect) }
        XCTAssertThrowsError(try results[5].get()) { XCTAssertTrue($0 is JSONSyntaxError, "\($0)") }
        let creating = try results[6].get()
        XCTAssertEqual(creating.status, "CREATING")
        XCTAssertFalse(creating.isUsable)
        XCTAssertEqual(seen, ["ok": 1, "missing": 1, "throttled": 2, "flaky": 3, "down": 3, "garbage": 1, "creating": 1])
    }

    func testAnswerWithoutAClusterIsAnError() {
        XCTAssertThrowsError(try EKSClient.Cluster(answer: ["nothing": 1], source: "answer")) { e in
            XCTAssertTrue("\(e)".contains("no \"cluster\" object"), "\(e)")
        }
        XCTAssertThrowsError(try EKSClient.Cluster(answer: ["cluster": ["name": 5]], source: "answer")) { e in
            XCTAssertTrue("\(e)".contains("answer.cluster.name"), "\(e)")
        }
    }
}
