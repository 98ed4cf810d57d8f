// Fuzz target: what a server does with a REQUEST body before it dispatches the call: it reads the head, checks
// the request id, turns the timeout into a deadline, takes the rest as the payload, and inflates a compressed
// payload within the message size limit.
//
// Input: frame flags byte | REQUEST body.
import FuzzSupport
import SamenRPC
import SamenWire

/// Small enough that compression bombs reach it quickly; the mechanism is the same at any limit.
let messageLimit = 64 * 1024

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzBytes(data, size)
    let flags = FrameFlags(rawValue: input.byte())
    let body = input.rest()
    var reader = ByteReader(body, context: "REQUEST")
    let head: RequestHead
    do {
        head = try RequestHead.decode(&reader)
    } catch {
        fuzzCheck(error.kind == .malformedFrame, "a bad head is \(error.kind), not malformedFrame")
        return 0
    }
    fuzzCheck(reader.offset <= body.count, "the head reader ran past the body")
    fuzzCheckRoundTrip(head, "REQUEST head", encode: { WireSamples.requestBody($0) }, decode: { bytes in
        var reader = ByteReader(bytes, context: "REQUEST")
        let head = try RequestHead.decode(&reader)
        fuzzCheck(reader.isAtEnd, "a re-encoded head leaves bytes behind")
        return head
    })
    // The shared helpers ServerSession uses must take any timeout, capped or not, and any clock reading.
    _ = RequestHead.isValidRequestID(head.requestID)
    let timeout = Duration(saturatingMicroseconds: head.timeoutMicroseconds)
    fuzzCheck(timeout >= .zero, "a timeout of \(head.timeoutMicroseconds) µs became a negative duration")
    let capped = Duration(saturatingMicroseconds: min(head.timeoutMicroseconds, RequestHead.Limits.maximumTimeoutMicroseconds))
    for start in [MonotonicClock.now, UInt64.max - 1, UInt64.max] {
        let deadline = MonotonicClock.deadline(after: timeout, from: start)
        fuzzCheck(deadline >= start && MonotonicClock.deadline(after: capped, from: start) <= deadline,
                  "the deadline \(timeout) after \(start) went back in time")
    }
    let headLength = reader.offset
    let payload = reader.readRest()
    fuzzCheck(payload.elementsEqual(body[headLength...]), "the payload is not the rest of the body")
    if flags.contains(.compressed) {
        do {
            let inflated = try Deflate.decompress(payload, limit: messageLimit)
            fuzzCheck(inflated.count <= messageLimit, "inflated \(inflated.count) bytes past the limit of \(messageLimit)")
        } catch {
            fuzzCheck(error.kind == .badCompression || error.kind == .decompressedTooLarge,
                      "a bad payload is \(error.kind)")
        }
    }
    return 0
}

@main
enum Main {
    static func main() { FuzzMain.run(fuzz, seeds: requestHeadSeeds) }
}
