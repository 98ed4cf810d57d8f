/// Who a mesh peer is: `samen://<region>/<service>/<instance>`, carried as a URI subject
/// alternative name in its certificate.
///
/// Each part is 1...63 characters of `[a-z0-9-]`, not starting or ending with '-', i.e. a DNS
/// label in lowercase. The strictness is deliberate: identities are compared byte for byte in
/// authorization decisions, so there must be exactly one spelling of each identity.
public struct ServiceIdentity: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The URI scheme prefix, including the authority separator.
    public static let scheme = "samen://"

    public var region: String
    public var service: String
    public var instance: String

    /// Validates each part; throws `IdentityError` naming the part and the broken rule.
    public init(region: String, service: String, instance: String) throws {
        try Self.validate(part: "region", region)
        try Self.validate(part: "service", service)
        try Self.validate(part: "instance", instance)
        self.region = region
        self.service = service
        self.instance = instance
    }

    /// Parses `samen://<region>/<service>/<instance>`; throws `IdentityError` for anything else.
    public init(uri: String) throws {
        guard uri.hasPrefix(Self.scheme) else {
            if let range = uri.range(of: "://") {
                throw IdentityError("identity URI '\(uri)' has scheme '\(uri[..<range.lowerBound])'; expected 'samen://'")
            }
            throw IdentityError("identity URI '\(uri)' does not start with 'samen://'")
        }
        let path = uri.dropFirst(Self.scheme.count)
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let names = ["region", "service", "instance"]
        if parts.count < 3 {
            let missing = names[parts.count...].joined(separator: " and ")
            throw IdentityError("identity URI '\(uri)' is missing the \(missing); expected samen://<region>/<service>/<instance>")
        }
        if parts.count > 3 {
            if parts.count == 4 && parts[3].isEmpty {
                throw IdentityError("identity URI '\(uri)' has a trailing '/'; expected samen://<region>/<service>/<instance>")
            }
            throw IdentityError("identity URI '\(uri)' has \(parts.count) path parts; expected exactly 3 (region/service/instance)")
        }
        do {
            try self.init(region: parts[0], service: parts[1], instance: parts[2])
        } catch let error as IdentityError {
            throw IdentityError("identity URI '\(uri)': \(error.message)")
        }
    }

    /// The canonical URI form, as written into certificates.
    public var uri: String { "\(Self.scheme)\(region)/\(service)/\(instance)" }

    public var description: String { uri }

    // Encoded as the URI string rather than three fields, so configuration files and
    // wire messages show identities the same way certificates and logs do.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(uri: text)
        } catch let error as IdentityError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(uri)
    }

    static let maximumPartLength = 63

    private static func validate(part name: String, _ value: String) throws {
        if value.isEmpty {
            throw IdentityError("\(name) is empty; it must be 1...\(maximumPartLength) characters of [a-z0-9-]")
        }
        let length = value.unicodeScalars.count
        if length > maximumPartLength {
            throw IdentityError("\(name) '\(value)' is \(length) characters long; at most \(maximumPartLength) are allowed")
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", "-":
                continue
            case "A"..."Z":
                throw IdentityError("\(name) '\(value)' contains uppercase letter '\(scalar)'; identity parts must be lowercase")
            default:
                let shown = scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7f
                    ? "'\(scalar)'" : "U+\(String(scalar.value, radix: 16, uppercase: true))"
                throw IdentityError("\(name) '\(value)' contains invalid character \(shown); only [a-z0-9-] is allowed")
            }
        }
        if value.hasPrefix("-") {
            throw IdentityError("\(name) '\(value)' starts with '-'")
        }
        if value.hasSuffix("-") {
            throw IdentityError("\(name) '\(value)' ends with '-'")
        }
    }
}
