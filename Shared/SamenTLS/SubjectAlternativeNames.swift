import COpenSSL
import Foundation

/// The URI, DNS and IP entries of a certificate's subjectAltName extension.
///
/// Public so the admin CLI and tests can show what a certificate claims without a second parser.
public struct SubjectAlternativeNames: Sendable, Equatable {
    public var uris: [String] = []
    public var dnsNames: [String] = []
    /// Textual IPv4 or IPv6 addresses, as `inet_ntop` writes them.
    public var ipAddresses: [String] = []

    public init(uris: [String] = [], dnsNames: [String] = [], ipAddresses: [String] = []) {
        self.uris = uris
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
    }

    /// Reads the names of a PEM certificate (the first one in `pem`).
    public init(certificatePEM pem: String) throws {
        let certificate = try X509Certificate(pem: pem)
        self.init(certificate: certificate.raw)
    }

    /// Reads the names from an `X509*`; a certificate without the extension has none.
    init(certificate: OpaquePointer) {
        guard let decoded = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else {
            // A missing extension also leaves nothing on the queue, but a malformed one would.
            OpenSSLErrorQueue.clear()
            return
        }
        let names = OpaquePointer(decoded)
        defer { samen_GENERAL_NAMES_free(names) }
        for index in 0..<samen_sk_GENERAL_NAME_num(names) {
            guard let name = samen_sk_GENERAL_NAME_value(names, index) else { continue }
            switch name.pointee.type {
            case GEN_URI:
                if let text = Self.ia5(name.pointee.d.uniformResourceIdentifier) { uris.append(text) }
            case GEN_DNS:
                if let text = Self.ia5(name.pointee.d.dNSName) { dnsNames.append(text) }
            case GEN_IPADD:
                if let text = Self.ipAddress(name.pointee.d.iPAddress) { ipAddresses.append(text) }
            default:
                continue
            }
        }
    }

    private static func ia5(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String? {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return nil }
        let buffer = UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string)))
        return String(decoding: buffer, as: UTF8.self)
    }

    private static func ipAddress(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String? {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return nil }
        let length = Int(ASN1_STRING_length(string))
        let family: Int32
        switch length {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var output = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(family, data, &output, socklen_t(output.count)) != nil else { return nil }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
