import Foundation
import SamenCodec
import SamenContracts
import XCTest

/// Inputs that fuzz-codec (Tests/Fuzz) found, kept so that what they broke stays fixed.
final class CodecFuzzRegressionTests: XCTestCase {
    func testAnUnbracketedIPv6HostInALookupResponseIsRefusedAtItsAddress() throws {
        // Found after 56,645 runs: the second instance's address "\u{1B}::1]:7100" decoded as host "\u{1B}::1]", port
        // 7100, which wrote itself back as "[\u{1B}::1]]:7100" and then did not decode: a value that cannot round-trip.
        let data = try XCTUnwrap(Data(base64Encoded: """
            C6IDCWluc3RhbmNlcwyOAwvEAQdzZXJ2aWNlBwZpbnRha2UGcmVnaW9uBwRnZW50CGluc3RhbmNlBwhpbnRha2UtMQdhZGRyZXNzBwpb
            OjoxXTo3MTAwB3ZlcnNpb24HBTAuNC4wCG1ldGFkYXRhCxIFYnVpbGQHAjQyBHpvbmUHAWEGaGVhbHRoBwhjcml0aWNhbAp0dGxTZWNv
            bmRzBUAuAAAAAAAADHJlZ2lzdGVyZWRBdAlB2qxO4CAAAA9sYXN0SGVhcnRiZWF0QXQJQdqsTuDgAAALxAEHc2VydmljZQcGaW50YWtl
            BnJlZ2lvbgcEZ2VudAhpbnN0YW5jZQcIaW50YWtlLTEHYWRkcmVzcwcKGzo6MV06NzEwMAd2ZXJzaW9uBwUwLjQuMAhtZXRhZGF0YQsS
            BWJ1aWxkBwI0MgR6b25lBwFhBmhlYWx0aAcIY3JpdGljYWwKdHRsU2Vjb25kcwVALgAAAAAAAAxyZWdpc3RlcmVkQXQJQdqsTuAgAAAP
            bGFzdEhlYXJ0YmVhdEF0CUHarE7g4AAABXN0YWxlAg==
            """, options: .ignoreUnknownCharacters))
        XCTAssertThrowsError(try BinaryDecoder().decode(LookupResponse.self, from: [UInt8](data))) { error in
            let codecError = error as? CodecError
            XCTAssertEqual(codecError?.kind, .invalidValue)
            XCTAssertEqual(codecError?.codingPath, "instances[1].address")
        }
    }
}
