import Foundation
import XCTest

/// The envelope fields that say whose entries these are (`identity`, `config`,
/// `source.profile`): read through the envelope type, so a wrong type is bad input naming the
/// field, never silently ignored (which would write entries marked for nobody).
extension KubeconfigMergeTests {
    func testOwnerFieldsOfTheWrongTypeAreNamed() throws {
        let cases: [(String, Any, String)] = [
            ("identity", 5, "stdin: identity: expected a string, found a number"),
            ("config", false, "stdin: config: expected a string, found a boolean"),
            ("source", ["profile": ["dev"]], "stdin: source.profile: expected a string, found an array"),
        ]
        for (key, value, message) in cases {
            for args in [[], ["--remove"]] {
                var e = try JSONSerialization.jsonObject(with: Self.envelope([Self.cluster("x")])) as! [String: Any]
                e[key] = value
                let r = try merge(args, try JSONSerialization.data(withJSONObject: e))
                XCTAssertEqual(r.status, 2, "\(key) \(args)")
                XCTAssertEqual(r.stderr, "kubeconfig-merge: \(message)\n", "\(key) \(args)")
                XCTAssertEqual(r.out, "", "\(key) \(args)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent(".config/ekspipe").path))
    }
}
