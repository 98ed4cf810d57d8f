import Foundation

/// The hosts an `Endpoint` accepts: an IPv4 dotted quad, an IPv6 address without a zone, or a DNS name.
///
/// DNS names follow RFC 1123: labels of 1…63 letters, digits and hyphens, not starting or ending with a hyphen,
/// at most 253 characters in all, no trailing dot. A name made only of digits and dots must be a valid IPv4
/// address, so that `999.1.1.1` is refused rather than looked up. IPv6 zones (`fe80::1%eth0`) are refused: an
/// address is published to other machines, where the zone of the machine that wrote it means nothing.
enum EndpointHost {
    /// Why `host` is not acceptable, or nil when it is.
    static func problem(_ host: String) -> String? {
        if host.isEmpty { return "is empty" }
        if host.contains(":") {
            if host.contains("%") { return "has an IPv6 zone; zones are not accepted" }
            return isIPv6(host[...]) ? nil : "is not a valid IPv6 address"
        }
        let bytes = Array(host.utf8)
        if bytes.allSatisfy({ $0 == 0x2E || (0x30...0x39).contains($0) }) {
            return isIPv4(host) ? nil : "is not a valid IPv4 address"
        }
        return dnsNameProblem(bytes)
    }

    static func isIPv6(_ text: Substring) -> Bool {
        // inet_pton reads a C string: the byte check keeps a NUL from hiding the rest of the text.
        guard !text.isEmpty, text.utf8.count <= 45, text.utf8.allSatisfy(isIPv6Byte) else { return false }
        var address = in6_addr()
        return inet_pton(AF_INET6, String(text), &address) == 1
    }

    /// inet_pton's IPv4 form: exactly four decimal parts of 0…255 without leading zeros.
    static func isIPv4(_ text: String) -> Bool {
        guard text.utf8.count <= 15 else { return false }
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    private static func dnsNameProblem(_ bytes: [UInt8]) -> String? {
        if bytes.count > 253 { return "is longer than 253 characters" }
        for label in bytes.split(separator: 0x2E, omittingEmptySubsequences: false) {
            if label.isEmpty { return "has an empty label (two dots, or a dot at the start or end)" }
            if label.count > 63 { return "has a label longer than 63 characters" }
            if !label.allSatisfy({ isLetterOrDigit($0) || $0 == 0x2D }) {
                return "may contain only letters, digits, hyphens and dots"
            }
            if label.first == 0x2D || label.last == 0x2D { return "has a label starting or ending with '-'" }
        }
        return nil
    }

    private static func isIPv6Byte(_ byte: UInt8) -> Bool {
        (0x30...0x3A).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte) || byte == 0x2E
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
