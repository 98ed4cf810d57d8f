import Foundation

/// Recognises textual IP addresses.
///
/// A server name is checked against IP SANs when it is an address and DNS SANs otherwise, so
/// the distinction must match what OpenSSL's `X509_VERIFY_PARAM_set1_ip_asc` accepts.
enum IPAddressText {
    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
