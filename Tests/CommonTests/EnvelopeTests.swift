import XCTest
@testable import Common

/// The envelope type: a round trip keeps every field no tool owns, in order; typed writes
/// change only their own field; each field's error names its path.
final class EnvelopeTests: XCTestCase {
    func envelope(_ text: String) throws -> Envelope { try Envelope.parse(Array(text.utf8), origin: "stdin") }

    func error(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let e as EnvelopeError {
            return e.message
        } catch {
            return "not an EnvelopeError: \(error)"
        }
    }

    let full = """
        {"zeta": 1, "credentials": {"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s", "Extra": true},
         "source": {"kind": "profile", "profile": "dev", "x": [1]}, "identity": "dev-admin", "later": {"a": null},
         "config": "/c/atmos.yaml", "region": "us-east-2",
         "clusters": [{"custom": "first", "name": "c1", "region": "eu-west-1", "alias": "a1", "integration": "i1",
                       "kubeconfig": {"mode": 600, "update": "replace", "path": "/k", "other": 2},
                       "arn": "arn:aws:eks:eu-west-1:1:cluster/c1", "endpoint": "https://e", "certificateAuthorityData": "Q0E=",
                       "status": "ACTIVE", "version": "1.30", "platformVersion": "eks.1", "clusterId": "0123-id", "tail": "kept"},
                      {"name": "c2", "error": "plain text"}],
         "kubeconfig": {"files": [{"path": "/k", "changed": true, "contexts": ["a1"]}]}, "last": "end"}
        """

    func testRoundTripKeepsUnknownFieldsAndOrder() throws {
        let e = try envelope(full)
        let again = try envelope(e.json.render(pretty: true))
        XCTAssertEqual(again, e)
        XCTAssertEqual(e.fields.keys, ["zeta", "credentials", "source", "identity", "later", "config", "region", "clusters", "kubeconfig", "last"])
        // Read every typed field and write it back: nothing moves, nothing unknown is lost.
        var out = e
        out.set(.credentials, try e.get(.credentials))
        out.set(.identity, try e.get(.identity))
        out.set(.region, try e.get(.region))
        out.set(.clusters, try e.get(.clusters))
        out.set(.kubeconfig, try e.get(.kubeconfig))
        XCTAssertEqual(out.fields.keys, e.fields.keys)
        XCTAssertEqual(out.json["clusters"], e.json["clusters"])
        XCTAssertEqual(out.json["kubeconfig"], e.json["kubeconfig"])
        XCTAssertEqual(out.json["later"], e.json["later"])
        // credentials is AWS's document: a typed write is the canonical one (the unknown key goes).
        XCTAssertEqual(out.json["credentials"]?.object?.keys, ["Version", "AccessKeyId", "SecretAccessKey"])
    }

    func testTypedReadsOfEveryField() throws {
        let e = try envelope(full)
        XCTAssertEqual(try e.get(.credentials)?.accessKeyId, "AKID")
        XCTAssertEqual(try e.sourceProfile(), "dev")
        XCTAssertEqual(try e.get(.identity), "dev-admin")
        XCTAssertEqual(try e.get(.config), "/c/atmos.yaml")
        XCTAssertEqual(try e.get(.region), "us-east-2")
        let clusters = try XCTUnwrap(e.get(.clusters))
        XCTAssertEqual(clusters.count, 2)
        let c = clusters[0]
        XCTAssertEqual(try c.get(.name), "c1")
        XCTAssertEqual(try c.get(.alias), "a1")
        XCTAssertEqual(try c.get(.integration), "i1")
        XCTAssertEqual(try EnvelopeCluster.describeFields.map { try c.get($0) },
                       ["arn:aws:eks:eu-west-1:1:cluster/c1", "https://e", "Q0E=", "ACTIVE", "1.30", "eks.1", "0123-id"])
        let k = try XCTUnwrap(c.get(.kubeconfig))
        XCTAssertEqual(try k.get(.mode), 0o600)
        XCTAssertEqual(try k.get(.update), "replace")
        XCTAssertEqual(try k.get(.path), "/k")
        XCTAssertNil(try c.get(.error))
        XCTAssertEqual(try clusters[1].get(.error)?.message, "plain text")
        XCTAssertNil(try clusters[1].get(.error)?.code)
        XCTAssertEqual(try e.get(.kubeconfig)?.files, [KubeconfigResult.File(path: "/k", changed: true, contexts: ["a1"])])
    }

