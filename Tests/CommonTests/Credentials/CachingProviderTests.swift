import Common
import Foundation
import XCTest

/// The cache as a decorator: a fresh entry answers without the inner provider, temporary
/// results are written, long-term keys are not, and a failed write is a notice, not an error.
final class CachingProviderTests: XCTestCase {
    let now = Timestamp.parse("2026-11-22T12:00:00Z")!
    let selection = CredentialSelection(profile: "dev")
    var dir = ""

    override func setUpWithError() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ekspipe-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        dir = base.appendingPathComponent("credentials").path
        addTeardownBlock { try? FileManager.default.removeItem(at: base) }
    }

    func temporary(_ id: String, minutes: Int64 = 60) -> ResolvedCredentials {
        ResolvedCredentials(credentials: Credentials(accessKeyId: id, secretAccessKey: "s", sessionToken: "t", expiration: now + minutes * 60),
                            source: ResolvedCredentials.source("assume-role"), region: "us-east-2")
    }

    func counting(_ answer: ResolvedCredentials?) -> (CredentialProvider, () -> Int) {
        var calls = 0
        return (ClosureProvider { calls += 1; return answer }, { calls })
    }

    func testMissThenHit() throws {
        let cache = CredentialCache(directory: dir)
        let (inner, calls) = counting(temporary("ASIA1"))
        let first = try XCTUnwrap(CachingProvider(inner, cache: cache, selection: selection, now: now).resolve())
        XCTAssertFalse(first.fromCache)
        XCTAssertEqual(first.notices, [])
        let second = try XCTUnwrap(CachingProvider(inner, cache: cache, selection: selection, now: now + 60).resolve())
        XCTAssertTrue(second.fromCache)
        XCTAssertEqual(second.credentials.accessKeyId, "ASIA1")
        XCTAssertEqual(second.region, "us-east-2")
        XCTAssertEqual(calls(), 1, "the fresh entry answered")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/" + selection.cacheKey + ".lock"), "no lock file left behind")
    }

    func testNearExpiryIsAMiss() throws {
        let cache = CredentialCache(directory: dir)
        let (inner, calls) = counting(temporary("ASIA1", minutes: 20))
        _ = try CachingProvider(inner, cache: cache, selection: selection, now: now).resolve()
        _ = try CachingProvider(inner, cache: cache, selection: selection, now: now + 6 * 60).resolve()
        XCTAssertEqual(calls(), 2, "14 minutes left is under the 15-minute margin")
    }

    func testLongTermKeysAreNotWritten() throws {
        let cache = CredentialCache(directory: dir)
        let keys = ResolvedCredentials(credentials: Credentials(accessKeyId: "AKID", secretAccessKey: "s"), source: ResolvedCredentials.source("profile"))
        _ = try CachingProvider(ClosureProvider { keys }, cache: cache, selection: selection, now: now).resolve()
        XCTAssertNil(cache.read(selection.cacheKey))
        XCTAssertNil(try CachingProvider(ClosureProvider { nil }, cache: cache, selection: selection, now: now).resolve(), "nil passes through")
    }

    func testFailedWriteIsANotice() throws {
        let cache = CredentialCache(directory: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createSymbolicLink(atPath: cache.path(for: selection.cacheKey), withDestinationPath: "/nonexistent")
        let r = try XCTUnwrap(CachingProvider(ClosureProvider { self.temporary("ASIA1") }, cache: cache, selection: selection, now: now).resolve())
        XCTAssertEqual(r.credentials.accessKeyId, "ASIA1", "still handed out")
        XCTAssertEqual(r.notices.count, 1)
        XCTAssertEqual(r.notices.first?.kind, .warning)
        XCTAssertTrue(r.notices.first?.text.hasPrefix("could not cache the credentials: ") == true, "\(r.notices)")
        XCTAssertEqual(r.notices.first?.description.hasPrefix("warning: could not cache"), true)
    }

    func testCacheEntryProviderKeepsTheStaleEntry() throws {
        let cache = CredentialCache(directory: dir)
        try cache.write(selection.cacheKey, CredentialCache.Entry(credentials: temporary("ASIA1", minutes: 10).credentials, region: "eu-west-1"),
                        selection: selection, now: now)
        let stale = CacheEntryProvider(cache: cache, selection: selection, now: now)
        XCTAssertNil(try stale.resolve(), "10 minutes left is not fresh")
        XCTAssertEqual(stale.entry?.credentials.accessKeyId, "ASIA1", "but kept for the fallback")
        let fresh = try XCTUnwrap(CacheEntryProvider(cache: cache, selection: selection, now: now - 3600).resolve())
        XCTAssertTrue(fresh.fromCache)
        XCTAssertEqual(fresh.region, "eu-west-1")
        XCTAssertNil(CacheEntryProvider(cache: cache, selection: CredentialSelection(profile: "other"), now: now).entry)
    }
}
