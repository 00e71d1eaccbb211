import Foundation
import XCTest

/// eks-presign's token against the AWS CLI's own code (scripts/conformance/eks_token_cases.py
/// runs awscli.customizations.eks, what `aws eks get-token` runs) for every region of every
/// partition in botocore's partition data, with and without a session token, with FIPS and
/// dual-stack from the environment and from the profile, and with `sts_regional_endpoints =
/// legacy` from either: byte for byte, under one frozen second.
final class TokenConformanceTests: XCTestCase {
    static let time = "2026-03-04 05:06:07"

    func testEveryRegionAndEndpointSetting() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/faketime") else { throw XCTSkip("needs faketime (scripts/setup installs it)") }
        let dir = try Harness.tempDir("token-conformance")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = Harness.packageRoot.appendingPathComponent("scripts/conformance/eks_token_cases.py").path
        let gen = try Harness.run("/usr/bin/faketime", ["-f", Self.time, "python3", script, "--out", dir.path], env: ["HOME": dir.path], timeout: 600)
        XCTAssertEqual(gen.status, 0, gen.stderr)
        guard gen.status == 0 else { return }
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("cases.json"))) as! [String: Any]
        let keys = doc["keys"] as! [String: String]
        let cluster = doc["cluster"] as! String
        let cases = doc["cases"] as! [[String: Any]]
        XCTAssertGreaterThan(cases.count, 500, "every region × every setting")

        // eks-presign once per case, under the same frozen second, four at a time (each run
        // is a short process start; the cases share a handful of config files, written first).
        var configs: [String: String] = [:]
        for text in Set(cases.map { ($0["config"] as? String) ?? "" }) {
            let file = dir.appendingPathComponent("config-\(configs.count)")
            try text.write(to: file, atomically: true, encoding: .utf8)
            configs[text] = file.path
        }
        let commands: [(env: [String: String], args: [String])] = cases.map { c in
            var env = Harness.isolatedEnv(home: dir, extra: keys.merging(c["env"] as! [String: String]) { $1 })
            env["AWS_CONFIG_FILE"] = configs[(c["config"] as? String) ?? ""]
            var args = ["-f", Self.time, Harness.tool("eks-presign"), "--cluster-name", cluster]
            if let region = c["region"] as? String { args += ["--region", region] }
            return (env, args)
        }
        let runs = SharedList<(Int, Harness.Result?)>()
        let workers = 4
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in stride(from: w, to: commands.count, by: workers) {
                runs.append((i, try? Harness.run("/usr/bin/faketime", commands[i].args, env: commands[i].env)))
            }
        }
        var results = [Harness.Result?](repeating: nil, count: cases.count)
        for (i, r) in runs.values { results[i] = r }

        var mismatches: [String] = [], botocoreCannot: [String] = []
        for (c, result) in zip(cases, results) {
            let region = c["region"] as? String
            let extra = c["env"] as! [String: String]
            let r = try XCTUnwrap(result, "eks-presign did not run")
            let ours = r.status == 0 ? ((try? r.json())?["status"] as? [String: Any])?["token"] as? String : nil
            let label = "\(region ?? "no region") \(extra) \(c["config"] as? String ?? "")"
            if let theirs = c["token"] as? String {
                if ours != theirs { mismatches.append("\(label): \(ours.map(Self.host) ?? "exit \(r.status): \(r.stderr)") ≠ \(Self.host(theirs))") }
            } else {
                // botocore's endpoint data has no dual-stack STS endpoint in these partitions
                // (its partition data says they support dual-stack): eks-presign builds it from
                // the partition's dual-stack suffix, as the endpoint rules do (README).
                botocoreCannot.append(label)
                let dual = extra["AWS_USE_DUALSTACK_ENDPOINT"] == "true" || (c["config"] as? String ?? "").contains("use_dualstack_endpoint")
                XCTAssertTrue(dual && ["eu-isoe-", "us-isof-"].contains { region?.hasPrefix($0) ?? false }, "botocore failed unexpectedly: \(label)")
                XCTAssertTrue(ours.map(Self.host)?.contains(".api.") ?? false, "\(label): \(r.stderr)")
            }
        }
        XCTAssertTrue(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) tokens differ:\n" + mismatches.prefix(15).joined(separator: "\n"))
        XCTAssertLessThanOrEqual(botocoreCannot.count, 12, botocoreCannot.joined(separator: "\n"))
    }

    /// Where the two differ on purpose: eks-presign reads AWS_REGION (every current SDK does;
    /// the AWS CLI v1 reads only AWS_DEFAULT_REGION).
    func testAWSRegionIsRead() throws {
        let home = try Harness.tempDir("token-region")
        defer { try? FileManager.default.removeItem(at: home) }
        let env = Harness.isolatedEnv(home: home, extra: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s",
                                                          "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2"])
        let r = try Harness.run("eks-presign", ["--cluster-name", "c"], env: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let token = ((try r.json())["status"] as? [String: Any])?["token"] as? String ?? ""
        XCTAssertEqual(Self.host(token), "sts.eu-west-1.amazonaws.com")
    }

    func testBadRegionalEndpointsSetting() throws {
        let home = try Harness.tempDir("token-setting")
        defer { try? FileManager.default.removeItem(at: home) }
        let env = Harness.isolatedEnv(home: home, extra: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s",
                                                          "AWS_STS_REGIONAL_ENDPOINTS": "global"])
        let r = try Harness.run("eks-presign", ["--cluster-name", "c", "--region", "us-east-1"], env: env)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("AWS_STS_REGIONAL_ENDPOINTS: sts_regional_endpoints must be legacy or regional"), r.stderr)
    }

    static func host(_ token: String) -> String {
        var b64 = String(token.dropFirst("k8s-aws-v1.".count)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        let url = Data(base64Encoded: b64).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return url.split(separator: "/").dropFirst().first.map(String.init) ?? url
    }
}
