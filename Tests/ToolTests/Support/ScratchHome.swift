import Foundation
import XCTest

/// A test's own HOME: a fresh directory under the system temp dir, the environment that points
/// every AWS, XDG and kubectl path into it, and its removal when the test ends.
///
/// Why one value that tests hold (composed) rather than a base class to inherit: every kind of
/// test (tool runs, flows, kubectl) needs the same isolation, and tests run in parallel
/// processes, so nothing may be shared through the developer's real HOME or a fixed path. A
/// test gets one with `makeScratchHome(_:)`, which also registers the removal.
final class ScratchHome: @unchecked Sendable {
    let url: URL
    var path: String { url.path }

    init(_ label: String) throws { url = try Harness.tempDir(label) }

    /// `relative` inside this HOME.
    func file(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    var awsConfig: URL { file(".aws/config") }
    var awsCredentials: URL { file(".aws/credentials") }
    /// ekspipe's credential cache.
    var credentialCache: URL { file(".cache/ekspipe/credentials") }
    /// ekspipe's default kubeconfig.
    var ekspipeKubeconfig: URL { file(".config/ekspipe/kube/config") }
    /// kubectl's default kubeconfig.
    var userKubeconfig: URL { file(".kube/config") }

    /// Creates `relative` (and its parents) as a directory; returns it.
    @discardableResult
    func directory(_ relative: String) throws -> URL {
        let d = file(relative)
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// Writes `text` to `relative`, creating the parent directories.
    @discardableResult
    func write(_ text: String, to relative: String) throws -> URL {
        let f = file(relative)
        try FileManager.default.createDirectory(at: f.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: f, atomically: true, encoding: .utf8)
        return f
    }

    /// An environment with no AWS settings from the developer's machine: HOME, the XDG
    /// directories and the AWS config files all point into this HOME, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        Self.environment(home: url, extra: extra)
    }

    /// The same for any directory used as HOME (`Harness.isolatedEnv`).
    static func environment(home: URL, extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
            "XDG_CACHE_HOME": home.appendingPathComponent(".cache").path,
            "AWS_CONFIG_FILE": home.appendingPathComponent(".aws/config").path,
            "AWS_SHARED_CREDENTIALS_FILE": home.appendingPathComponent(".aws/credentials").path,
            "AWS_EC2_METADATA_DISABLED": "true",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Removes the HOME, including what a test made unreadable or unwritable on purpose.
    func remove() {
        guard FileManager.default.fileExists(atPath: path) else { return }
        if (try? FileManager.default.removeItem(at: url)) != nil { return }
        _ = try? Harness.run("/bin/chmod", ["-R", "u+rwx", path])
        try? FileManager.default.removeItem(at: url)
    }
}

extension XCTestCase {
    /// A fresh scratch HOME for the running test, removed when it ends (by a teardown block,
    /// which XCTest runs before the test's own tearDown).
    func makeScratchHome(_ label: String) throws -> ScratchHome {
        let home = try ScratchHome(label)
        addTeardownBlock { home.remove() }
        return home
    }
}
