import Common
import Glibc
import XCTest
@testable import Network

/// Endpoint resolution reads the environment, as the SDKs do; each test sets and clears it.
final class EndpointTests: XCTestCase {
    let vars = ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"]

    override func setUp() { for v in vars { unsetenv(v) } }
    override func tearDown() { for v in vars { unsetenv(v) } }

    func testPublicEndpoints() throws {
        XCTAssertEqual(try ServiceEndpoint.resolve(.sts, region: "us-east-2").url.base, "https://sts.us-east-2.amazonaws.com")
        XCTAssertEqual(try ServiceEndpoint.resolve(.sts, region: nil).url.base, "https://sts.amazonaws.com")
        XCTAssertEqual(try ServiceEndpoint.resolve(.sts, region: nil).signingRegion, "us-east-1")
        XCTAssertEqual(try ServiceEndpoint.resolve(.sts, region: "cn-north-1").url.base, "https://sts.cn-north-1.amazonaws.com.cn")
        XCTAssertEqual(try ServiceEndpoint.resolve(.eks, region: "us-gov-west-1").url.base, "https://eks.us-gov-west-1.amazonaws.com")
        XCTAssertEqual(try ServiceEndpoint.resolve(.sso, region: "eu-west-1").url.base, "https://portal.sso.eu-west-1.amazonaws.com")
        XCTAssertEqual(try ServiceEndpoint.resolve(.ssoOIDC, region: "eu-west-1").url.base, "https://oidc.eu-west-1.amazonaws.com")
        XCTAssertEqual(try ServiceEndpoint.resolve(.sts, region: "us-east-1", variant: EndpointVariant(fips: true)).url.host,
                       "sts-fips.us-east-1.amazonaws.com")
        XCTAssertEqual(try ServiceEndpoint.resolve(.eks, region: "us-east-1", variant: EndpointVariant(dualStack: true)).url.host,
                       "eks.us-east-1.api.aws")
        setenv("AWS_USE_FIPS_ENDPOINT", "true", 1)
        XCTAssertEqual(try ServiceEndpoint.resolve(.sts, region: "us-west-2").url.host, "sts-fips.us-west-2.amazonaws.com")
    }

    func testEnvironmentOverridesKeepTheSigningRegion() throws {
        setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5000", 1)
        var e = try ServiceEndpoint.resolve(.sts, region: "eu-central-1")
        XCTAssertEqual(e.url.base, "http://127.0.0.1:5000")
        XCTAssertEqual(e.signingRegion, "eu-central-1")
        XCTAssertEqual(e.origin, "AWS_ENDPOINT_URL")
        setenv("AWS_ENDPOINT_URL_STS", "https://sts.internal:8443/prefix/", 1)
        e = try ServiceEndpoint.resolve(.sts, region: "eu-central-1")
        XCTAssertEqual(e.url.base, "https://sts.internal:8443/prefix")
        XCTAssertEqual(e.origin, "AWS_ENDPOINT_URL_STS")
        XCTAssertEqual(try ServiceEndpoint.resolve(.sso, region: "eu-central-1").origin, "AWS_ENDPOINT_URL", "SSO falls back to the global one")
        setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1)
        XCTAssertEqual(try ServiceEndpoint.resolve(.sts, region: "eu-central-1").origin, "default")
    }

    func testBadOverrideOrRegion() {
        setenv("AWS_ENDPOINT_URL_STS", "ftp://x", 1)
        XCTAssertThrowsError(try ServiceEndpoint.resolve(.sts, region: "us-east-1")) { e in
            XCTAssertTrue((e as? ToolError)?.message.contains("AWS_ENDPOINT_URL_STS") == true)
            XCTAssertEqual((e as? ToolError)?.exitCode, .usage)
        }
        unsetenv("AWS_ENDPOINT_URL_STS")
        XCTAssertThrowsError(try ServiceEndpoint.resolve(.eks, region: "us east 1"))
        XCTAssertThrowsError(try ServiceEndpoint.resolve(.eks, region: nil))
    }

    func testURLParts() {
        let u = URLParts("HTTP://LocalHost:8080/a/b/")
        XCTAssertEqual(u?.scheme, "http")
        XCTAssertEqual(u?.host, "localhost")
        XCTAssertEqual(u?.port, 8080)
        XCTAssertEqual(u?.path, "/a/b")
        XCTAssertEqual(u?.isLoopback, true)
        XCTAssertEqual(URLParts("https://[fd00:ec2::23]:443/x")?.authority, "[fd00:ec2::23]")
        XCTAssertEqual(URLParts("http://[fd00:ec2::23]/x")?.host, "[fd00:ec2::23]")
        XCTAssertNil(URLParts("https://user@host/"))
        XCTAssertNil(URLParts("https://host:99999"))
        XCTAssertNil(URLParts("host:80"))
    }

    func testShellWords() throws {
        XCTAssertEqual(try ShellWords.split(#"/bin/tool --a "b c" 'd "e"' f\ g "h\"i" "\x""#), ["/bin/tool", "--a", "b c", #"d "e""#, "f g", #"h"i"#, #"\x"#])
        XCTAssertEqual(try ShellWords.split("  a   ''  "), ["a", ""])
        XCTAssertThrowsError(try ShellWords.split("a 'b"))
    }
}
