import SamenWire
import XCTest

final class FrameReaderTests: XCTestCase {
    private func encoded(_ frames: [Frame]) -> [UInt8] {
        var bytes: [UInt8] = []
        for frame in frames { frame.encode(into: &bytes) }
        return bytes
    }

    func testFramesSplitAtEveryByteBoundaryReassemble() throws {
        let frames = [Frame(type: .request, streamID: 1, body: Array("first".utf8)),
                      Frame(type: .ping, streamID: 0, body: [1, 2, 3, 4, 5, 6, 7, 8]),
                      Frame(type: .response, flags: .compressed, streamID: 77, body: [])]
        let bytes = encoded(frames)
        for split in 0...bytes.count {
            var reader = FrameReader(maximumFrameSize: 1024)
            var seen: [Frame] = []
            reader.append(Array(bytes[..<split]))
            while case .frame(let frame)? = try reader.next() { seen.append(frame) }
            reader.append(Array(bytes[split...]))
            while case .frame(let frame)? = try reader.next() { seen.append(frame) }
            XCTAssertEqual(seen.map(\.streamID), [1, 0, 77], "split at \(split)")
            XCTAssertEqual(seen.map(\.body), frames.map(\.body))
            XCTAssertEqual(seen[2].flags, .compressed)
        }
    }

    func testOversizedFrameIsReportedAndSkippedWithoutBuffering() throws {
        var reader = FrameReader(maximumFrameSize: 100)
        let big = Frame(type: .request, streamID: 3, body: [UInt8](repeating: 9, count: 10_000))
        let small = Frame(type: .request, streamID: 4, body: [1])
        let bytes = encoded([big, small])
        // Feed in small pieces: the reader must never hold the oversized body.
        var events: [FrameReader.Event] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + 512, bytes.count)
            reader.append(Array(bytes[offset..<end]))
            offset = end
            while let event = try reader.next() { events.append(event) }
            XCTAssertLessThan(reader.buffer.capacity, 20_000)
        }
        XCTAssertEqual(events.count, 2)
        guard case .oversized(let type, let streamID, let length) = events[0] else { return XCTFail("expected oversized") }
        XCTAssertEqual(type, FrameType.request.rawValue)
        XCTAssertEqual(streamID, 3)
        XCTAssertEqual(length, 10_006)
        guard case .frame(let frame) = events[1] else { return XCTFail("expected the next frame") }
        XCTAssertEqual(frame.streamID, 4)
    }

    func testLengthShorterThanHeaderIsMalformed() {
        var reader = FrameReader(maximumFrameSize: 100)
        reader.append([0, 0, 0, 5])
        XCTAssertThrowsError(try reader.next()) { error in
            XCTAssertEqual((error as? WireError)?.kind, .malformedFrame)
        }
    }

    func testHugeDeclaredLengthAllocatesNothing() throws {
        var reader = FrameReader(maximumFrameSize: 4 << 20)
        reader.append([0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x00, 0, 0, 0, 1])
        guard case .oversized(_, _, let length)? = try reader.next() else { return XCTFail("expected oversized") }
        XCTAssertEqual(length, UInt32.max)
        XCTAssertLessThan(reader.buffer.capacity, 1 << 20)
    }
}

final class HeadCodingTests: XCTestCase {
    func testRequestHeadRoundTrips() throws {
        let head = RequestHead(method: "intake/register", timeoutMicroseconds: 1_500_000, requestID: "abc",
                               idempotencyKey: "key-1", metadata: [("desk", "gent"), ("é", "ü")])
        var bytes: [UInt8] = []
        head.encode(into: &bytes)
        bytes.append(contentsOf: [9, 9])
        var reader = ByteReader(bytes, context: "REQUEST")
        XCTAssertEqual(try RequestHead.decode(&reader), head)
        XCTAssertEqual(Array(reader.readRest()), [9, 9])
    }

    func testEveryTruncationOfARequestHeadIsAnError() throws {
        var bytes: [UInt8] = []
        RequestHead(method: "intake/register", timeoutMicroseconds: 300, requestID: "abc", idempotencyKey: "k",
                    metadata: [("a", "b")]).encode(into: &bytes)
        for length in 0..<bytes.count {
            var reader = ByteReader(Array(bytes[..<length]), context: "REQUEST")
            XCTAssertThrowsError(try RequestHead.decode(&reader), "prefix \(length)")
        }
    }

