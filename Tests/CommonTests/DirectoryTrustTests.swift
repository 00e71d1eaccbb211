import Glibc
import XCTest
@testable import Common

/// The kernel's protected_symlinks rule as ekspipe applies it, whatever the sysctl says: in a
/// sticky directory others may write, only the follower's or the directory owner's links count.
final class DirectoryTrustTests: XCTestCase {
    func testSharedDirectoryLinkRule() {
        var dir = stat(), link = stat()
        dir.st_mode = S_IFDIR | 0o1777
        dir.st_uid = 0
        link.st_mode = S_IFLNK | 0o777
        link.st_uid = 65534
        XCTAssertTrue(DirectoryTrust.isShared(dir))
        XCTAssertEqual(DirectoryTrust.mayFollow(link: link, inDirectory: dir), geteuid() == 65534)
        link.st_uid = 0
        XCTAssertTrue(DirectoryTrust.mayFollow(link: link, inDirectory: dir), "the directory owner's link")
        dir.st_mode = S_IFDIR | 0o0777
        link.st_uid = 65534
        XCTAssertTrue(DirectoryTrust.mayFollow(link: link, inDirectory: dir), "not sticky: refused by the directory check instead")
    }
}
