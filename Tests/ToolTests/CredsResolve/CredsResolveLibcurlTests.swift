import Foundation
import XCTest

/// libcurl is opened with dlopen on the first request (Sources/CCurl/shim.h), never linked: a
/// run served from the profile's keys or the credential cache loads none of its ~30 libraries.
/// A stand-in libcurl.so.4 without libcurl's functions (built here with the C compiler) is put
/// first on LD_LIBRARY_PATH: a run that needs no network must not notice it, and one that does
/// must fail with a message naming libcurl, not crash.
final class CredsResolveLibcurlTests: CredsResolveTestCase {
    func testNetworkToolsDoNotLinkLibcurl() throws {
        for tool in ["creds-resolve", "eks-describe", "eks-presign", "kubeconfig-merge"] {
            let r = try Harness.run("/usr/bin/ldd", [Harness.tool(tool)])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertFalse(r.out.contains("libcurl"), "\(tool) links libcurl:\n\(r.out)")
        }
    }

    /// A directory holding a libcurl.so.4 that has none of libcurl's functions.
    func fakeLibcurlDir() throws -> URL {
        let dir = try scratch.directory("fake-lib")
        let src = dir.appendingPathComponent("empty.c")
        try "int ekspipe_not_libcurl = 1;\n".write(to: src, atomically: true, encoding: .utf8)
        let cc = try Harness.run("/usr/bin/gcc", ["-shared", "-fPIC", "-o", dir.appendingPathComponent("libcurl.so.4").path, src.path])
        XCTAssertEqual(cc.status, 0, cc.stderr)
        return dir
    }

    func testProfileKeysNeedNoLibcurl() throws {
        try writeCredentials("[default]\naws_access_key_id = AKIAEXAMPLEKEYS00001\naws_secret_access_key = secret1\n")
        let doc = try resolve([], env: ["LD_LIBRARY_PATH": try fakeLibcurlDir().path])
        XCTAssertEqual(Self.credentials(doc)?.accessKeyId, "AKIAEXAMPLEKEYS00001")
    }

    func testAnUnloadableLibcurlIsAClearError() throws {
        try writeCredentials("[default]\naws_access_key_id = AKIAEXAMPLEKEYS00001\naws_secret_access_key = secret1\n")
        let err = try fail(["--role-arn", "arn:aws:iam::123456789012:role/r", "--no-cache"],
                           env: ["LD_LIBRARY_PATH": try fakeLibcurlDir().path, "AWS_ENDPOINT_URL": "http://127.0.0.1:9"], status: 1)
        XCTAssertTrue(err.contains("libcurl (libcurl.so.4) could not be loaded") && err.contains("curl_global_init"), err)
    }
}
