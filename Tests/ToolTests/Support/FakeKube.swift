import Foundation
import XCTest

/// scripts/fakes/kube_api.py from Swift: a local HTTPS Kubernetes API endpoint that accepts
/// only EKS bearer tokens valid for `clusterID` (checked like aws-iam-authenticator, signature
/// verified with the keys it was given or the keys moto issued).
final class FakeKube: @unchecked Sendable {
    let clusterID: String
    /// "https://127.0.0.1:PORT"
    let url: String
    /// The CA certificate (PEM) base64-encoded, for a kubeconfig's certificate-authority-data.
    let caData: String
    /// One JSON line per authentication decision.
    let logURL: URL
    private let server: BackgroundProcess

    private init(clusterID: String, url: String, caData: String, logURL: URL, server: BackgroundProcess) {
        self.clusterID = clusterID
        self.url = url
        self.caData = caData
        self.logURL = logURL
        self.server = server
    }

    /// Starts the fake for `clusterID`. `keys` are static keys it knows (access key id → keys,
    /// and the ARN it reports for them); `moto` lets it verify keys that moto issued.
    /// `partition` limits the STS hosts it accepts ("any" for all partitions).
    static func start(clusterID: String, keys: [AWSKeys] = [], arns: [String: String] = [:],
                      moto: MotoServer? = nil, partition: String = "aws") throws -> FakeKube {
        let dir = try Harness.tempDir("fake-kube")
        var args = ["--cluster-id", clusterID, "--port", "0",
                    "--partition", partition, "--log", dir.appendingPathComponent("auth.log").path]
        if !keys.isEmpty {
            let file = dir.appendingPathComponent("credentials.json")
            try writeCredentials(keys, arns: arns, to: file)
            args += ["--credentials", file.path]
        }
        if let moto { args += ["--moto", moto.endpoint] }
        let (server, ready) = try BackgroundProcess.startFake("kube_api.py", args, requiring: ["url", "caData"])
        return FakeKube(clusterID: clusterID, url: ready["url"]!, caData: ready["caData"]!,
                        logURL: dir.appendingPathComponent("auth.log"), server: server)
    }

    /// One fake per cluster ID, started concurrently; each result in the order of `clusterIDs`
    /// (a fake that started is stopped by its deinit if the caller drops it).
    static func startAll(_ clusterIDs: [String], keys: [AWSKeys] = [], arns: [String: String] = [:],
                         moto: MotoServer? = nil) -> [Result<FakeKube, Error>] {
        let results = Results(count: clusterIDs.count)
        DispatchQueue.concurrentPerform(iterations: clusterIDs.count) { i in
            results.set(i, Result { try FakeKube.start(clusterID: clusterIDs[i], keys: keys, arns: arns, moto: moto) })
        }
        return results.values.map { $0! }
    }

    /// The slots `startAll`'s workers fill, each under the lock.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Result<FakeKube, Error>?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ r: Result<FakeKube, Error>) { lock.lock(); values[i] = r; lock.unlock() }
    }

    deinit { stop() }

    /// Stops the server by its process id.
    func stop() { server.stop() }

    /// The authentication decisions so far: `ok`, `path`, and `arn` or `reason`.
    func decisions() -> [[String: Any]] {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// One offline check of a token: for `clusterID`, with these keys known, at `now` (ISO
    /// 8601, or the real clock), accepting STS hosts of `partition` ("any" for all).
    struct Check {
        var token: String
        var clusterID: String
        var keys: [AWSKeys]
        var now: String? = nil
        var partition: String = "any"
    }

    /// Verifies `token` offline (kube_api.py) at `now` (ISO 8601, or the real clock).
    static func check(token: String, clusterID: String, keys: [AWSKeys], now: String? = nil,
                      partition: String = "any") throws -> (ok: Bool, result: [String: Any]) {
        try checkAll([Check(token: token, clusterID: clusterID, keys: keys, now: now, partition: partition)])[0]
    }

    /// Verifies every check in one kube_api.py --check-batch run (a Python start costs far
    /// more than a check); the decisions in the order of `checks`.
    static func checkAll(_ checks: [Check]) throws -> [(ok: Bool, result: [String: Any])] {
        let dir = try Harness.tempDir("fake-kube-check")
        defer { try? FileManager.default.removeItem(at: dir) }
        let list: [[String: Any]] = checks.map { c in
            var entry: [String: Any] = ["token": c.token, "clusterId": c.clusterID, "partition": c.partition,
                                        "credentials": credentialsMap(c.keys, arns: [:])]
            if let now = c.now { entry["now"] = now }
            return entry
        }
        let file = dir.appendingPathComponent("checks.json")
        try JSONSerialization.data(withJSONObject: list).write(to: file)
        chmod(file.path, 0o600)
        let r = try Harness.run(BackgroundProcess.which("python3") ?? "/usr/bin/python3",
                                [BackgroundProcess.fakesDir.appendingPathComponent("kube_api.py").path, "--check-batch", file.path])
        guard r.status == 0, let decisions = try? JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]],
              decisions.count == checks.count else {
            throw BackgroundProcess.failure("kube_api --check-batch failed (exit \(r.status)): \(r.stderr)")
        }
        return decisions.map { ($0["ok"] as? Bool == true, $0) }
    }

    private static func writeCredentials(_ keys: [AWSKeys], arns: [String: String], to file: URL) throws {
        try JSONSerialization.data(withJSONObject: credentialsMap(keys, arns: arns)).write(to: file)
        chmod(file.path, 0o600)
    }

    /// What kube_api.py's --credentials file holds: access key id → secret, token, ARN.
    private static func credentialsMap(_ keys: [AWSKeys], arns: [String: String]) -> [String: Any] {
        var map: [String: Any] = [:]
        for k in keys {
            var entry: [String: Any] = ["secretAccessKey": k.secretAccessKey]
            if let t = k.sessionToken { entry["sessionToken"] = t }
            entry["arn"] = arns[k.accessKeyId] ?? "arn:aws:iam::\(MotoServer.accountID):user/\(k.accessKeyId)"
            map[k.accessKeyId] = entry
        }
        return map
    }

    /// A kubeconfig (JSON, which kubectl reads as YAML) whose only context points at this
    /// server and whose user runs `command args` as an exec credential plugin.
    func kubeconfig(command: String, args: [String], env: [String: String] = [:],
                    apiVersion: String = "client.authentication.k8s.io/v1beta1",
                    interactiveMode: String = "Never") throws -> Data {
        var exec: [String: Any] = ["apiVersion": apiVersion, "command": command, "args": args,
                                   "interactiveMode": interactiveMode]
        if !env.isEmpty {
            exec["env"] = env.keys.sorted().map { ["name": $0, "value": env[$0]!] }
        }
        let config: [String: Any] = [
            "apiVersion": "v1", "kind": "Config",
            "clusters": [["name": "fake-eks", "cluster": ["server": url, "certificate-authority-data": caData]]],
            "users": [["name": "fake-eks-user", "user": ["exec": exec]]],
            "contexts": [["name": "fake-eks", "context": ["cluster": "fake-eks", "user": "fake-eks-user"]]],
            "current-context": "fake-eks",
        ]
        return try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// Writes `kubeconfig(...)` to `dir/kubeconfig` (0600) and returns its path.
    func writeKubeconfig(in dir: URL, command: String, args: [String], env: [String: String] = [:],
                         apiVersion: String = "client.authentication.k8s.io/v1beta1") throws -> String {
        let path = dir.appendingPathComponent("kubeconfig").path
        try kubeconfig(command: command, args: args, env: env, apiVersion: apiVersion)
            .write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        return path
    }
}
