import SamenCodec
import SamenWire
import XCTest

/// The worked example in docs/PROTOCOL.md §10, byte for byte, so the document and the wire cannot drift apart.
final class ProtocolDocumentTests: XCTestCase {
    /// The bytes as printed in the document.
    private func documentBytes(_ text: String) -> [UInt8] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { UInt8($0, radix: 16)! }
    }

    func testWorkedExampleMatchesTheEncoders() throws {
        var bytes = Preface.bytes
        let hello = Hello(maximumFrameSize: 4 * 1024 * 1024 + 64 * 1024, maximumConcurrentRequests: 1)
        Frame(type: .hello, streamID: 0, body: hello.encode()).encode(into: &bytes)
        struct HealthCheckRequest: Encodable { var service: String? }
        FrameBuilder.begin(type: FrameType.request.rawValue, flags: [], streamID: 1, into: &bytes) { body in
            RequestHead(method: "samen.health/check", timeoutMicroseconds: 2_000_000, requestID: "r-01").encode(into: &body)
            body.append(contentsOf: try! BinaryEncoder().encode(HealthCheckRequest(service: nil)))
        }
        let expected = documentBytes("""
        53 41 4D 45 4E 0D 0A 1A
        00 00 00 1B 01 00 00 00 00 00
        01 00 01
        00 41 00 00
        00 00 00 01
        01 07 64 65 66 6C 61 74 65
        00
        00 00 00 25 02 00 00 00 00 01
        12 73 61 6D 65 6E 2E 68 65 61 6C 74 68 2F 63 68 65 63 6B
        80 89 7A
        04 72 2D 30 31
        00
        00
        0B 00
        """)
        XCTAssertEqual(bytes, expected)
    }

    func testDocumentStatesTheSameExample() throws {
        let document = try String(contentsOfFile: #filePath.replacingOccurrences(of: "Tests/SamenWireTests/ProtocolDocumentTests.swift", with: "docs/PROTOCOL.md"), encoding: .utf8)
        XCTAssertTrue(document.contains("00 00 00 1B 01 00 00 00 00 00               HELLO, length 27"))
        XCTAssertTrue(document.contains("00 00 00 25 02 00 00 00 00 01               REQUEST, length 37"))
    }
}
