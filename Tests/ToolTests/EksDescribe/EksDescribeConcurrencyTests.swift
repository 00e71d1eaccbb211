import Foundation
import XCTest

/// Many clusters cost about as much as one: every DescribeCluster is in flight at once. moto
/// answers in a millisecond, so the latency proxy holds every request for 300 ms and counts how
/// many it holds at the same time: twelve at once proves the requests overlap. No wall-clock
/// bound: timing belongs to the benchmark (scripts/bench-describe), not to a test that runs on
/// a loaded machine.
final class EksDescribeConcurrencyTests: EksDescribeTestCase {
    func testTwelveClustersInThreeRegionsAreDescribedAtOnce() throws {
        let moto = try MotoServer.start()
        defer { moto.stop() }
        let regions = ["us-east-1", "eu-west-1", "ap-northeast-1"]
        var expected: [(name: String, region: String, arn: String)] = []
        for i in 0..<12 {
            let region = regions[i % regions.count]
            let c = try moto.createCluster(name: "fleet-\(i)", region: region)
            expected.append(("fleet-\(i)", region, c["arn"] as? String ?? "?"))
        }
        let latencyMs = 300
        let proxy = try LatencyProxy.start(upstream: moto.endpoint, latencyMs: latencyMs)
        defer { proxy.stop() }
        let e = env(Self.keys.merging(["AWS_ENDPOINT_URL": proxy.url]) { a, _ in a })

        let one = try describe(["--name", "fleet-0", "--region", "us-east-1"], env: e)
        XCTAssertEqual(one.status, 0, one.stderr)
        let before = try proxy.stats()

        var args: [String] = []
        for c in expected { args += ["--name", c.name, "--region", c.region] }
        let all = try describe(args, env: e)
        XCTAssertEqual(all.status, 0, all.stderr)
        let list = try clusters(all)
        XCTAssertEqual(list.map { $0["name"] as? String }, expected.map { $0.name })
        XCTAssertEqual(list.map { $0["arn"] as? String }, expected.map { $0.arn })
        XCTAssertEqual(list.map { $0["status"] as? String }, Array(repeating: "ACTIVE", count: 12))

        let after = try proxy.stats()
        XCTAssertEqual(after.requests - before.requests, 12, "one request per cluster, no retries")
        XCTAssertEqual(after.maxInFlight, 12, "all twelve requests were waiting in the proxy at the same time")
    }
}