    func testWritesGoInPlaceAndNewFieldsLast() throws {
        var e = try envelope(#"{"a": 1, "region": "us-east-1", "b": 2}"#)
        e.set(.region, "eu-west-1")
        e.set(.identity, "dev")
        XCTAssertEqual(e.json.render(pretty: false), #"{"a":1,"region":"eu-west-1","b":2,"identity":"dev"}"#)
        e.set(.region, nil)
        XCTAssertEqual(e.fields.keys, ["a", "b", "identity"])
        var c = EnvelopeCluster(name: "n", region: nil, alias: "x", path: e.path.appending("clusters").index(0))
        c.set(.error, ClusterError(code: "ResourceNotFoundException", message: "gone"))
        XCTAssertEqual(c.json, #"{"name":"n","alias":"x","error":{"code":"ResourceNotFoundException","message":"gone"}}"#)
    }

    func testEmptyAndNonObjectInput() throws {
        XCTAssertEqual(try envelope(" \n\t").fields.count, 0)
        XCTAssertEqual(error { _ = try self.envelope("[1]") }, "stdin: expected a JSON object (the ekspipe envelope), found an array")
        XCTAssertThrowsError(try envelope("{")) { XCTAssertTrue($0 is JSONSyntaxError) }
    }

    func testEachFieldsErrorNamesItsPath() throws {
        let cases: [(String, (Envelope) throws -> Void, String)] = [
            (#"{"region": 5}"#, { _ = try $0.get(.region) }, "stdin: region: expected a string, found a number"),
            (#"{"identity": []}"#, { _ = try $0.get(.identity) }, "stdin: identity: expected a string, found an array"),
            (#"{"config": true}"#, { _ = try $0.get(.config) }, "stdin: config: expected a string, found a boolean"),
            (#"{"source": "env"}"#, { _ = try $0.sourceProfile() }, "stdin: source: expected an object, found a string"),
            (#"{"source": {"profile": 1}}"#, { _ = try $0.sourceProfile() }, "stdin: source.profile: expected a string, found a number"),
            (#"{"clusters": {}}"#, { _ = try $0.get(.clusters) }, "stdin: clusters: expected an array, found an object"),
            (#"{"clusters": [{}, 3]}"#, { _ = try $0.get(.clusters) }, "stdin: clusters[1]: expected an object, found a number"),
            (#"{"clusters": [{"region": "r"}]}"#, { _ = try $0.get(.clusters)![0].require(.name) }, "stdin: clusters[0]: missing field \"name\""),
            (#"{"clusters": [{"name": null}]}"#, { _ = try $0.get(.clusters)![0].require(.name) }, "stdin: clusters[0].name: expected a string, found null"),
            (#"{"clusters": [{"alias": 1}]}"#, { _ = try $0.get(.clusters)![0].get(.alias) }, "stdin: clusters[0].alias: expected a string, found a number"),
            (#"{"clusters": [{"kubeconfig": "x"}]}"#, { _ = try $0.get(.clusters)![0].get(.kubeconfig) },
             "stdin: clusters[0].kubeconfig: expected an object, found a string"),
            (#"{"clusters": [{"kubeconfig": {"mode": "0999"}}]}"#, { _ = try $0.get(.clusters)![0].get(.kubeconfig)!.get(.mode) },
             "stdin: clusters[0].kubeconfig.mode: expected an octal file mode such as \"0600\""),
            (#"{"clusters": [{"kubeconfig": {"update": "upsert"}}]}"#, { _ = try $0.get(.clusters)![0].get(.kubeconfig)!.get(.update) },
             "stdin: clusters[0].kubeconfig.update: expected merge, replace or error, found \"upsert\""),
            (#"{"clusters": [{"endpoint": 1}]}"#, { _ = try $0.get(.clusters)![0].get(.endpoint) },
             "stdin: clusters[0].endpoint: expected a string, found a number"),
            (#"{"credentials": []}"#, { _ = try $0.get(.credentials) }, "stdin: credentials: expected an object, found an array"),
            (#"{"kubeconfig": {"files": [{"changed": true}]}}"#, { _ = try $0.get(.kubeconfig) }, "stdin: kubeconfig.files[0]: missing field \"path\""),
        ]
        for (text, read, expected) in cases {
            let e = try envelope(text)
            do {
                try read(e)
                XCTFail("\(text): no error")
            } catch let err as ToolError {
                XCTAssertEqual(err.message, expected, text)
                XCTAssertEqual(err.exitCode, .usage, text)
            }
        }
    }

    func testMissingDescribeFieldCarriesItsHint() throws {
        let c = try XCTUnwrap(envelope(#"{"clusters": [{"name": "n"}]}"#).get(.clusters)?.first)
        XCTAssertEqual(error { _ = try c.require(.arn, hint: "run eks-describe first") },
                       "stdin: clusters[0]: missing field \"arn\" (run eks-describe first)")
    }

    func testOctalModes() {
        XCTAssertEqual(OctalMode.parse("0600"), 0o600)
        XCTAssertEqual(OctalMode.parse("600"), 0o600)
        XCTAssertEqual(OctalMode.parse("0o640"), 0o640)
        XCTAssertNil(OctalMode.parse("1000"))
        XCTAssertNil(OctalMode.parse("8"))
        XCTAssertEqual(OctalMode.text(0o600), "0600")
    }
}

extension EnvelopeCluster {
    var json: String { JSON.object(fields).render(pretty: false) }
}
