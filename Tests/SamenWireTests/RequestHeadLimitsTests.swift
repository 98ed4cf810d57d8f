import SamenWire
import XCTest

/// The caller-chosen strings of a request head are bounded when it is read (docs/PROTOCOL.md §5.2).
final class RequestHeadLimitsTests: XCTestCase {
    private func decode(_ head: RequestHead) throws -> RequestHead {
        var bytes: [UInt8] = []
        head.encode(into: &bytes)
        var reader = ByteReader(bytes, context: "REQUEST")
        return try RequestHead.decode(&reader)
    }

    private func assertRefused(_ head: RequestHead, _ expected: String, line: UInt = #line) {
        XCTAssertThrowsError(try decode(head), line: line) { error in
            XCTAssertEqual((error as? WireError)?.status, .invalidArgument, line: line)
            XCTAssertTrue("\(error)".contains(expected), "\(error)", line: line)
        }
    }

    func testHeadsAtTheLimitsAreRead() throws {
        let head = RequestHead(method: String(repeating: "m", count: 128), timeoutMicroseconds: .max,
                               requestID: String(repeating: "r", count: 64 * 1024),
                               idempotencyKey: String(repeating: "k", count: 128),
                               metadata: (0..<32).map { (String(repeating: "a", count: 63) + "\($0 % 10)", String(repeating: "v", count: 1024)) })
        XCTAssertEqual(try decode(head), head)
    }

    func testOversizedFieldsAreMalformed() {
        assertRefused(RequestHead(method: String(repeating: "m", count: 129), requestID: "r"), "method has 129 bytes; it must have 1 to 128")
        assertRefused(RequestHead(method: "", requestID: "r"), "method has 0 bytes")
        assertRefused(RequestHead(method: "a/b", requestID: "r", idempotencyKey: String(repeating: "k", count: 129)),
                      "idempotency key has 129 bytes")
        assertRefused(RequestHead(method: "a/b", requestID: "r", metadata: (0..<33).map { ("k\($0)", "") }),
                      "metadata count is 33; the limit is 32")
        assertRefused(RequestHead(method: "a/b", requestID: "r", metadata: [(String(repeating: "k", count: 65), "")]),
                      "metadata key has 65 bytes")
        assertRefused(RequestHead(method: "a/b", requestID: "r", metadata: [("", "v")]), "metadata key has 0 bytes")
        assertRefused(RequestHead(method: "a/b", requestID: "r", metadata: [("k", String(repeating: "v", count: 1025))]),
                      "metadata value has 1025 bytes")
    }

    func testMetadataCountIsCheckedBeforeReserving() {
        // 2^20 pairs claimed in a few bytes: refused by count, before any pair (or capacity for them) exists.
        var bytes: [UInt8] = []
        bytes.appendString("a/b")
        bytes.appendVarint(0)
        bytes.appendString("r")
        bytes.appendString("")
        bytes.appendVarint(1 << 20)
        bytes += [UInt8](repeating: 0, count: 1 << 20)
        var reader = ByteReader(bytes, context: "REQUEST")
        XCTAssertThrowsError(try RequestHead.decode(&reader)) { error in
            XCTAssertTrue("\(error)".contains("metadata count is 1048576"), "\(error)")
        }
    }

