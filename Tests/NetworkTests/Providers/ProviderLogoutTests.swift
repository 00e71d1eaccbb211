import Common
import Foundation
import XCTest
@testable import Network

/// Signing out of an Identity Center session: a failed server-side Logout is a notice (the
/// entry point prints it), and the local session goes either way.
final class ProviderLogoutTests: XCTestCase {
    func testFailedLogoutIsANoticeAndTheTokenGoes() throws {
        _ = try IdentityFixture.scratchHome(self)
        let config = try IdentityFixture.config(self, """
            auth:
              providers:
                sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "https://x.awsapps.com/start"}
              identities:
                dev:
                  kind: aws/permission-set
                  via: {provider: sso}
                  principal: {name: Admin, account: {id: "111122223333"}}
            """)
        var doc = JSONObject()
        doc["accessToken"] = "stored"
        try SSOSessionStore.write(SSOToken(path: SSOSessionStore.path(startURL: "https://x.awsapps.com/start"), document: doc))
        let t = ScriptedTransport { _, _ in Fixture.json(403, #"{"message":"denied"}"#) }
        let (done, notices) = try ProviderLogout.logout(identity: "dev", config: config, http: client(t).0)
        XCTAssertEqual(done["signedOut"], false)
        XCTAssertEqual(done["tokenRemoved"], true)
        XCTAssertEqual(notices.count, 1)
        XCTAssertTrue(notices[0].description.hasPrefix("warning: SSO Logout for https://x.awsapps.com/start failed: "),
                      "\(notices)")
        XCTAssertNil(SSOSessionStore.read(startURL: "https://x.awsapps.com/start"))
    }
}
