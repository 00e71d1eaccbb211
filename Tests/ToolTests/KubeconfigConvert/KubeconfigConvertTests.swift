import Foundation
import XCTest

/// `ekspipe kubeconfig convert` on hand-written kubeconfigs (aws-iam-authenticator is not
/// installed; the AWS CLI's forms are checked against the real CLI in KubeconfigConvertAWSTests):
/// the argument forms, what is left alone and why, comments and foreign entries kept, a dry run
/// changing nothing, a second run changing nothing.
final class KubeconfigConvertTests: FlowTestCase {
    override class var needsWorld: Bool { false }

    static let role = "arn:aws:iam::123456789012:role/admin"

    /// A kubeconfig with one user per case; `users` is appended under `users:`.
    static func kubeconfig(users: String) -> String {
        """
        # team kubeconfig: keep this comment
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: QUJD
            server: https://dev.example   # inline comment
          name: dev
        contexts:
        - context: {cluster: dev, user: cli}
          name: cli-ctx
        - context: {cluster: dev, user: iam}
          name: iam-ctx
        current-context: cli-ctx
        kind: Config
        preferences: {}
        users:
        - name: static
          user:
            token: not-a-real-token
        \(users)
        # the end
        """
    }

    static let cases = """
        - name: cli
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: /usr/local/bin/aws
              args: [eks, get-token, --cluster-name=dev, --region=us-west-2, --output=json, --profile, p1]
              env:
              - {name: AWS_CONFIG_FILE, value: /team/aws-config}
        - name: outposts
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: [--region, us-east-1, eks, get-token, --cluster-id, 0123-abcd, --role-arn, \(role)]
        - name: iam
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1alpha1
              command: aws-iam-authenticator
              args: [token, -i, dev, -r, \(role), --region, eu-west-1]
              env:
              - {name: AWS_PROFILE, value: p2}
              - {name: AWS_STS_REGIONAL_ENDPOINTS, value: regional}
        - name: iam-long
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws-iam-authenticator
              args: [token, --cluster-id=dev2]
        - name: iam-short
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: heptio-authenticator-aws
              args: [token, -idev3]
        - name: debug
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: [--debug, eks, get-token, --cluster-name, dev]
        - name: session
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws-iam-authenticator
              args: [token, -i, dev, --session-name, me]
        - name: vault
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws-vault
              args: [exec, p1, --, aws, eks, get-token, --cluster-name, dev]
        - name: sts
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: [sts, get-caller-identity]
        - name: gke
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: gke-gcloud-auth-plugin
        """

    var presign: String { URL(fileURLWithPath: Harness.tool("eks-presign")).resolvingSymlinksInPath().path }

