import Foundation
import XCTest
@testable import SamenTLS

final class ServiceIdentityTests: XCTestCase {
    func testValidIdentityRoundTripsThroughURI() throws {
        let identity = try ServiceIdentity(region: "eu-west-1", service: "inburgering", instance: "i-0a9")
        XCTAssertEqual(identity.uri, "samen://eu-west-1/inburgering/i-0a9")
        XCTAssertEqual(identity.description, identity.uri)
        let parsed = try ServiceIdentity(uri: identity.uri)
        XCTAssertEqual(parsed, identity)
        XCTAssertEqual(parsed.region, "eu-west-1")
        XCTAssertEqual(parsed.service, "inburgering")
        XCTAssertEqual(parsed.instance, "i-0a9")
    }

    func testBoundaryLengthsAndDigitsAreAccepted() throws {
        let longest = String(repeating: "a", count: 63)
        let identity = try ServiceIdentity(uri: "samen://\(longest)/0/9-9")
        XCTAssertEqual(identity.region.count, 63)
        XCTAssertEqual(identity.service, "0")
    }

    func testCodableUsesTheURIString() throws {
        let identity = try ServiceIdentity(region: "be", service: "agentschap", instance: "a1")
        let data = try JSONEncoder().encode([identity])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["samen:\/\/be\/agentschap\/a1"]"#)
        XCTAssertEqual(try JSONDecoder().decode([ServiceIdentity].self, from: data), [identity])
        XCTAssertThrowsError(try JSONDecoder().decode([ServiceIdentity].self, from: Data(#"["samen://BE/x/y"]"#.utf8)))
    }

    func testRejectsWrongScheme() {
        assertRejected(uri: "https://be/svc/one", mentioning: ["scheme 'https'", "samen://"])
        assertRejected(uri: "SAMEN://be/svc/one", mentioning: ["scheme 'SAMEN'"])
        assertRejected(uri: "be/svc/one", mentioning: ["does not start with 'samen://'"])
    }

    func testRejectsMissingParts() {
        assertRejected(uri: "samen://be/svc", mentioning: ["missing the instance"])
        assertRejected(uri: "samen://be", mentioning: ["missing the service and instance"])
        assertRejected(uri: "samen://be//one", mentioning: ["service is empty"])
        assertRejected(uri: "samen://", mentioning: ["missing the service and instance"])
    }

    func testRejectsExtraParts() {
        assertRejected(uri: "samen://be/svc/one/two", mentioning: ["4 path parts", "exactly 3"])
        assertRejected(uri: "samen://be/svc/one/", mentioning: ["trailing '/'"])
    }

    func testRejectsUppercase() {
        assertRejected(uri: "samen://be/Svc/one", mentioning: ["service 'Svc'", "uppercase letter 'S'"])
        assertRejected({ try ServiceIdentity(region: "BE", service: "svc", instance: "one") }, mentioning: ["region 'BE'", "uppercase"])
    }

    func testRejectsEmptyParts() {
        assertRejected({ try ServiceIdentity(region: "", service: "svc", instance: "one") }, mentioning: ["region is empty"])
        assertRejected({ try ServiceIdentity(region: "be", service: "svc", instance: "") }, mentioning: ["instance is empty"])
    }

    func testRejectsTooLongParts() {
        let tooLong = String(repeating: "x", count: 64)
        assertRejected({ try ServiceIdentity(region: "be", service: tooLong, instance: "one") },
                       mentioning: ["service", "64 characters", "at most 63"])
    }

    func testRejectsBadCharactersAndHyphenPlacement() {
        assertRejected(uri: "samen://be/svc_1/one", mentioning: ["service 'svc_1'", "invalid character '_'"])
        assertRejected(uri: "samen://be/svc/one?x=1", mentioning: ["instance", "invalid character '?'"])
        assertRejected(uri: "samen://be/svc/caf\u{e9}", mentioning: ["instance", "U+E9"])
        assertRejected(uri: "samen://be/svc/o ne", mentioning: ["invalid character ' '"])
        assertRejected(uri: "samen://-be/svc/one", mentioning: ["region '-be' starts with '-'"])
        assertRejected(uri: "samen://be/svc-/one", mentioning: ["service 'svc-' ends with '-'"])
    }

    private func assertRejected(uri: String, mentioning fragments: [String], line: UInt = #line) {
        assertRejected({ try ServiceIdentity(uri: uri) }, mentioning: fragments, line: line)
    }

    private func assertRejected(_ make: () throws -> ServiceIdentity, mentioning fragments: [String], line: UInt = #line) {
        XCTAssertThrowsError(try make(), line: line) { error in
            guard let error = error as? IdentityError else {
                return XCTFail("expected IdentityError, got \(error)", line: line)
            }
            for fragment in fragments {
                XCTAssertTrue(error.message.contains(fragment), "'\(error.message)' does not mention '\(fragment)'", line: line)
            }
        }
    }
}
