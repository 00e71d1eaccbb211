import Common
import XCTest
@testable import Network

final class AWSServiceErrorTests: XCTestCase {
    func parse(_ status: Int, _ body: String, headers: [(String, String)] = []) -> AWSServiceError {
        AWSServiceError.parse(service: "X", response: HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    func testQueryProtocolXML() {
        let e = parse(403, "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>abc</RequestId></ErrorResponse>")
        XCTAssertEqual(e.code, "ExpiredToken")
        XCTAssertEqual(e.awsMessage, "The security token included in the request is expired")
        XCTAssertEqual(e.requestId, "abc")
        XCTAssertFalse(e.isRetryable)
    }

    func testJSONProtocols() {
        XCTAssertEqual(parse(400, #"{"__type":"com.amazonaws.sso#InvalidRequestException","message":"bad"}"#).code, "InvalidRequestException")
        XCTAssertEqual(parse(400, #"{"error":"invalid_grant","error_description":"Invalid refresh token provided"}"#,
                             headers: [("x-amzn-ErrorType", "InvalidGrantException")]).awsMessage, "Invalid refresh token provided")
        XCTAssertEqual(parse(401, #"{"message":"Session token not found or invalid"}"#,
                             headers: [("x-amzn-ErrorType", "UnauthorizedException:http://internal.amazon.com/")]).code, "UnauthorizedException")
        XCTAssertEqual(parse(400, #"{"__type":"ThrottlingException","Message":"slow down"}"#).isThrottling, true)
    }

    func testEmptyOrGarbageBody() {
        let e = parse(502, "<html>Bad Gateway")
        XCTAssertEqual(e.code, "HTTP502")
        XCTAssertTrue(e.isRetryable)
        XCTAssertEqual(e.message, "X HTTP502 (HTTP 502)")
    }

    func testInvalidXMLIsATypedError() {
        XCTAssertThrowsError(try XMLTree(Array("<a><b></a>".utf8))) { e in
            XCTAssertTrue(e is XMLSyntaxError, "\(e)")
        }
    }
}
