import Common
import Foundation
import Glibc
import XCTest
@testable import Network

/// An auth config and an IdentityContext over a scripted transport, for the identity providers.
enum IdentityFixture {
    static func config(_ test: XCTestCase, _ yaml: String) throws -> AuthConfig {
        let dir = try Fixture.directory(test)
        let url = dir.appendingPathComponent("atmos.yaml")
        try Fixture.write(yaml, url)
        return try AuthConfig.load(path: url.path)
    }

    static func context(_ config: AuthConfig, _ t: ScriptedTransport, env: [String: String] = [:], interactive: Bool = false,
                        clock: ProviderClock = .fixed(Fixture.now), said: Lines? = nil,
                        mfa: @escaping (String, String) throws -> String = { _, _ in XCTFail("no prompt expected"); return "" }) -> IdentityContext {
        IdentityContext(config: config, http: client(t).0, now: Fixture.now, clock: clock, environment: Environment(env),
                        interactive: interactive, regionFlag: nil, requested: "me", promptMFA: mfa,
                        say: { line in said?.lines.append(line) }, openBrowser: { _ in })
    }

    /// Points HOME and XDG_CACHE_HOME (where ekspipe's and the AWS CLI's SSO tokens live) at a
    /// scratch directory for the test, and turns the browser off.
    static func scratchHome(_ test: XCTestCase) throws -> URL {
        let home = try Fixture.directory(test)
        for name in ["HOME", "XDG_CACHE_HOME", "EKSPIPE_NO_BROWSER"] {
            let old = getenv(name).map { String(cString: $0) }
            test.addTeardownBlock { if let old { setenv(name, old, 1) } else { unsetenv(name) } }
        }
        setenv("HOME", home.path, 1)
        setenv("XDG_CACHE_HOME", home.appendingPathComponent(".cache").path, 1)
        setenv("EKSPIPE_NO_BROWSER", "1", 1)
        return home
    }
}

/// Lines a provider said (the sign-in dialogue).
final class Lines: @unchecked Sendable {
    var lines: [String] = []
}

/// A clock whose sleeps move its time on instead of waiting; the sleeps are recorded.
final class SteppingClock: @unchecked Sendable {
    var now: Timestamp
    var sleeps: [Double] = []
    init(_ start: Timestamp) { now = start }
    var clock: ProviderClock {
        ProviderClock(now: { self.now }, sleep: { s in self.sleeps.append(s); self.now = self.now + Int64(s) })
    }
}
