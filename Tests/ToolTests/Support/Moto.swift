import Foundation
import XCTest

/// AWS access keys as tests hand them to tools: through the environment, a credentials file, or
/// a credential_process document.
struct AWSKeys: Equatable {
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String? = nil
    /// ISO 8601, as STS returns it (only for temporary credentials).
    var expiration: String? = nil

    /// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
    var environment: [String: String] {
        var env = ["AWS_ACCESS_KEY_ID": accessKeyId, "AWS_SECRET_ACCESS_KEY": secretAccessKey]
        if let sessionToken { env["AWS_SESSION_TOKEN"] = sessionToken }
        return env
    }

    /// The same keys with another secret (for "wrong secret" tests).
    func withSecret(_ secret: String) -> AWSKeys {
        var k = self
        k.secretAccessKey = secret
        return k
    }
}

/// moto's server on 127.0.0.1, a real (emulated) STS, EKS and IAM for the tests.
///
/// Why a process per test case (or class): moto keeps all state in memory, so a fresh server is
/// a clean account; `reset()` clears it without a restart. Everything created here lives in
/// moto's default account `123456789012`.
final class MotoServer: @unchecked Sendable {
    static let accountID = "123456789012"
    /// Credentials moto accepts for setting things up (it does not enforce IAM by default).
    static let adminKeys = AWSKeys(accessKeyId: "AKIAMOTOADMIN0000000", secretAccessKey: "moto-admin-secret")

    let port: Int
    /// "http://127.0.0.1:PORT"
    let endpoint: String
    private let server: BackgroundProcess

    private init(port: Int, server: BackgroundProcess) {
        self.port = port
        self.endpoint = "http://127.0.0.1:\(port)"
        self.server = server
    }

    /// Starts `moto_server -H 127.0.0.1 -p <free port>` (found on PATH) and waits until it answers.
    /// With `launcher` (a Python script taking moto_server's arguments, such as
    /// scripts/fakes/moto_eks.py), that script runs moto's server instead. Why a few attempts:
    /// moto_server cannot be told to pick its own port, and with test classes running side by
    /// side another process may take the free port before moto binds it (moto then exits).
    static func start(launcher: String? = nil) throws -> MotoServer {
        var lastError: Error?
        for _ in 0..<3 {
            let port = try Harness.freePort()
            let hostPort = ["-H", "127.0.0.1", "-p", String(port)]
            let server = try launcher.map {
                try BackgroundProcess(name: "moto", executable: "python3", args: [$0] + hostPort)
            } ?? BackgroundProcess(name: "moto", executable: "moto_server", args: hostPort)
            do {
                try server.waitForPort(port)
                return MotoServer(port: port, server: server)
            } catch {
                lastError = error
                let exited = !server.process.isRunning
                server.stop()
                if !exited { break }
            }
        }
        throw lastError!
    }

    deinit { stop() }

    /// Stops the server by its process id.
    func stop() { server.stop() }

    var pid: Int32 { server.pid }

    /// The environment that points AWS SDKs and ekspipe's tools at this server
    /// (`AWS_ENDPOINT_URL`, honoured by botocore and by the tools).
    var endpointEnvironment: [String: String] {
        ["AWS_ENDPOINT_URL": endpoint]
    }

    /// Clears every resource (POST /moto-api/reset).
    func reset() throws {
        let r = try LocalHTTP.request("POST", endpoint + "/moto-api/reset")
        guard r.status == 200 else { throw BackgroundProcess.failure("moto reset: status \(r.status)") }
    }

    // MARK: - Calling moto through boto3

    /// Calls `service.operation(**params)` with boto3 against this server (through the test
    /// process's one `BotoSession`) and returns the response (datetimes as strings,
    /// ResponseMetadata removed). An AWS error throws with its code and message.
    @discardableResult
    func call(_ service: String, _ operation: String, _ params: [String: Any] = [:],
              region: String = "us-east-1", keys: AWSKeys = MotoServer.adminKeys) throws -> [String: Any] {
        let request: [String: Any] = [
            "service": service, "operation": operation, "params": params, "region": region,
            "endpoint": endpoint, "accessKeyId": keys.accessKeyId, "secretAccessKey": keys.secretAccessKey,
            "sessionToken": keys.sessionToken ?? NSNull(),
        ]
        return try BotoSession.shared.call(request)
    }

    // MARK: - Resources

