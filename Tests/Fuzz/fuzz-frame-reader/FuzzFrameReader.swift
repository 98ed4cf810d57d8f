// Fuzz target: the receive path of a connection. Bytes arrive in chunks of fuzzer-chosen sizes, read into the
// buffer's free tail as a socket read does, and compared with the same bytes appended at once; the frame reader
// cuts them into frames (or oversize notices), and each frame's body goes to the decoder its type selects.
//
// Input: frame-limit selector byte | chunking seed byte | stream bytes.
import FuzzSupport
import SamenWire

/// Receiver frame limits to try: tiny ones make the oversize path reachable with short inputs.
private let frameLimits: [UInt32] = [Hello.minimumFrameSize, 6, 7, 16, 64, 300, 4 << 20]

/// What reading a whole stream produced; equal for every way of cutting the stream into chunks.
private struct Outcome {
    var events: [String] = []
    var frames: [Frame] = []
    var error: WireError?
    var unreadBytes = 0
}

private func read(_ stream: [UInt8], limit: UInt32, chunkSizes: inout SplitMix64?) -> Outcome {
    var reader = FrameReader(maximumFrameSize: limit, initialCapacity: 64)
    var outcome = Outcome()
    var offset = 0
    repeat {
        var chunk = stream.count - offset
        if let size = chunkSizes?.next() {
            // As a socket read does: room for a read first, then as many bytes as arrived.
            reader.buffer.reserveWritable(1 + Int((size >> 8) % 300))
            let space = reader.buffer.writableBytes
            chunk = min(chunk, 1 + Int(size % 97), space.count)
            stream[offset..<(offset + chunk)].withUnsafeBytes { space.copyMemory(from: $0) }
            reader.buffer.commitWritten(chunk)
        } else {
            reader.append(Array(stream[offset..<(offset + chunk)]))
        }
        offset += chunk
        do {
            while let event = try reader.next() {
                switch event {
                case .frame(let frame):
                    fuzzCheck(frame.body.count + Frame.headerSize <= Int(limit), "a frame over the limit was delivered")
                    outcome.events.append("frame \(frame.rawType) \(frame.flags.rawValue) \(frame.streamID) \(frame.body)")
                    outcome.frames.append(frame)
                case .oversized(let rawType, let streamID, let length):
                    fuzzCheck(length > limit, "a frame within the limit was reported oversized")
                    outcome.events.append("oversized \(rawType) \(streamID) \(length)")
                }
            }
        } catch {
            outcome.error = error
            return outcome  // the connection closes here
        }
    } while offset < stream.count
    outcome.unreadBytes = reader.buffer.readableCount
    return outcome
}

/// What a connection (and, for RESPONSE, a client session) does with a frame's body.
private func decodeBody(_ frame: Frame, limit: UInt32) {
    guard let type = frame.type else { return }
    switch type {
    case .hello:
        guard let hello = try? Hello.decode(frame.body) else { return }
        fuzzCheckRoundTrip(hello, "HELLO", encode: { $0.encode() }, decode: { try Hello.decode($0) })
        if let version = try? Hello.negotiateVersion(offered: hello.versions) {
            fuzzCheck(hello.versions.contains(version), "negotiated a version the peer did not offer")
        }
    case .request:
        var reader = ByteReader(frame.body, context: "REQUEST")
        guard let head = try? RequestHead.decode(&reader) else { return }
        fuzzCheckRoundTrip(head, "REQUEST head", encode: { WireSamples.requestBody($0) }, decode: { bytes in
            var reader = ByteReader(bytes, context: "REQUEST")
            return try RequestHead.decode(&reader)
        })
    case .response, .streamEnd:
        var reader = ByteReader(frame.body, context: "RESPONSE")
        guard let head = try? ResponseHead.decode(&reader) else { return }
        fuzzCheckRoundTrip(head, "RESPONSE head", encode: { WireSamples.responseBody($0) }, decode: { bytes in
            var reader = ByteReader(bytes, context: "RESPONSE")
            return try ResponseHead.decode(&reader)
        })
        if type == .response, frame.flags.contains(.compressed),
           let payload = try? Deflate.decompress(reader.readRest(), limit: Int(limit)) {
            fuzzCheck(payload.count <= Int(limit), "decompressed past the limit")
        }
    case .goAway:
        guard let goAway = try? GoAway.decode(frame.body) else { return }
        fuzzCheckRoundTrip(goAway, "GOAWAY", encode: { $0.encode() }, decode: { try GoAway.decode($0) })
    case .error:
        guard let error = try? ConnectionError.decode(frame.body) else { return }
        fuzzCheckRoundTrip(error, "ERROR", encode: { $0.encode() }, decode: { try ConnectionError.decode($0) })
    case .streamItem, .cancel, .ping, .pong:
        return  // bodies without a layout of their own
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzBytes(data, size)
    let limit = frameLimits[Int(input.byte()) % frameLimits.count]
    let seed = UInt64(input.byte())
    let stream = input.rest()
    var whole: SplitMix64? = nil
    var chunked: SplitMix64? = SplitMix64(seed: seed)
    let all = read(stream, limit: limit, chunkSizes: &whole)
    let pieces = read(stream, limit: limit, chunkSizes: &chunked)
    fuzzCheck(all.events == pieces.events && all.error == pieces.error && all.unreadBytes == pieces.unreadBytes,
              "reading in chunks differs from reading at once: \(all.events.count) vs \(pieces.events.count) events")
    for frame in all.frames { decodeBody(frame, limit: limit) }
    return 0
}

@main
enum Main {
    static func main() { FuzzMain.run(fuzz, seeds: frameReaderSeeds) }
}
