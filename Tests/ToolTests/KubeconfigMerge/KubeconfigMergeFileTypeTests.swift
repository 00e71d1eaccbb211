import Foundation
import XCTest

/// `kubeconfig-merge --kubeconfig X` where X, or the end of X's links, is not a regular file:
/// refused with exit 2, naming the path and what it is, with nothing changed. (It used to rename
/// a regular file over it: as root, `--kubeconfig /dev/null` replaced the system's /dev/null; a
/// FIFO made it block for ever.) Every node is made here, in the test's own directory.
final class KubeconfigMergeFileTypeTests: KubeconfigMergeTestCase {
    /// Makes a node of `kind` ("character device", "FIFO", "socket", "directory") at `path`.
    func makeNode(_ kind: String, at path: String) throws {
        switch kind {
        case "character device":
            // The same device numbers as /dev/null, but a node of the test's own.
            guard getuid() == 0 else { throw XCTSkip("mknod of a character device needs root") }
            let r = try Harness.run("/usr/bin/env", ["mknod", path, "c", "1", "3"])
            XCTAssertEqual(r.status, 0, r.stderr)
        case "FIFO":
            XCTAssertEqual(mkfifo(path, 0o600), 0)
        case "socket":
            // A socket's path has room for 107 bytes; a longer one (a long TMPDIR) is bound in a
            // short directory and renamed into place.
            let short = try Harness.shortSocketDirectory(for: path)
            defer { if let short { rmdir(short) } }
            let bound = short.map { $0 + "/s" } ?? path
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &addr.sun_path) { buf in
                for (i, b) in bound.utf8.prefix(buf.count - 1).enumerated() { buf[i] = b }
            }
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            XCTAssertEqual(ok, 0, "bind \(bound)")
            if short != nil { XCTAssertEqual(rename(bound, path), 0, "rename \(bound) to \(path)") }
        default:
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }
    }

    /// What lstat says: type bits and inode, to prove the node was left alone.
    func identity(_ path: String) -> (type: mode_t, inode: UInt64)? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return (st.st_mode & S_IFMT, UInt64(st.st_ino))
    }

    /// Runs with a short timeout: a FIFO must not block the run.
    func mergeInto(_ path: String, _ extra: [String] = []) throws -> Harness.Result {
        try Harness.run("kubeconfig-merge", ["--kubeconfig", path] + extra, env: env,
                        stdin: Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]), timeout: 20)
    }

    func testEveryKindOfNodeIsRefusedAndLeftAlone() throws {
        for (name, kind) in [("chr", "character device"), ("fifo", "FIFO"), ("sock", "socket"), ("dir", "directory")] {
            let sub = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let node = sub.appendingPathComponent("config").path
            try makeNode(kind, at: node)
            let before = try XCTUnwrap(identity(node))
            for extra in [[], ["--remove"], ["--dry-run"]] {
                let r = try mergeInto(node, extra)
                XCTAssertEqual(r.status, 2, "\(kind) \(extra): \(r.stderr)")
                XCTAssertTrue(r.stderr.hasPrefix("kubeconfig-merge: \(node) is a \(kind)"), "\(kind) \(extra): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains("not a regular file"), r.stderr)
                XCTAssertEqual(r.stdout.count, 0)
                let after = identity(node)
                XCTAssertEqual(after?.type, before.type, "\(kind) \(extra): replaced")
                XCTAssertEqual(after?.inode, before.inode, "\(kind) \(extra): replaced")
                // No lock, no temp file: nothing at all was created beside it.
                XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: sub.path), ["config"], "\(kind) \(extra)")
            }
        }
    }

    /// The end of a chain of links decides; the message names both the path and the node.
    func testLinkChainEndingInADeviceIsRefused() throws {
        let node = dir.appendingPathComponent("pipe").path
        try makeNode("FIFO", at: node)
        let middle = dir.appendingPathComponent("middle").path, link = dir.appendingPathComponent("config").path
        try FileManager.default.createSymbolicLink(atPath: middle, withDestinationPath: "pipe")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: middle)
        let r = try mergeInto(link)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(link) (a link to \(node)) is a FIFO (named pipe), not a regular file"), r.stderr)
        XCTAssertEqual(identity(node)?.type, S_IFIFO)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), middle)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)), ["pipe", "middle", "config"])
    }

    /// A link to a regular file keeps working: the target is written, the link stays a link.
    func testLinkToARegularFileStillWorks() throws {
        let real = dir.appendingPathComponent("real-config").path, link = dir.appendingPathComponent("config").path
        _ = try kubectl(real, ["config", "set-cluster", "foreign", "--server", "https://f"])
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real-config")
        try mergeOK(["--kubeconfig", link], Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]))
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "real-config")
        XCTAssertEqual(Set(try kubectl(real, ["config", "get-clusters"]).split(separator: "\n").dropFirst()),
                       ["foreign", "arn:aws:eks:us-east-2:123456789012:cluster/dev-cluster"])
        try assertNoDebris(real)
        try assertNoDebris(link)
    }
}