    /// Creates an EKS cluster and returns its description (`name`, `arn`, `endpoint`,
    /// `certificateAuthority.data`, `status`, …) as DescribeCluster gives it.
    @discardableResult
    func createCluster(name: String, region: String, version: String = "1.31") throws -> [String: Any] {
        try call("eks", "create_cluster", [
            "name": name, "version": version,
            "roleArn": "arn:aws:iam::\(MotoServer.accountID):role/eks-cluster-role",
            "resourcesVpcConfig": [String: Any](),
        ], region: region)
        let described = try call("eks", "describe_cluster", ["name": name], region: region)
        guard let cluster = described["cluster"] as? [String: Any] else {
            throw BackgroundProcess.failure("moto describe_cluster returned no cluster: \(described)")
        }
        return cluster
    }

    /// Creates an IAM user and returns its ARN.
    @discardableResult
    func createUser(name: String) throws -> String {
        let r = try call("iam", "create_user", ["UserName": name])
        return ((r["User"] as? [String: Any])?["Arn"] as? String) ?? ""
    }

    /// Creates an access key for `user` (long-term keys, `AKIA…`).
    func createAccessKey(user: String) throws -> AWSKeys {
        let r = try call("iam", "create_access_key", ["UserName": user])
        guard let k = r["AccessKey"] as? [String: Any], let id = k["AccessKeyId"] as? String,
              let secret = k["SecretAccessKey"] as? String else {
            throw BackgroundProcess.failure("moto create_access_key: unexpected answer \(r)")
        }
        return AWSKeys(accessKeyId: id, secretAccessKey: secret)
    }

    /// A user with an access key, in one step.
    func createUserWithKeys(name: String) throws -> (arn: String, keys: AWSKeys) {
        let arn = try createUser(name: name)
        return (arn, try createAccessKey(user: name))
    }

    /// Creates an IAM role that any principal of the account may assume (unless `trustPolicy`
    /// is given) and returns its ARN.
    @discardableResult
    func createRole(name: String, trustPolicy: String? = nil) throws -> String {
        let policy = trustPolicy ?? """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\(MotoServer.accountID):root"},"Action":"sts:AssumeRole"}]}
        """
        let r = try call("iam", "create_role", ["RoleName": name, "AssumeRolePolicyDocument": policy])
        return ((r["Role"] as? [String: Any])?["Arn"] as? String) ?? ""
    }

    /// Assumes `roleArn` with `keys` and returns the temporary credentials (`ASIA…` with a
    /// session token and expiration).
    func assumeRole(_ roleArn: String, sessionName: String = "ekspipe-test", keys: AWSKeys,
                    durationSeconds: Int = 3600) throws -> AWSKeys {
        let r = try call("sts", "assume_role", ["RoleArn": roleArn, "RoleSessionName": sessionName,
                                                "DurationSeconds": durationSeconds], keys: keys)
        guard let c = r["Credentials"] as? [String: Any], let id = c["AccessKeyId"] as? String,
              let secret = c["SecretAccessKey"] as? String else {
            throw BackgroundProcess.failure("moto assume_role: unexpected answer \(r)")
        }
        return AWSKeys(accessKeyId: id, secretAccessKey: secret, sessionToken: c["SessionToken"] as? String,
                       expiration: c["Expiration"] as? String)
    }

    /// The caller's ARN according to moto's STS GetCallerIdentity.
    func callerArn(keys: AWSKeys) throws -> String {
        (try call("sts", "get_caller_identity", keys: keys)["Arn"] as? String) ?? ""
    }
}

// MARK: - One server per test class

extension MotoServer {
    /// The ARN of an IAM role in moto's account (roles made with `createRole`).
    static func roleArn(_ name: String) -> String { "arn:aws:iam::\(accountID):role/\(name)" }

    /// Starts a server for a whole test class (from `override class func setUp()`) and runs
    /// `prepare` on it to create users, roles and clusters. Why it does not throw: a class setUp
    /// cannot, so a failure is recorded with XCTFail and nil returned; a server whose
    /// preparation failed is stopped (by deinit) rather than left running.
    static func startForClass(_ prepare: (MotoServer) throws -> Void = { _ in }) -> MotoServer? {
        do {
            let m = try start()
            try prepare(m)
            return m
        } catch {
            XCTFail("moto: \(error)")
            return nil
        }
    }
}
