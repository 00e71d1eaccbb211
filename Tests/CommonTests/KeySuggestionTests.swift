import XCTest
@testable import Common

/// The nearest-key suggestion and the rule for which keys a message may repeat.
final class KeySuggestionTests: XCTestCase {
    let credentials = ["access_key_id", "secret_access_key", "mfa_arn", "region", "webflow_enabled", "aws"]
    let identity = ["kind", "via", "principal", "credentials", "session", "region", "default", "required", "provider"]

    func testNearestKey() {
        let cases: [(String, [String], String?)] = [
            ("mfa_ar", credentials, "mfa_arn"),
            ("mfa-arn", credentials, "mfa_arn"),
            ("mfaArn", credentials, "mfa_arn"),
            ("MFA_ARN", credentials, "mfa_arn"),
            ("mfa_nar", credentials, "mfa_arn"),
            ("secret_acces_key", credentials, "secret_access_key"),
            ("defualt", identity, "default"),
            ("provder", identity, "provider"),
            ("knid", identity, "kind"),
            ("session_nmae", ["assume_role", "external_id", "session_name", "duration"], "session_name"),
            ("extrnal_id", ["assume_role", "external_id", "session_name", "duration"], "external_id"),
            ("sessionName", ["assume_role", "external_id", "session_name", "duration"], "session_name"),
            // Nothing close: no guess rather than a wrong one.
            ("token", credentials, nil),
            ("mfa", credentials, nil),
            ("x", identity, nil),
            ("", identity, nil),
        ]
        for (word, keys, want) in cases {
            XCTAssertEqual(KeySuggestion.nearest(word, in: keys), want, word)
        }
        // Kinds: one edit at most, since other Atmos kinds differ from ekspipe's by two.
        let kinds = ["aws/permission-set", "aws/assume-role", "aws/user", "aws/ambient", "aws/eks"]
        for (word, want) in [("aws/usr", "aws/user"), ("aws/assume_role", "aws/assume-role"), ("aws/ecr", nil), ("aws/assume-root", nil)] {
            XCTAssertEqual(KeySuggestion.nearest(word, in: kinds, maxEdits: 1), want, word)
        }
    }

    func testDistanceCountsSwapsAsOneEdit() {
        func d(_ a: String, _ b: String) -> Int { KeySuggestion.distance(Array(a.utf8), Array(b.utf8)) }
        XCTAssertEqual(d("default", "defualt"), 1)
        XCTAssertEqual(d("kitten", "sitting"), 3)
        XCTAssertEqual(d("", "abc"), 3)
        XCTAssertEqual(d("same", "same"), 0)
    }

    func testPrintableKeys() {
        for key in ["mfa_arn", "sessionName", "aliass", "AWS_ACCESS_KEY_ID", "dev-eks", "AKIAIOSFODNN7EXAMPLE"] {
            XCTAssertTrue(KeySuggestion.isPrintableKey(key), key)
        }
        for key in ["wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG", "IQoJb3JpZ2luX2VjEHYaCXVz", "",
                    "1password", "key with space", String(repeating: "a", count: 41)] {
            XCTAssertFalse(KeySuggestion.isPrintableKey(key), key)
        }
    }
}
