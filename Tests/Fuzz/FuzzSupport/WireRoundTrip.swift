/// Checks that a value decoded from fuzz input survives encode-then-decode unchanged: whatever a decoder
/// accepts, the matching encoder must be able to write so that the decoder reads it back the same.
public func fuzzCheckRoundTrip<T: Equatable>(_ value: T, _ what: String, encode: (T) -> [UInt8],
                                             decode: ([UInt8]) throws -> T) {
    let bytes = encode(value)
    do {
        let again = try decode(bytes)
        fuzzCheck(again == value, "\(what) changed in an encode-decode round trip")
    } catch {
        fuzzCheck(false, "\(what) re-encoded to bytes its decoder refuses: \(error)")
    }
}
