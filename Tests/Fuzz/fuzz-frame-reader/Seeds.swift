import FuzzSupport
import SamenWire

/// Single frames of every type, a whole conversation, and the edge cases of the reader (oversized, short, cut).
func frameReaderSeeds() -> [(name: String, bytes: [UInt8])] {
    let big = WireSamples.payloads[1]
    var streams: [(String, UInt8, [UInt8])] = []  // name, frame-limit selector, stream
    for (i, hello) in WireSamples.hellos.enumerated() {
        streams.append(("hello-\(i)", 0, WireSamples.frame(.hello, streamID: 0, hello.encode())))
    }
    for (i, head) in WireSamples.requestHeads.enumerated() {
        streams.append(("request-\(i)", 0, WireSamples.frame(.request, streamID: UInt32(i + 1),
                                                             WireSamples.requestBody(head, payload: WireSamples.payloads[0]))))
    }
    for (i, head) in WireSamples.responseHeads.enumerated() {
        streams.append(("response-\(i)", 0, WireSamples.frame(.response, streamID: 1, WireSamples.responseBody(head))))
        streams.append(("stream-end-\(i)", 0, WireSamples.frame(.streamEnd, streamID: 3, WireSamples.responseBody(head))))
    }
    streams.append(("response-compressed", 0, WireSamples.frame(.response, flags: .compressed, streamID: 5,
        WireSamples.responseBody(.ok, payload: WireSamples.compressed(big)))))
    streams.append(("stream-item", 0, WireSamples.frame(.streamItem, streamID: 3, WireSamples.payloads[0])))
    streams.append(("cancel", 0, WireSamples.frame(.cancel, streamID: 3, [])))
    streams.append(("ping", 0, WireSamples.frame(.ping, streamID: 0, [0, 0, 0, 0, 0, 0, 0, 1])))
    streams.append(("pong", 0, WireSamples.frame(.pong, streamID: 0, [0, 0, 0, 0, 0, 0, 0, 1])))
    streams.append(("goaway", 0, WireSamples.frame(.goAway, streamID: 0,
        GoAway(lastStreamID: 9, status: .unavailable, message: "draining").encode())))
    streams.append(("error", 0, WireSamples.frame(.error, streamID: 0,
        ConnectionError(status: .invalidArgument, message: "REQUEST on stream 0").encode())))
    var unknown: [UInt8] = []
    Frame(rawType: 0x42, flags: FrameFlags(rawValue: 0xFE), streamID: 7, body: [1, 2, 3]).encode(into: &unknown)
    streams.append(("unknown-type", 0, unknown))

    let conversation = WireSamples.frame(.hello, streamID: 0, WireSamples.hellos[0].encode())
        + WireSamples.frame(.request, streamID: 1, WireSamples.requestBody(WireSamples.requestHeads[1], payload: WireSamples.payloads[0]))
        + WireSamples.frame(.request, flags: .compressed, streamID: 3,
                            WireSamples.requestBody(WireSamples.requestHeads[0], payload: WireSamples.compressed(big)))
        + WireSamples.frame(.cancel, streamID: 3, [])
        + WireSamples.frame(.ping, streamID: 0, [0, 0, 0, 0, 0, 0, 0, 2])
        + WireSamples.frame(.goAway, streamID: 0, GoAway(lastStreamID: 3, message: "bye").encode())
    streams.append(("conversation", 0, conversation))
    // Selector 4 is a 64-byte limit: the long request is refused as oversized, the ping after it still arrives.
    streams.append(("oversized-then-ping", 4, WireSamples.frame(.request, streamID: 1, WireSamples.requestBody(
        WireSamples.requestHeads[0], payload: big)) + WireSamples.frame(.ping, streamID: 0, [0, 0, 0, 0, 0, 0, 0, 3])))
    streams.append(("length-below-header", 0, [0, 0, 0, 5, 7, 0, 0, 0, 0]))
    streams.append(("huge-length", 0, [0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x00, 0, 0, 0, 1]))
    streams.append(("cut-short", 0, Array(conversation.prefix(conversation.count / 2))))
    return streams.enumerated().map { i, stream in
        (name: stream.0, bytes: [stream.1, UInt8(truncatingIfNeeded: i * 37)] + stream.2)
    }
}
