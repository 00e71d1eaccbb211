import Foundation
import XCTest
@testable import Common

/// The golden tokens `aws eks get-token` produced (../shared/testdata/eks-token-vectors.json).
final class EKSTokenTests: XCTestCase {
    struct Vector: Decodable {
        var accessKeyId: String
        var secretAccessKey: String
        var sessionToken: String?
        var region: String?
        var cluster: String
        var time: String
        var url: String
        var token: String
    }

    static func vectors() throws -> [Vector] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/testdata/eks-token-vectors.json")
        return try JSONDecoder().decode([Vector].self, from: Data(contentsOf: url))
    }

    func testGoldenTokens() throws {
        let vs = try Self.vectors()
        XCTAssertFalse(vs.isEmpty)
        for v in vs {
            let creds = Credentials(accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey, sessionToken: v.sessionToken)
            let url = EKSToken.presignedURL(credentials: creds, clusterID: v.cluster, region: v.region, variant: .init(),
                                            date: Timestamp.parse(v.time)!)
            XCTAssertEqual(url, v.url, "\(v.cluster)@\(v.region ?? "global")")
            XCTAssertEqual(EKSToken.token(url: url), v.token)
        }
    }

    func testExpirationIsFourteenMinutesCappedByCredentials() {
        let t = Timestamp.parse("2026-11-22T12:00:00Z")!
        var c = Credentials(accessKeyId: "A", secretAccessKey: "S")
        XCTAssertEqual(EKSToken.expiration(signedAt: t, credentials: c).iso8601, "2026-11-22T12:14:00Z")
        c.expiration = Timestamp.parse("2026-11-22T12:05:00Z")
        XCTAssertEqual(EKSToken.expiration(signedAt: t, credentials: c).iso8601, "2026-11-22T12:05:00Z")
        c.expiration = Timestamp.parse("2026-11-22T13:00:00Z")
        XCTAssertEqual(EKSToken.expiration(signedAt: t, credentials: c).iso8601, "2026-11-22T12:14:00Z")
    }

    func testSTSHostsPerPartitionAndVariant() {
        XCTAssertEqual(Endpoints.sts(region: nil).host, "sts.amazonaws.com")
        XCTAssertEqual(Endpoints.sts(region: nil).signingRegion, "us-east-1")
        XCTAssertEqual(Endpoints.sts(region: "cn-north-1").host, "sts.cn-north-1.amazonaws.com.cn")
        XCTAssertEqual(Endpoints.sts(region: "us-isob-east-1").host, "sts.us-isob-east-1.sc2s.sgov.gov")
        XCTAssertEqual(Endpoints.sts(region: "us-east-1", variant: .init(fips: true)).host, "sts-fips.us-east-1.amazonaws.com")
        XCTAssertEqual(Endpoints.sts(region: "us-gov-west-1", variant: .init(fips: true)).host, "sts.us-gov-west-1.amazonaws.com")
        XCTAssertEqual(Endpoints.sts(region: "us-gov-west-1", variant: .init(fips: true, dualStack: true)).host, "sts-fips.us-gov-west-1.api.aws")
        XCTAssertEqual(Endpoints.sts(region: "cn-north-1", variant: .init(dualStack: true)).host, "sts.cn-north-1.api.amazonwebservices.com.cn")
    }
}
