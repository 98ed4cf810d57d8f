import SamenRPC
import SamenTLS

/// What a registration may contain beyond the identity parts (which follow certificate syntax): checked by the
/// registry on every register call and on every catalogue row it reads back, and by a service host on its flags,
/// so an instance learns at start, not from endless refused registrations. Failures are `invalid_argument`
/// naming the field in the message and in `details["field"]`.
public enum RegistrationRules {
    public static let maximumVersionLength = 64
    public static let maximumMetadataEntries = 32
    public static let maximumMetadataKeyLength = 63
    public static let maximumMetadataValueLength = 256

    /// A service name beyond identity syntax: `staff` is the service part of every staff member's identity
    /// (`StaffCertificate.service`), so no instance may register under it and be mistaken for a person.
    public static func service(_ service: String) throws(RPCError) {
        if service == StaffCertificate.service {
            throw invalid("service", "'\(service)' is reserved for staff members' certificates (samen://<region>/staff/<user>); "
                              + "a mesh service cannot take it")
        }
    }

    /// The host is valid by construction (`Endpoint`); an instance must also name a port it can be called on.
    public static func address(_ address: Endpoint) throws(RPCError) {
        if !(1...65535).contains(address.port) {
            throw invalid("address", "port \(address.port) is not in 1...65535")
        }
    }

    /// 1…64 visible ASCII characters: versions are shown in tables and logs, so no spaces or control characters.
    public static func version(_ version: String) throws(RPCError) {
        let bytes = version.utf8
        if bytes.isEmpty { throw invalid("version", "is empty") }
        if bytes.count > maximumVersionLength {
            throw invalid("version", "is longer than \(maximumVersionLength) characters")
        }
        if !bytes.allSatisfy({ (0x21...0x7E).contains($0) }) {
            throw invalid("version", "may contain only visible ASCII characters (no spaces)")
        }
    }

    /// At most 32 entries; keys 1…63 of `[A-Za-z0-9._-]`; values up to 256 UTF-8 bytes without control
    /// characters. Bounded so one instance cannot make every lookup and watch answer large.
    public static func metadata(_ metadata: [String: String]) throws(RPCError) {
        if metadata.count > maximumMetadataEntries {
            throw invalid("metadata", "has \(metadata.count) entries; at most \(maximumMetadataEntries) are allowed")
        }
        for (key, value) in metadata {
            let keyBytes = key.utf8
            if keyBytes.isEmpty { throw invalid("metadata", "has an empty key") }
            if keyBytes.count > maximumMetadataKeyLength || !keyBytes.allSatisfy(isMetadataKeyByte) {
                throw invalid("metadata", "key '\(key.prefix(80))' must be 1...\(maximumMetadataKeyLength) of A-Z a-z 0-9 . _ -")
            }
            if value.utf8.count > maximumMetadataValueLength {
                throw invalid("metadata", "the value of '\(key)' is longer than \(maximumMetadataValueLength) bytes")
            }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw invalid("metadata", "the value of '\(key)' contains control characters")
            }
        }
    }

    private static func isMetadataKeyByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == 0x2E || byte == 0x5F || byte == 0x2D
    }

    package static func invalid(_ field: String, _ problem: String) -> RPCError {
        RPCError.invalidField(field, problem)
    }
}