    func write(_ text: String, _ relative: String = ".kube/config") throws -> String {
        try scratch.write(text, to: relative).path
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Each user's exec mapping according to the real kubectl.
    func execs(_ kubeconfig: String) throws -> [String: [String: Any]] {
        let r = try kubectl(["config", "view", "--raw", "-o", "json"], kubeconfig: kubeconfig)
        XCTAssertEqual(r.status, 0, r.stderr)
        var out: [String: [String: Any]] = [:]
        for u in try r.json()["users"] as? [[String: Any]] ?? [] {
            if let n = u["name"] as? String, let e = (u["user"] as? [String: Any])?["exec"] as? [String: Any] { out[n] = e }
        }
        return out
    }

    func testArgumentFormsConvertedAndTheRestLeftWithReasons() throws {
        let path = try write(Self.kubeconfig(users: Self.cases))
        let before = try execs(path)
        let r = try ekspipe(["kubeconfig", "convert"])
        XCTAssertEqual(r.status, 3, "some entries left as they are: \(r.stderr)")
        XCTAssertEqual(r.out, "")
        let after = try execs(path)
        func args(_ user: String) -> [String]? { after[user]?["args"] as? [String] }
        XCTAssertEqual(args("cli"), ["--cluster-name", "dev", "--region", "us-west-2", "--profile", "p1"])
        XCTAssertEqual(args("outposts"), ["--cluster-id", "0123-abcd", "--region", "us-east-1", "--role-arn", Self.role])
        XCTAssertEqual(args("iam"), ["--cluster-name", "dev", "--region", "eu-west-1", "--role-arn", Self.role])
        XCTAssertEqual(args("iam-long"), ["--cluster-name", "dev2"])
        XCTAssertEqual(args("iam-short"), ["--cluster-name", "dev3"])
        for user in ["cli", "outposts", "iam", "iam-long", "iam-short"] {
            XCTAssertEqual(after[user]?["command"] as? String, presign, user)
            XCTAssertEqual(after[user]?["interactiveMode"] as? String, "Never", user)
            let apiVersion = user == "iam" ? "client.authentication.k8s.io/v1beta1" : before[user]?["apiVersion"] as? String
            XCTAssertEqual(after[user]?["apiVersion"] as? String, apiVersion, "v1alpha1, which kubectl refuses, becomes v1beta1: \(user)")
            XCTAssertEqual(after[user]?["env"] as? NSArray, before[user]?["env"] as? NSArray, "env kept: \(user)")
        }
        for user in ["cli", "outposts", "iam", "iam-long", "iam-short"] {
            XCTAssertTrue(r.stderr.contains("✓ user \(user): "), r.stderr)
        }
        XCTAssertTrue(r.stderr.contains("✓ user iam: aws-iam-authenticator → eks-presign"), r.stderr)
        let home = "~/.kube/config"
        for (user, reason) in [("debug", "unknown option --debug"), ("session", "unknown option --session-name"),
                               ("vault", "runs aws-vault, not aws eks get-token or aws-iam-authenticator"),
                               ("sts", "runs aws sts get-caller-identity, not aws eks get-token")] {
            XCTAssertTrue(r.stderr.contains("⚠ user \(user) (\(home)) left as it is: \(reason)"), r.stderr)
            XCTAssertEqual(after[user] as NSDictionary?, before[user] as NSDictionary?, user)
        }
        XCTAssertFalse(r.stderr.contains("gke") || r.stderr.contains("static"), "other plugins are not ours: \(r.stderr)")
        XCTAssertEqual(after["gke"] as NSDictionary?, before["gke"] as NSDictionary?)

        // Everything around the users, byte for byte: the comments, the flow mappings, the order.
        let text = try String(contentsOfFile: path, encoding: .utf8), original = Self.kubeconfig(users: Self.cases)
        let head = original.components(separatedBy: "- name: cli\n")[0]
        XCTAssertTrue(text.hasPrefix(head), text)
        XCTAssertTrue(text.hasSuffix("    command: gke-gcloud-auth-plugin\n# the end"), text)
        for kept in ["- name: debug\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [--debug",
                     "- {name: AWS_STS_REGIONAL_ENDPOINTS, value: regional}"] where !text.contains(kept) {
            XCTFail("\(kept) not kept in \(text)")
        }
    }

    func testDryRunShowsTheDiffAndWritesNothingThenConvertingTwiceChangesNothing() throws {
        let path = try write(Self.kubeconfig(users: Self.cases))
        let original = try bytes(path)
        let dry = try ekspipe(["kubeconfig", "convert", "--dry-run"])
        XCTAssertEqual(dry.status, 3, dry.stderr)
        XCTAssertEqual(try bytes(path), original, "a dry run writes nothing")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".lock"))
        XCTAssertTrue(dry.stderr.contains("dry run: nothing written"), dry.stderr)

        let r = try ekspipe(["kubeconfig", "convert"])
        XCTAssertEqual(r.status, 3, r.stderr)
        // The same diff as diff -u of the file before and after (headers aside).
        let copy = try write(String(decoding: original, as: UTF8.self), "before")
        let reference = try Harness.run("/usr/bin/env", ["diff", "-u", copy, path])
        XCTAssertEqual(reference.status, 1, reference.stderr)
        func body(_ diff: String) -> [String] { Array(diff.components(separatedBy: "\n").dropFirst(2)) }
        XCTAssertEqual(body(dry.out), body(reference.out))
        XCTAssertTrue(dry.out.hasPrefix("--- \(path)\n+++ \(path)\n@@ "), dry.out)

        let converted = try bytes(path)
        let again = try ekspipe(["kubeconfig", "convert"])
        XCTAssertEqual(again.status, 3, "the unconvertible ones are still named: \(again.stderr)")
        XCTAssertFalse(again.stderr.contains("✓"), again.stderr)
        XCTAssertEqual(try bytes(path), converted, "a second run changes nothing")
        let dryAgain = try ekspipe(["kubeconfig", "convert", "--dry-run"])
        XCTAssertEqual(dryAgain.out, "")

        let clean = try write(Self.kubeconfig(users: ""), "clean")
        let none = try ekspipe(["kubeconfig", "convert", "--kubeconfig", clean])
        XCTAssertEqual(none.status, 0, none.stderr)
        XCTAssertTrue(none.stderr.contains("nothing to convert in ~/clean"), none.stderr)
    }
}
