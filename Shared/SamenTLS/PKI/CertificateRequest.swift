import Foundation

/// What a leaf certificate should say: names and validity. The CA supplies key, serial and policy.
public struct CertificateRequest: Sendable {
    /// For humans reading the certificate; identity and hostnames come from the SANs.
    public var commonName: String
    /// Becomes a samen:// URI SAN, the name mesh peers authorize on.
    public var identity: ServiceIdentity?
    /// DNS SANs that clients may use as `serverName`, e.g. ["localhost"].
    public var dnsNames: [String]
    /// IP SANs (IPv4 or IPv6 text), e.g. ["127.0.0.1", "::1"].
    public var ipAddresses: [String]
    /// Staff roles, each a `samen-role:<role>` URI SAN; only for a staff identity (see `StaffCertificate`).
    public var roles: [String] = []
    public var notBefore: Date
    public var notAfter: Date

    /// Default validity starts 5 minutes ago (tolerates clock skew between hosts) and lasts
    /// 825 days, the longest lifetime mainstream TLS clients have accepted for leaf certificates.
    public init(commonName: String, identity: ServiceIdentity? = nil, dnsNames: [String] = [], ipAddresses: [String] = [],
                notBefore: Date = Date().addingTimeInterval(-5 * 60),
                notAfter: Date = Date().addingTimeInterval(825 * 24 * 60 * 60)) {
        self.commonName = commonName
        self.identity = identity
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// Checks what OpenSSL would accept silently but clients would later reject or misread.
    func validate() throws {
        try CertificateNames.validateCommonName(commonName)
        guard notAfter > notBefore else {
            throw TLSError("certificate request for '\(commonName)': notAfter \(notAfter) is not after notBefore \(notBefore)")
        }
        for name in dnsNames {
            try CertificateNames.validateDNSName(name)
        }
        if !roles.isEmpty || identity?.service == StaffCertificate.service {
            guard identity?.service == StaffCertificate.service, !roles.isEmpty else {
                throw TLSError("certificate request for '\(commonName)': staff roles go with a samen://<region>/staff/<user> identity, "
                                   + "and a staff identity needs at least one role")
            }
            _ = try StaffCertificate.roleURIs(roles)
        }
        for address in ipAddresses where !IPAddressText.isIPAddress(address) {
            throw TLSError("'\(address)' is not an IPv4 or IPv6 address")
        }
    }
}

/// Name rules shared by CA and leaf certificates.
enum CertificateNames {
    /// RFC 5280's upper bound for a common name.
    static let maximumCommonNameLength = 64

    static func validateCommonName(_ name: String) throws {
        guard !name.isEmpty else { throw TLSError("common name is empty") }
        guard name.utf8.count <= maximumCommonNameLength else {
            throw TLSError("common name '\(name)' is longer than \(maximumCommonNameLength) bytes")
        }
    }

    /// Hostnames (optionally one leading "*." wildcard label) in ASCII; IDNs must be given as punycode.
    static func validateDNSName(_ name: String) throws {
        guard !name.isEmpty, name.utf8.count <= 253 else {
            throw TLSError("DNS name '\(name)' must be 1...253 characters")
        }
        var labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.first == "*" && labels.count > 2 { labels.removeFirst() }
        for label in labels {
            guard !label.isEmpty, label.count <= 63,
                  label.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }),
                  !label.hasPrefix("-"), !label.hasSuffix("-") else {
                throw TLSError("'\(name)' is not a valid DNS name (label '\(label)')")
            }
        }
    }
}
