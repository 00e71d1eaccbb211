@testable import Common
import XCTest

/// The INI dialect of the AWS files, case by case as botocore reads it (each expectation was
/// checked against botocore 1.43 with configparser; ConfigConformanceTests compares at scale).
final class AWSConfigParserTests: XCTestCase {
    func profile(_ config: String, _ name: String = "a") throws -> AWSConfigFiles.Section? {
        let sections = try AWSConfigFiles.parse(config, file: "c", isConfig: true)
        return sections.last { $0.kind == "profile" && $0.name == name }
    }

    func testWhatBotocoreAccepts() throws {
        let cases: [(String, String, String, String?)] = [
            ("CRLF and a comment after the header", "[profile a] # x\r\nk = v\r\n", "k", "v"),
            ("a lone CR ends a line", "[profile a]\rk = v\r", "k", "v"),
            ("; after a header", "[profile a] ; x\nk = v\n", "k", "v"),
            ("key: value", "[profile a]\nk: v\n", "k", "v"),
            ("the first delimiter splits", "[profile a]\nk: v=w\n", "k", "v=w"),
            ("no inline comments", "[profile a]\nk = v ; not a comment\n", "k", "v ; not a comment"),
            ("keys are case-insensitive", "[profile a]\nAWS_Access_Key_ID = v\n", "aws_access_key_id", "v"),
            ("continuation line", "[profile a]\nk = v\n  more\n", "k", "v\nmore"),
            ("blank line inside a value", "[profile a]\nk = v\n\n  more\n", "k", "v\n\nmore"),
            ("comment inside a value is dropped", "[profile a]\nk = v\n# c\n  more\n", "k", "v\nmore"),
            ("an indented header continues a value", "[profile a]\nk = v\n  [profile b]\n", "k", "v\n[profile b]"),
            ("nested block", "[profile a]\ns3 =\n  max_concurrent_requests = 20\n", "s3.max_concurrent_requests", "20"),
            ("DEFAULT is inherited", "[DEFAULT]\nk = d\n[profile a]\nj = v\n", "k", "d"),
            ("quoted name", "[profile \"a\"]\nk = v\n", "k", "v"),
            ("extra spaces in the header", "[profile   a]\nk = v\n", "k", "v"),
            ("'profiles a' is profile a", "[profiles a]\nk = v\n", "k", "v"),
            ("the last section naming a profile wins", "[profile a]\nk = 1\n[profiles a]\nj = 2\n", "k", nil),
        ]
        for (label, text, key, want) in cases {
            XCTAssertEqual(try profile(text)?[key], want, label)
        }
        XCTAssertNil(try profile("[profile a b]\nk = v\n", "b"), "three words name no profile")
        XCTAssertNil(try profile("[ profile a]\nk = v\n"), "a space before 'profile' names no profile")
        XCTAssertEqual(try profile("[default]\nk = 1\n[profile default]\nk = 2\n", "default")?["k"], "2")
        XCTAssertEqual(try profile("[profile default]\nk = 2\n[default]\nk = 1\n", "default")?["k"], "1")
    }

    func testWhatBotocoreRefuses() {
        let cases: [(String, String, String)] = [
            ("duplicate section", "[profile a]\nk = v\n[profile a]\n", "c:3:"),
            ("duplicate key", "[profile a]\nk = v\nK = w\n", "c:3:"),
            ("no delimiter", "[profile a]\nbroken\n", "c:2:"),
            ("no key", "[profile a]\n= v\n", "c:2:"),
            ("before any section", "k = v\n[profile a]\n", "c:1:"),
            ("a byte-order mark hides the first header", "\u{FEFF}[profile a]\nk = v\n", "c:1:"),
            ("nested line without =", "[profile a]\ns3 =\n  x = 1\n  oops\n", "c:4:"),
        ]
        for (label, text, place) in cases {
            XCTAssertThrowsError(try AWSConfigFiles.parse(text, file: "c", isConfig: true), label) { e in
                XCTAssertTrue("\(e)".contains(place) || ((e as? ToolError)?.message.contains(place) ?? false), "\(label): \(e)")
            }
        }
        XCTAssertThrowsError(try AWSConfigFiles.parse([0x5B, 0x61, 0x5D, 0x0A, 0xFF], file: "c", isConfig: true), "not UTF-8")
    }

    func testKeysComeFromOneFileAtATime() throws {
        let dir = NSTemporaryDirectory() + "awsfiles-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[profile a]\naws_secret_access_key = CS\naws_session_token = CT\n".write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        try "[a]\naws_access_key_id = K\naws_secret_access_key = S\n".write(toFile: dir + "/credentials", atomically: true, encoding: .utf8)
        let files = try AWSConfigFiles(configPath: dir + "/config", credentialsPath: dir + "/credentials")
        let p = try XCTUnwrap(files.profile("a"))
        let creds = try XCTUnwrap(ProfileKeysProvider(name: "a", section: p, file: .credentials).resolve()).credentials
        XCTAssertEqual(creds.secretAccessKey, "S")
        XCTAssertNil(creds.sessionToken, "the config file's token does not join the credentials file's keys")
        XCTAssertNil(try ProfileKeysProvider(name: "a", section: p, file: .config).resolve(), "no key id in the config file")
    }

    func testShellWordsAsShlex() throws {
        XCTAssertEqual(try ShellWords.split(#"a "b\$c" 'd e' f\ g"#), ["a", #"b\$c"#, "d e", "f g"])
        XCTAssertEqual(try ShellWords.split("a\rb"), ["a", "b"])
    }

    func testRegionNamesAsBotocore() {
        for ok in ["us-east-1", "Ohio", "local", "us-east1", "x"] { XCTAssertTrue(Partition.isValidRegion(ok), ok) }
        for bad in ["", "us east 1", "-us", "us-", "123", "us_east_1", String(repeating: "a", count: 64)] {
            XCTAssertFalse(Partition.isValidRegion(bad), bad)
        }
        XCTAssertEqual(Partition.of(region: "cn-north-1").name, "aws-cn")
        XCTAssertEqual(Partition.of(region: "cn-foo").name, "aws", "not cn's pattern ^cn-\\w+-\\d+$")
        XCTAssertEqual(Partition.of(region: "eusc-de-east-1").name, "aws-eusc")
        XCTAssertEqual(Partition.of(region: "us-isob-east-1").name, "aws-iso-b")
    }
}