    func testHelloListsAreBounded() {
        XCTAssertThrowsError(try Hello.decode(Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1,
                                                    compression: (0..<17).map { "m\($0)" }).encode())) { error in
            XCTAssertEqual("\(error)", "HELLO: compression count is 17; the limit is 16")
        }
        XCTAssertThrowsError(try Hello.decode(Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1,
                                                    extensions: (0..<33).map { ("k\($0)", "") }).encode())) { error in
            XCTAssertEqual("\(error)", "HELLO: extension count is 33; the limit is 32")
        }
        XCTAssertThrowsError(try Hello.decode(Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1,
                                                    extensions: [("k", String(repeating: "v", count: 1025))]).encode())) { error in
            XCTAssertEqual("\(error)", "HELLO: extension value has 1025 bytes; it must have 0 to 1024")
        }
        let full = Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1, compression: (0..<16).map { "m\($0)" },
                         extensions: (0..<32).map { ("k\($0)", String(repeating: "v", count: 1024)) })
        XCTAssertEqual(try Hello.decode(full.encode()), full)
    }

    /// A server's details are bounded like a caller's metadata: a response of 2-byte empty pairs filling a 4 MiB
    /// frame would otherwise become two million strings in the client.
    func testResponseDetailsAreBounded() {
        func decode(_ head: ResponseHead) throws -> ResponseHead {
            var bytes: [UInt8] = []
            head.encode(into: &bytes)
            var reader = ByteReader(bytes, context: "RESPONSE")
            return try ResponseHead.decode(&reader)
        }
        let full = ResponseHead(status: .invalidArgument, message: "m",
                                details: (0..<32).map { (String(repeating: "k", count: 62) + "\($0)", String(repeating: "v", count: 1024)) })
        XCTAssertEqual(try decode(full), full)
        XCTAssertThrowsError(try decode(ResponseHead(status: .internal, details: (0..<33).map { ("k\($0)", "") }))) { error in
            XCTAssertEqual("\(error)", "RESPONSE: details count is 33; the limit is 32")
            XCTAssertEqual((error as? WireError)?.field, "details_count")
        }
        XCTAssertThrowsError(try decode(ResponseHead(status: .internal, details: [(String(repeating: "k", count: 65), "")]))) { error in
            XCTAssertEqual("\(error)", "RESPONSE: details key has 65 bytes; it must have 1 to 64")
        }
        XCTAssertThrowsError(try decode(ResponseHead(status: .internal, details: [("k", String(repeating: "v", count: 1025))]))) { error in
            XCTAssertEqual("\(error)", "RESPONSE: details value has 1025 bytes; it must have 0 to 1024")
        }
        var claimed: [UInt8] = [StatusCode.internal.rawValue]
        claimed.appendString("")
        claimed.appendVarint(1 << 20)
        claimed += [UInt8](repeating: 0, count: 1 << 20)
        var reader = ByteReader(claimed, context: "RESPONSE")
        XCTAssertThrowsError(try ResponseHead.decode(&reader)) { error in
            XCTAssertEqual("\(error)", "RESPONSE: details count is 1048576; the limit is 32")
        }
    }

    func testRequestIDsFitForLogs() {
        for id in ["r-01", "a", "0123456789abcdef", "req.42:attempt_2", String(repeating: "x", count: 64)] {
            XCTAssertTrue(RequestHead.isValidRequestID(id), id)
        }
        for id in ["", String(repeating: "x", count: 65), "has space", "new\nline", "quote\"", "émile", "a/b", "{}"] {
            XCTAssertFalse(RequestHead.isValidRequestID(id), id)
        }
    }

    func testConnectionLevelFramesAreTheStreamZeroOnes() {
        XCTAssertEqual([FrameType.hello, .request, .response, .streamItem, .streamEnd, .cancel, .ping, .pong, .goAway, .error]
            .filter(\.isConnectionLevel), [.hello, .ping, .pong, .goAway, .error])
    }

    func testBodiesWithoutPayloadRefuseTrailingBytes() {
        let hello = Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 10).encode()
        XCTAssertNoThrow(try Hello.decode(hello))
        XCTAssertThrowsError(try Hello.decode(hello + [0, 0])) { error in
            XCTAssertEqual("\(error)", "HELLO: 2 bytes after the last field")
        }
        let goAway = GoAway(lastStreamID: 3, message: "bye").encode()
        XCTAssertEqual(try GoAway.decode(goAway).lastStreamID, 3)
        XCTAssertThrowsError(try GoAway.decode(goAway + [1]))
        let error = ConnectionError(status: .invalidArgument, message: "no").encode()
        XCTAssertEqual(try ConnectionError.decode(error).message, "no")
        XCTAssertThrowsError(try ConnectionError.decode(error + [1]))
    }
}

/// The limits docs/PROTOCOL.md §5.2 states are the ones the code enforces.
final class RequestHeadLimitsDocumentTests: XCTestCase {
    func testDocumentStatesTheLimits() throws {
        let document = try String(contentsOfFile: #filePath.replacingOccurrences(
            of: "Tests/SamenWireTests/RequestHeadLimitsTests.swift", with: "docs/PROTOCOL.md"), encoding: .utf8)
        let limits = RequestHead.Limits.self
        XCTAssertTrue(document.contains("| method | string, `service/method`, e.g. `samen.registry/lookup` | 1 to \(limits.maximumMethodBytes) bytes |"))
        XCTAssertTrue(document.contains("1 to \(limits.maximumRequestIDBytes) characters of `A-Z a-z 0-9 . _ : -`, else replaced"))
        XCTAssertTrue(document.contains("| 0 to \(limits.maximumIdempotencyKeyBytes) bytes |"))
        XCTAssertTrue(document.contains("at most \(limits.maximumMetadataPairs) pairs; keys 1 to \(limits.maximumMetadataKeyBytes) bytes, "
                                        + "values 0 to \(limits.maximumMetadataValueBytes) bytes"))
        let details = ResponseHead.Limits.self
        XCTAssertTrue(document.contains("string pair list of at most \(details.maximumDetails) pairs, keys 1 to \(details.maximumDetailKeyBytes) "
                                        + "bytes, values 0 to \(details.maximumDetailValueBytes) bytes"))
        XCTAssertEqual(limits.maximumTimeoutMicroseconds, 604_800_000_000)
        XCTAssertTrue(document.contains("served up to 604,800,000,000 (7 days)"))
    }
}