    func testResponseHeadAndGoAwayRoundTrip() throws {
        let head = ResponseHead(status: .permissionDenied, message: "nope", details: [("field", "insz")])
        var bytes: [UInt8] = []
        head.encode(into: &bytes)
        var reader = ByteReader(bytes, context: "RESPONSE")
        XCTAssertEqual(try ResponseHead.decode(&reader), head)
        let goAway = GoAway(lastStreamID: 41, status: .unavailable, message: "draining")
        XCTAssertEqual(try GoAway.decode(goAway.encode()), goAway)
        let error = ConnectionError(status: .invalidArgument, message: "bad")
        XCTAssertEqual(try ConnectionError.decode(error.encode()), error)
    }

    func testUnknownStatusBecomesInternal() {
        XCTAssertEqual(StatusCode(wireValue: 2), .internal)
        XCTAssertEqual(StatusCode(wireValue: 200), .internal)
        XCTAssertEqual(StatusCode(wireValue: 7), .permissionDenied)
    }

    func testHelloNegotiatesHighestCommonVersion() throws {
        XCTAssertEqual(try Hello.negotiateVersion(offered: [1, 2, 3], supported: [1, 2]), 2)
        XCTAssertThrowsError(try Hello.negotiateVersion(offered: [5], supported: [1]))
        let hello = Hello(versions: [1, 2], maximumFrameSize: 1 << 20, maximumConcurrentRequests: 100, extensions: [("x", "y")])
        XCTAssertEqual(try Hello.decode(hello.encode()), hello)
        XCTAssertThrowsError(try Hello.decode(Hello(maximumFrameSize: 10, maximumConcurrentRequests: 1).encode()))
    }
}

final class DeflateTests: XCTestCase {
    func testRoundTrip() throws {
        let input = Array(String(repeating: "maatschappelijke oriëntatie ", count: 1000).utf8)
        let compressed = try XCTUnwrap(Deflate.compress(input[...]))
        XCTAssertLessThan(compressed.count, input.count / 10)
        XCTAssertEqual(try Deflate.decompress(compressed[...], limit: input.count), input)
    }

    func testIncompressibleInputIsLeftAsIs() {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        XCTAssertNil(Deflate.compress(random[...]))
    }

    func testBombStopsAtTheLimit() throws {
        let bomb = try XCTUnwrap(Deflate.compress([UInt8](repeating: 0, count: 64 << 20)[...], level: 9))
        XCTAssertThrowsError(try Deflate.decompress(bomb[...], limit: 1 << 20)) { error in
            XCTAssertEqual((error as? WireError)?.kind, .decompressedTooLarge)
            XCTAssertEqual((error as? WireError)?.status, .resourceExhausted)
        }
    }

    func testTruncatedAndCorruptStreamsAreErrors() throws {
        let input = Array(String(repeating: "tolk ", count: 500).utf8)
        let compressed = try XCTUnwrap(Deflate.compress(input[...]))
        XCTAssertThrowsError(try Deflate.decompress(compressed.dropLast(3), limit: 1 << 20))
        var corrupt = compressed
        corrupt[corrupt.count / 2] ^= 0xFF
        XCTAssertThrowsError(try Deflate.decompress(corrupt[...], limit: 1 << 20))
        XCTAssertThrowsError(try Deflate.decompress(compressed[...] + [1, 2, 3], limit: 1 << 20))
    }
}

/// A frame's announced length reserves nothing: buffers grow with the bytes that arrive.
final class FrameReaderMemoryTests: XCTestCase {
    func testPartialLargeFrameReservesOnlyWhatArrived() throws {
        var reader = FrameReader(maximumFrameSize: 8 << 20)
        let length = UInt32(4 << 20)
        var bytes: [UInt8] = [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF),
                              FrameType.request.rawValue, 0, 0, 0, 0, 1]
        bytes += [UInt8](repeating: 7, count: 100 - bytes.count)
        reader.append(bytes)
        XCTAssertNil(try reader.next())
        XCTAssertTrue(reader.isMidFrame)
        XCTAssertEqual(reader.buffer.readableCount, 100)
        XCTAssertLessThan(reader.buffer.capacity, 64 * 1024, "a 4 MiB announcement must not reserve 4 MiB")
    }

    func testReleaseGivesBackAGrownBuffer() {
        let buffer = ByteBuffer(capacity: 16 * 1024)
        buffer.append([UInt8](repeating: 1, count: 1 << 20))
        XCTAssertGreaterThanOrEqual(buffer.capacity, 1 << 20)
        buffer.release()
        XCTAssertTrue(buffer.isEmpty)
        XCTAssertLessThanOrEqual(buffer.capacity, 64)
        buffer.append([1, 2, 3])
        XCTAssertEqual(Array(buffer.readableBytes), [1, 2, 3])
    }
}
