import Foundation
import XCTest

/// Many clusters cost about as much as one: every DescribeCluster is in flight at once. moto
/// answers in a millisecond, so the latency proxy puts 300 ms in front of every request; run
/// one after another, 12 clusters would take at least 3.6 s. This checks correctness of the
/// concurrency with a generous bound, it is not a benchmark (that is scripts/bench-describe).
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

        // One cluster: one request's time plus the tool's start.
        var start = Date()
        let one = try describe(["--name", "fleet-0", "--region", "us-east-1"], env: e)
        let oneTime = Date().timeIntervalSince(start)
        XCTAssertEqual(one.status, 0, one.stderr)
        let before = try proxy.stats()

        var args: [String] = []
        for c in expected { args += ["--name", c.name, "--region", c.region] }
        start = Date()
        let all = try describe(args, env: e)
        let allTime = Date().timeIntervalSince(start)
        XCTAssertEqual(all.status, 0, all.stderr)
        let list = try clusters(all)
        XCTAssertEqual(list.map { $0["name"] as? String }, expected.map { $0.name })
        XCTAssertEqual(list.map { $0["arn"] as? String }, expected.map { $0.arn })
        XCTAssertEqual(list.map { $0["status"] as? String }, Array(repeating: "ACTIVE", count: 12))

        let after = try proxy.stats()
        XCTAssertEqual(after.requests - before.requests, 12, "one request per cluster, no retries")
        XCTAssertEqual(after.maxInFlight, 12, "all twelve requests were waiting in the proxy at the same time")
        let request = Double(latencyMs) / 1000
        XCTAssertLessThan(allTime, 4 * request, "12 clusters took \(allTime) s (one took \(oneTime) s)")
        XCTAssertGreaterThan(allTime, request, "the proxy's delay applies (sanity)")
    }
}
