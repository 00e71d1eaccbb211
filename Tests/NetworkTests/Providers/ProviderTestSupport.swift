import Common
import Foundation
import XCTest
@testable import Network

/// Shared pieces of the provider unit tests: scratch files, STS and JSON answers, and a
/// ProviderContext over a scripted transport with a fixed environment and instant.
enum Fixture {
    static let now = Timestamp.parse("2026-11-22T12:00:00Z")!
    static let base = Credentials(accessKeyId: "AKIDBASE", secretAccessKey: "base-secret")

    /// A fresh directory (0700), removed when the test ends.
    static func directory(_ test: XCTestCase) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ekspipe-provider-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    static func write(_ text: String, _ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The shared files with this config and credentials text.
    static func files(_ test: XCTestCase, config: String, credentials: String = "") throws -> AWSConfigFiles {
        let dir = try directory(test)
        try write(config, dir.appendingPathComponent("config"))
        try write(credentials, dir.appendingPathComponent("credentials"))
        return try AWSConfigFiles(configPath: dir.appendingPathComponent("config").path, credentialsPath: dir.appendingPathComponent("credentials").path)
    }

    static func context(_ transport: ScriptedTransport, files: AWSConfigFiles, env: [String: String] = [:], profile: String = "default",
                        region: String? = "us-east-1", interactive: Bool = false,
                        mfa: @escaping (String, String) throws -> String = { _, _ in XCTFail("no MFA prompt expected"); return "" }) -> ProviderContext {
        ProviderContext(http: client(transport).0, files: files, environment: Environment(env), now: now, region: region,
                        profileName: profile, interactive: interactive, promptMFA: mfa)
    }

    /// An STS answer with credentials `id` for `action` (AssumeRole, AssumeRoleWithWebIdentity, GetSessionToken).
    static func sts(_ action: String, id: String, expiration: String = "2026-11-22T13:00:00Z", arn: String? = nil) -> Result<HTTPResponse, TransportError> {
        let user = arn.map { "<AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>\($0)</Arn></AssumedRoleUser>" } ?? ""
        return ScriptedTransport.xml(200, """
            <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><\(action)Result>\(user)
            <Credentials><AccessKeyId>\(id)</AccessKeyId><SecretAccessKey>secret-\(id)</SecretAccessKey>
            <SessionToken>token-\(id)</SessionToken><Expiration>\(expiration)</Expiration></Credentials>
            </\(action)Result></\(action)Response>
            """)
    }

    static func json(_ status: Int, _ body: String) -> Result<HTTPResponse, TransportError> {
        .success(HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(body.utf8)))
    }

    /// The form fields of an STS request.
    static func form(_ r: HTTPRequest) -> [String: String] {
        var out: [String: String] = [:]
        for pair in String(decoding: r.body, as: UTF8.self).split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            out[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        return out
    }

    /// The access key id a SigV4 request is signed with.
    static func signer(_ r: HTTPRequest) -> String? {
        guard let auth = r.header("Authorization"), let c = auth.range(of: "Credential=") else { return nil }
        return String(auth[c.upperBound...].prefix { $0 != "/" })
    }

    static func message(_ error: Error) -> String { (error as? ToolError)?.message ?? "\(error)" }
}
