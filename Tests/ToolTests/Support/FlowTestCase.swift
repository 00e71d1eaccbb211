import Foundation
import XCTest

/// A flow test: a scratch HOME per test, runs of scripts/ekspipe and of the real kubectl with
/// exactly the environment a user would have (tools from the build under test, AWS at moto).
class FlowTestCase: XCTestCase {
    nonisolated(unsafe) static var world: FlowWorld?
    var scratch: ScratchHome!
    var home: URL! { scratch?.url }

    /// Whether the class needs moto and the fake APIs (config validation tests do not).
    class var needsWorld: Bool { true }

    /// One world per test process, started by the first class that needs it and stopped when
    /// the process's tests end (WorldStopper). Why: a world (moto, four fake APIs, their
    /// clusters) costs about 4.5 CPU seconds to start, and scripts/test runs several flow
    /// classes in one process; their tests already share it within a class, so they count
    /// the fakes' decisions from a "before" mark and never assume a fresh moto.
    override class func setUp() {
        super.setUp()
        guard needsWorld, world == nil else { return }
        do {
            world = try FlowWorld.start()
            WorldStopper.install()
        } catch { XCTFail("flow world: \(error)") }
    }

    override func setUpWithError() throws {
        if Self.needsWorld && Self.world == nil {
            throw BackgroundProcess.failure("moto and the fake Kubernetes APIs did not start (see the class setUp failure)")
        }
        scratch = try makeScratchHome("flow")
        try scratch.directory("project")
    }

    /// Set whenever a test of a class that needs it runs (setUpWithError fails the test otherwise).
    var world: FlowWorld { Self.world! }
    var projectDir: URL { home.appendingPathComponent("project") }
    var atmosPath: String { projectDir.appendingPathComponent("atmos.yaml").path }
    /// ekspipe's default kubeconfig in the scratch HOME.
    var ekspipeKubeconfig: String { scratch.ekspipeKubeconfig.path }
    var userKubeconfig: String { scratch.userKubeconfig.path }
    static var script: String { Harness.packageRoot.appendingPathComponent("scripts/ekspipe").path }

    func writeAtmos(_ text: String? = nil) throws {
        try (text ?? world.atmos()).write(toFile: atmosPath, atomically: true, encoding: .utf8)
    }

    /// The environment: isolated HOME, AWS at moto, ekspipe's tools from the build under test.
    func env(_ extra: [String: String] = [:]) -> [String: String] {
        var e = scratch.environment(Self.world?.moto.endpointEnvironment ?? [:])
        e["EKSPIPE_BIN_DIR"] = Harness.binDir.path
        for (k, v) in extra { e[k] = v }
        return e
    }

    @discardableResult
    func ekspipe(_ args: [String], env extra: [String: String] = [:], stdin: Data? = nil) throws -> Harness.Result {
        try Harness.run(Self.script, args, env: env(extra), stdin: stdin, timeout: 120)
    }

    /// `ekspipe auth login NAME --config atmos.yaml`, expected to succeed.
    @discardableResult
    func login(_ identity: String, file: StaticString = #filePath, line: UInt = #line) throws -> Harness.Result {
        let r = try ekspipe(["auth", "login", identity, "--config", atmosPath])
        XCTAssertEqual(r.status, 0, "login \(identity): \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.out, "", "login prints nothing on stdout", file: file, line: line)
        return r
    }

    /// The real kubectl with `args`, KUBECONFIG given (else unset).
    @discardableResult
    func kubectl(_ args: [String], kubeconfig: String? = nil, env extra: [String: String] = [:]) throws -> Harness.Result {
        var e = env(extra)
        if let kubeconfig { e["KUBECONFIG"] = kubeconfig }
        let path = BackgroundProcess.which("kubectl") ?? "/usr/local/bin/kubectl"
        return try Harness.run(path, args, env: e, timeout: 120)
    }

    /// Context names of a kubeconfig file, according to kubectl.
    func contexts(_ kubeconfig: String) throws -> [String] {
        let r = try kubectl(["config", "get-contexts", "-o", "name"], kubeconfig: kubeconfig)
        guard r.status == 0 else { return [] }
        return r.out.split(separator: "\n").map(String.init).sorted()
    }

    /// The last authentication decision of a cluster's fake API.
    func lastDecision(_ cluster: String) -> [String: Any]? { world.kubes[cluster]?.decisions().last }

    /// No secret of `keys` anywhere in `text`.
    func assertNoSecrets(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for k in [world.userKeys, world.sessionKeys] {
            XCTAssertFalse(text.contains(k.secretAccessKey), "a secret key leaked: \(text)", file: file, line: line)
            if let t = k.sessionToken { XCTAssertFalse(text.contains(t), "a session token leaked", file: file, line: line) }
        }
    }
}

/// Stops the process's flow world (moto and the fake APIs, by their process ids) when the
/// test bundle finishes, so no server outlives the XCTest process.
final class WorldStopper: NSObject, XCTestObservation, @unchecked Sendable {
    nonisolated(unsafe) private static var installed = false

    static func install() {
        guard !installed else { return }
        installed = true
        XCTestObservationCenter.shared.addTestObserver(WorldStopper())
    }

    func testBundleDidFinish(_ testBundle: Bundle) {
        FlowTestCase.world?.stop()
        FlowTestCase.world = nil
    }
}
