/// Where a server listens or a client connects: a host (IP literal or DNS name) and a TCP port.
/// Written `host:port`, with IPv6 literals in brackets: `[::1]:7100`.
///
/// Every value is valid (see `EndpointHost` for the host rules, ports are 0…65535) and its text form parses back
/// to the same value: `Endpoint(e.description) == e`, and `Endpoint(text).description == text` for every text
/// that parses. Hosts are kept as written (not lower-cased, IPv6 not compressed), so the round trip is exact.
/// Text from outside (flags, files, the wire, a database) goes through `init(_:)` or `init(validatingHost:port:)`.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible, Codable {
    public let host: String
    public let port: Int

    /// For hosts and ports known to be valid: literals, or the parts of an endpoint that was validated already.
    /// An invalid value is a programming error and stops the process; use `init(validatingHost:port:)` otherwise.
    public init(host: String, port: Int) {
        do {
            try self.init(validatingHost: host, port: port)
        } catch {
            preconditionFailure("Endpoint(host:port:) with an invalid value: \(error.message)")
        }
    }

    /// Checks the host and the port; `invalid_argument` naming the field `address` otherwise.
    public init(validatingHost host: String, port: Int) throws(RPCError) {
        if let problem = EndpointHost.problem(host) {
            throw Self.invalid("host '\(host.prefix(80))' \(problem)")
        }
        guard (0...65535).contains(port) else {
            throw Self.invalid("port \(port) is not in 0...65535")
        }
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`; the port is decimal without sign or leading zeros.
    public init(_ text: String) throws(RPCError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw Self.invalid("'\(text.prefix(300))' must look like [::1]:7100")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            guard EndpointHost.isIPv6(hostPart) else {
                throw Self.invalid("'\(text.prefix(300))': only IPv6 addresses go in brackets")
            }
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw Self.invalid("'\(text.prefix(300))' has no port; write host:port, e.g. 127.0.0.1:7100")
            }
            hostPart = text[..<colon]
            if hostPart.contains(":") {
                throw Self.invalid("'\(text.prefix(300))': write IPv6 addresses in brackets, e.g. [::1]:7100")
            }
            portPart = text[text.index(after: colon)...]
        }
        guard let port = Self.port(portPart) else {
            throw Self.invalid("'\(text.prefix(300))' needs a port from 0 to 65535 in plain decimal")
        }
        try self.init(validatingHost: String(hostPart), port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Decoding validates like `init(_:)`: a stored or received address is either valid or an error, never a value
    /// that cannot be written back.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Digits only, at most five, no leading zero except "0" itself: so that the text is the number's only spelling.
    private static func port(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard (1...5).contains(bytes.count), bytes.allSatisfy({ (0x30...0x39).contains($0) }),
              bytes.count == 1 || bytes[0] != 0x30 else { return nil }
        let value = bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return value <= 65535 ? value : nil
    }

    private static func invalid(_ problem: String) -> RPCError {
        RPCError(.invalidArgument, "field 'address': \(problem)", details: ["field": "address"])
    }
}
