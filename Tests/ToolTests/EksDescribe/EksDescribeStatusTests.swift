import Foundation
import XCTest

/// What moto cannot show: clusters that are CREATING, FAILED, DELETING or UPDATING, access
/// denied, throttling and 5xx answers. A small EKS fake (below, Python stdlib) answers
/// DescribeCluster by the cluster's name, checks each request is SigV4-signed for `eks` in the
/// cluster's region, and counts requests per cluster so retries are visible.
final class EksDescribeStatusTests: EksDescribeTestCase {
    static let fake = #"""
    import json, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    counts, lock = {}, threading.Lock()
    STATUS = {"creating-one": "CREATING", "failed-one": "FAILED", "deleting-one": "DELETING", "updating-one": "UPDATING"}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *a): pass
        def answer(self, status, body, error_type=None):
            data = json.dumps(body).encode()
            self.send_response(status)
            if error_type: self.send_header("x-amzn-ErrorType", error_type + ":http://internal.amazon.com/coral/com.amazon.eks/")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        def do_GET(self):
            if self.path == "/__counts__":
                with lock: return self.answer(200, dict(counts))
            if not self.path.startswith("/clusters/"):
                return self.answer(404, {"message": "unknown path " + self.path}, "NotFound")
            name = self.path[len("/clusters/"):]
            with lock:
                counts[name] = counts.get(name, 0) + 1
                n = counts[name]
            auth = self.headers.get("Authorization", "")
            try:
                scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
                region, service = scope[2], scope[3]
            except IndexError:
                return self.answer(403, {"message": "not signed"}, "AccessDeniedException")
            if service != "eks" or not self.headers.get("X-Amz-Date"):
                return self.answer(403, {"message": "signed for " + service}, "InvalidSignatureException")
            if name == "throttled-once" and n == 1:
                return self.answer(429, {"message": "Rate exceeded"}, "ThrottlingException")
            if name == "always-500":
                return self.answer(500, {"message": "internal failure"}, "ServerException")
            if name == "denied":
                return self.answer(403, {"message": "User is not authorized to perform: eks:DescribeCluster"}, "AccessDeniedException")
            self.answer(200, {"cluster": {
                "name": name, "arn": "arn:aws:eks:%s:111122223333:cluster/%s" % (region, name),
                "endpoint": "https://%s.gr7.%s.eks.amazonaws.com" % (name.upper(), region),
                "certificateAuthority": {"data": "LS0tLS1CRUdJTi" + name}, "status": STATUS.get(name, "ACTIVE"),
                "version": "1.31", "platformVersion": "eks.9", "tags": {}}})

    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    print(json.dumps({"url": "http://127.0.0.1:%d" % server.server_address[1]}), flush=True)
    server.serve_forever()
    """#

    var server: BackgroundProcess!
    var url = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        let script = home.appendingPathComponent("eks_fake.py")
        try Self.fake.write(to: script, atomically: true, encoding: .utf8)
        server = try BackgroundProcess(name: "eks_fake", executable: "python3", args: [script.path, String(try Harness.freePort())])
        url = try server.readyLine()["url"] as? String ?? ""
    }

    override func tearDownWithError() throws {
        server?.stop()
        try super.tearDownWithError()
    }

    func counts() throws -> [String: Int] {
        let r = try Harness.run(BackgroundProcess.which("python3") ?? "/usr/bin/python3",
                                ["-c", "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + '/__counts__').read().decode())", url])
        return (try r.json() as? [String: Int]) ?? [:]
    }

    func testStatusesErrorsAndRetriesPerCluster() throws {
        let names = ["ok-one", "updating-one", "creating-one", "failed-one", "deleting-one", "denied", "throttled-once", "always-500"]
        var args = ["--region", "eu-north-1"]
        for n in names { args += ["--name", n] }
        let r = try describe(args, env: env(Self.keys.merging(["AWS_ENDPOINT_URL_EKS": url]) { a, _ in a }))
        XCTAssertEqual(r.status, 3, r.stderr)
        let list = try clusters(r)
        let byName = Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0) })
        func code(_ n: String) -> String? { (byName[n]?["error"] as? [String: Any])?["code"] as? String }

        // ACTIVE and UPDATING clusters serve the API; a retried throttle ends well.
        for n in ["ok-one", "updating-one", "throttled-once"] {
            XCTAssertNil(byName[n]?["error"], n)
            XCTAssertEqual(byName[n]?["arn"] as? String, "arn:aws:eks:eu-north-1:111122223333:cluster/\(n)")
            XCTAssertEqual(byName[n]?["certificateAuthorityData"] as? String, "LS0tLS1CRUdJTi\(n)")
        }
        XCTAssertEqual(byName["updating-one"]?["status"] as? String, "UPDATING")
        // Not ACTIVE: an error, but the describe fields stay (the status says what to wait for).
        for (n, status) in [("creating-one", "CREATING"), ("failed-one", "FAILED"), ("deleting-one", "DELETING")] {
            XCTAssertEqual(code(n), "ClusterNotActive", n)
            XCTAssertEqual(byName[n]?["status"] as? String, status)
            XCTAssertNotNil(byName[n]?["endpoint"], n)
            XCTAssertTrue(((byName[n]?["error"] as? [String: Any])?["message"] as? String ?? "").contains(status), n)
        }
        // AWS's own code (the `x-amzn-ErrorType` header, without its namespace) and message.
        XCTAssertEqual(code("denied"), "AccessDeniedException")
        XCTAssertEqual((byName["denied"]?["error"] as? [String: Any])?["message"] as? String,
                       "User is not authorized to perform: eks:DescribeCluster")
        XCTAssertEqual(code("always-500"), "ServerException")

        let n = try counts()
        XCTAssertEqual(n["ok-one"], 1, "a good answer is not asked again")
        XCTAssertEqual(n["denied"], 1, "access denied is not retried")
        XCTAssertEqual(n["creating-one"], 1)
        XCTAssertEqual(n["throttled-once"], 2, "throttling is retried")
        XCTAssertEqual(n["always-500"], 3, "5xx is retried up to the SDKs' 3 attempts")

        let lines = r.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, r.stderr)
        XCTAssertTrue(lines.contains("eks-describe: denied (eu-north-1): AccessDeniedException: User is not authorized to perform: eks:DescribeCluster"), r.stderr)
        XCTAssertTrue(lines.contains { $0.hasPrefix("eks-describe: creating-one (eu-north-1): ClusterNotActive: ") }, r.stderr)
    }

    func testAWSMaxAttemptsBoundsTheRetries() throws {
        let r = try describe(["--name", "always-500", "--region", "us-east-2"],
                             env: env(Self.keys.merging(["AWS_ENDPOINT_URL": url, "AWS_MAX_ATTEMPTS": "1"]) { a, _ in a }))
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(try counts()["always-500"], 1)
    }

    func testProgressWarnsPerFailedClusterByItsContextName() throws {
        // As ekspipe auth login runs it: one ⚠ line per failed cluster, named by its alias.
        let envelope: [String: Any] = ["clusters": [["name": "failed-one", "region": "us-east-2", "alias": "dev"],
                                                    ["name": "gone", "region": "us-east-1", "error": ["code": "X", "message": "earlier"]]]]
        let e = env(Self.keys.merging(["AWS_ENDPOINT_URL": url]) { a, _ in a })
        let r = try describe(["--progress"], env: e, envelope: envelope)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("⚠ EKS kubeconfig: dev: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("⚠ EKS kubeconfig: gone: X: earlier"), r.stderr)
        XCTAssertFalse(r.stderr.contains("eks-describe: "), r.stderr)
        XCTAssertEqual(try clusters(r).count, 2)
        let plain = try describe([], env: e, envelope: envelope)
        XCTAssertTrue(plain.stderr.contains("eks-describe: failed-one (us-east-2): "), plain.stderr)
        XCTAssertFalse(plain.stderr.contains("⚠"), plain.stderr)
    }

    func testOnlyFailuresWithAllPassedThroughIsExitOne() throws {
        // Every cluster failed at an earlier stage: nothing is requested, exit 1.
        let raw = #"{"clusters": [{"name": "ok-one", "region": "us-east-1", "error": {"code": "X", "message": "earlier"}}]}"#
        let r = try describe([], env: env(Self.keys.merging(["AWS_ENDPOINT_URL": url]) { a, _ in a }), raw: raw)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(try counts(), [:])
        XCTAssertEqual(try clusters(r).count, 1)
    }
}
