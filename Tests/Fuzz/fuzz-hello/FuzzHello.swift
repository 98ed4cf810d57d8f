// Fuzz target: the HELLO exchange. A HELLO body is decoded as a connection does; an accepted one is negotiated
// against this side's versions, and the server's answer is built and read back as the client would.
//
// Input: supported-versions selector byte | HELLO body.
import FuzzSupport
import SamenWire

/// Version lists this side might speak: today's, and what a later release would.
let supportedLists: [[UInt16]] = [[Hello.currentVersion], [1, 2], [2, 3, 0xFFFF]]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzBytes(data, size)
    let supported = supportedLists[Int(input.byte()) % supportedLists.count]
    let hello: Hello
    do {
        hello = try Hello.decode(input.rest())
    } catch {
        return 0
    }
    fuzzCheck(!hello.versions.isEmpty && hello.versions.count <= 255, "accepted a HELLO with \(hello.versions.count) versions")
    fuzzCheck(hello.maximumFrameSize >= Hello.minimumFrameSize, "accepted a frame limit below the minimum")
    fuzzCheck(hello.maximumConcurrentRequests >= 1, "accepted a concurrency limit of 0")
    fuzzCheckRoundTrip(hello, "HELLO", encode: { $0.encode() }, decode: { try Hello.decode($0) })

    let common = hello.versions.filter(supported.contains)
    do {
        let version = try Hello.negotiateVersion(offered: hello.versions, supported: supported)
        fuzzCheck(version == common.max(), "negotiated \(version), not the highest common version")
        var answer = Hello(maximumFrameSize: 4 << 20, maximumConcurrentRequests: 100)
        answer.versions = [version]
        let read = try Hello.decode(answer.encode())
        let accepted = try Hello.negotiateVersion(offered: read.versions, supported: hello.versions)
        fuzzCheck(accepted == version, "the client reads \(accepted) from the server's answer of \(version)")
    } catch {
        fuzzCheck(common.isEmpty && error.kind == .unsupportedVersion, "negotiation failed with versions in common: \(error)")
    }
    return 0
}

@main
enum Main {
    static func main() { FuzzMain.run(fuzz, seeds: helloSeeds) }
}
