import SamenCodec
import SamenWire
import XCTest

/// The worked example in docs/PROTOCOL.md §10, byte for byte, so the document and the wire cannot drift apart.
final class ProtocolDocumentTests: XCTestCase {
    private var document: String {
        get throws {
            try String(contentsOfFile: #filePath.replacingOccurrences(of: "Tests/SamenWireTests/ProtocolDocumentTests.swift",
                                                                     with: "docs/PROTOCOL.md"), encoding: .utf8)
        }
    }

    /// The bytes the document prints in §10's first block: on each line, the two-digit hex tokens before the
    /// description.
    private func documentBytes() throws -> [UInt8] {
        let text = try document
        let section = try XCTUnwrap(text.range(of: "## 10. A worked example"))
        let rest = text[section.upperBound...]
        let open = try XCTUnwrap(rest.range(of: "```\n"))
        let close = try XCTUnwrap(rest[open.upperBound...].range(of: "```"))
        var bytes: [UInt8] = []
        for line in rest[open.upperBound..<close.lowerBound].split(separator: "\n") {
            for token in line.split(separator: " ") {
                guard token.count == 2, let byte = UInt8(token, radix: 16) else { break }
                bytes.append(byte)
            }
        }
        return bytes
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
        let expected = try documentBytes()
        XCTAssertEqual(expected.count, 8 + 31 + 41, "preface, HELLO and REQUEST as printed")
        XCTAssertEqual(bytes, expected)
    }

    func testDocumentStatesTheFrameLengths() throws {
        let text = try document
        XCTAssertTrue(text.contains("00 00 00 1B 01 00 00 00 00 00               HELLO, length 27"))
        XCTAssertTrue(text.contains("00 00 00 25 02 00 00 00 00 01               REQUEST, length 37"))
    }
}
