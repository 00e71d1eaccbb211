import Foundation
import XCTest
@testable import Common

/// Every case of AWS's official SigV4 test suite (../shared/testdata/aws-signing-test-suite/v4),
/// in both forms: Authorization header and presigned query. Each intermediate is compared.
final class SigV4SuiteTests: XCTestCase {
    static let suite = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/testdata/aws-signing-test-suite/v4")

    struct Case {
        var name: String
        var signer: SigV4Signer
        var request: SigV4Request
        var expires: Int
        func expected(_ file: String) throws -> String {
            try String(contentsOf: SigV4SuiteTests.suite.appendingPathComponent(name).appendingPathComponent(file), encoding: .utf8)
        }
    }

    /// Parses request.txt: request line, headers (continuation lines folded into the value with
    /// their newline, as the suite intends), blank line, body. The path and query on the request
    /// line are raw text; query parts are percent-decoded so the signer encodes them once.
    static func loadCase(_ name: String) throws -> Case {
        let dir = suite.appendingPathComponent(name)
        let ctx = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("context.json"))) as! [String: Any]
        let creds = ctx["credentials"] as! [String: String]
        let date = Timestamp.parse(ctx["timestamp"] as! String)!
        var signer = SigV4Signer(credentials: Credentials(accessKeyId: creds["access_key_id"]!, secretAccessKey: creds["secret_access_key"]!,
                                                          sessionToken: creds["token"]),
                                 region: ctx["region"] as! String, service: ctx["service"] as! String, date: date)
        signer.normalizePath = ctx["normalize"] as? Bool ?? true
        signer.omitSessionToken = ctx["omit_session_token"] as? Bool ?? false
        signer.signBody = ctx["sign_body"] as? Bool ?? false

        let raw = try String(contentsOf: dir.appendingPathComponent("request.txt"), encoding: .utf8)
        let headEnd = raw.range(of: "\n\n")
        let head = headEnd.map { String(raw[..<$0.lowerBound]) } ?? raw
        let body = headEnd.map { Array(raw[$0.upperBound...].utf8) } ?? []
        var lines = head.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let firstSpace = requestLine.firstIndex(of: " ")!
        let lastSpace = requestLine.range(of: " HTTP/", options: .backwards)!.lowerBound
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        var path = target
        var query: [(String, String)] = []
        if let q = target.firstIndex(of: "?") {
            path = String(target[..<q])
            for part in target[target.index(after: q)...].split(separator: "&", omittingEmptySubsequences: true) {
                let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((Encoding.percentDecode(kv[0]), kv.count > 1 ? Encoding.percentDecode(kv[1]) : ""))
            }
        }
        var headers: [(String, String)] = []
        var host = ""
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t" {
                headers[headers.count - 1].1 += "\n" + line
                continue
            }
            let colon = line.firstIndex(of: ":")!
            let n = String(line[..<colon]), v = String(line[line.index(after: colon)...])
            if n.lowercased() == "host" { host = v }
            headers.append((n, v))
        }
        let expires = ctx["expiration_in_seconds"] as? Int ?? 3600
        return Case(name: name, signer: signer, request: SigV4Request(method: method, host: host, path: path, query: query, headers: headers, body: body),
                    expires: expires)
    }

    static func caseNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: suite.path).filter {
            FileManager.default.fileExists(atPath: suite.appendingPathComponent($0).appendingPathComponent("context.json").path)
        }.sorted()
    }

    func testSuiteIsPresent() throws {
        XCTAssertGreaterThanOrEqual(try Self.caseNames().count, 30, "the official vectors should be at \(Self.suite.path)")
    }

    func testHeaderForm() throws {
        for name in try Self.caseNames() {
            let c = try Self.loadCase(name)
            let signed = c.signer.signHeaders(c.request)
            XCTAssertEqual(signed.canonicalRequest, try c.expected("header-canonical-request.txt"), "\(name): canonical request")
            XCTAssertEqual(signed.stringToSign, try c.expected("header-string-to-sign.txt"), "\(name): string to sign")
            XCTAssertEqual(signed.signature, try c.expected("header-signature.txt"), "\(name): signature")
            let auth = signed.request.headers.first { $0.0 == "Authorization" }?.1 ?? ""
            XCTAssertTrue(try c.expected("header-signed-request.txt").contains("Authorization:\(auth)"), "\(name): Authorization header")
        }
    }

    func testPresignedQueryForm() throws {
        for name in try Self.caseNames() {
            let c = try Self.loadCase(name)
            let signed = c.signer.presign(c.request, expires: c.expires)
            XCTAssertEqual(signed.canonicalRequest, try c.expected("query-canonical-request.txt"), "\(name): canonical request")
            XCTAssertEqual(signed.stringToSign, try c.expected("query-string-to-sign.txt"), "\(name): string to sign")
            XCTAssertEqual(signed.signature, try c.expected("query-signature.txt"), "\(name): signature")
            XCTAssertEqual(signed.request.query.last?.0, "X-Amz-Signature")
        }
    }

    func testTamperedSecretChangesSignature() throws {
        var c = try Self.loadCase("get-vanilla")
        c.signer.credentials.secretAccessKey += "x"
        XCTAssertNotEqual(c.signer.signHeaders(c.request).signature, try c.expected("header-signature.txt"))
    }
}
