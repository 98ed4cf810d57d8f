// Fuzz target: the codec's decoder on every shape of Codable type a service uses, the registry's own messages
// first. Whatever decodes must re-encode, and the re-encoded bytes must decode to the same value.
//
// Input: type selector byte | depth-limit byte | one encoded value.
import FuzzSupport
import SamenCodec
import SamenContracts

/// The types a fuzz input can be decoded as; the selector byte picks one.
nonisolated(unsafe) let codecTypes: [any Codable.Type] = [
    RegisterRequest.self, RegisterResponse.self, HeartbeatRequest.self, DeregisterRequest.self,
    LookupRequest.self, LookupResponse.self, CatalogRequest.self, CatalogResponse.self, WatchRequest.self,
    ServiceInstance.self, EchoMessage.self,
    Shapes.self, Node.self, Handwritten.self, [String].self, [String: String].self, [Int?].self, Int64.self, String?.self,
]

/// Depth limit bytes below this are used as the limit; the rest keep the default.
private let smallDepthLimits = 8

private func check<T: Codable>(_: T.Type, _ bytes: [UInt8], _ limits: DecodingLimits) {
    let value: T
    do {
        value = try BinaryDecoder(limits: limits).decode(T.self, from: bytes)
    } catch {
        fuzzCheck(error is CodecError, "decoding \(T.self) threw \(Swift.type(of: error)), not a CodecError: \(error)")
        return
    }
    let encoded: [UInt8]
    do {
        encoded = try BinaryEncoder().encode(value)
    } catch {
        return fuzzCheck(false, "a decoded \(T.self) does not encode: \(error)")
    }
    let again: T
    do {
        again = try BinaryDecoder(limits: limits).decode(T.self, from: encoded)
    } catch {
        return fuzzCheck(false, "a decoded \(T.self), re-encoded, does not decode: \(error)")
    }
    fuzzCheck(canonical(again) == canonical(value), "a decoded \(T.self) changed in a round trip")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzBytes(data, size)
    let type = codecTypes[Int(input.byte()) % codecTypes.count]
    let depth = Int(input.byte())
    let limits = depth < smallDepthLimits ? DecodingLimits(maximumDepth: depth) : .default
    let bytes = input.rest()
    func open<T: Codable>(_ type: T.Type) { check(type, bytes, limits) }
    open(type)
    return 0
}

@main
enum Main {
    static func main() { FuzzMain.run(fuzz, seeds: codecSeeds) }
}
