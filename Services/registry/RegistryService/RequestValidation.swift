import SamenContracts
import SamenRPC
import SamenTLS

/// Field checks for registry requests: every failure is `invalid_argument` naming the field and the rule.
enum RequestValidation {
    /// Checks one identity part (service, region or instance) with the certificate identity's own syntax rules,
    /// so that whatever registers could also appear in a certificate.
    static func identityPart(_ field: String, _ value: String) throws(RPCError) {
        do {
            // Validates all three parts; the two fillers are known-good.
            switch field {
            case "region": _ = try ServiceIdentity(region: value, service: "x", instance: "x")
            case "service": _ = try ServiceIdentity(region: "x", service: value, instance: "x")
            default: _ = try ServiceIdentity(region: "x", service: "x", instance: value)
            }
        } catch let error as IdentityError {
            throw RPCError(.invalidArgument, "field '\(field)': \(error.message)", details: ["field": field])
        } catch {
            throw RPCError(.invalidArgument, "field '\(field)' is not valid", details: ["field": field])
        }
    }

    static func identity(service: String, region: String, instance: String) throws(RPCError) -> ServiceIdentity {
        try identityPart("service", service)
        try identityPart("region", region)
        try identityPart("instance", instance)
        // Cannot fail after the checks above.
        return try! ServiceIdentity(region: region, service: service, instance: instance)
    }

    static func register(_ request: RegisterRequest) throws(RPCError) -> ServiceIdentity {
        let identity = try identity(service: request.service, region: request.region, instance: request.instance)
        try address(request.address)
        try version(request.version)
        if let ttl = request.ttlSeconds, !(ttl.isFinite && ttl > 0) {
            throw invalid("ttlSeconds", "must be a positive number of seconds, found \(ttl)")
        }
        try metadata(request.metadata)
        return identity
    }

    /// A catalogue row read back from the file: the same rules as on the way in, plus what the registry itself
    /// sets (a positive finite lease, finite timestamps), so a row that could never have been written is caught.
    static func stored(_ instance: ServiceInstance) throws(RPCError) {
        _ = try identity(service: instance.service, region: instance.region, instance: instance.instance)
        try address(instance.address)
        try version(instance.version)
        try metadata(instance.metadata)
        if !(instance.ttlSeconds.isFinite && instance.ttlSeconds > 0) {
            throw invalid("ttlSeconds", "must be a positive number of seconds")
        }
        for (field, date) in [("registeredAt", instance.registeredAt), ("lastHeartbeatAt", instance.lastHeartbeatAt)]
        where !date.timeIntervalSince1970.isFinite {
            throw invalid(field, "is not a finite time")
        }
    }

    /// The host is valid by construction (`Endpoint`); an instance must also name a port it can be called on.
    static func address(_ address: Endpoint) throws(RPCError) {
        if !(1...65535).contains(address.port) {
            throw invalid("address", "port \(address.port) is not in 1...65535")
        }
    }

    static let maximumVersionLength = 64
    static let maximumMetadataEntries = 32
    static let maximumMetadataKeyLength = 63
    static let maximumMetadataValueLength = 256

    /// 1…64 visible ASCII characters: versions are shown in tables and logs, so no spaces or control characters.
    static func version(_ version: String) throws(RPCError) {
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
    static func metadata(_ metadata: [String: String]) throws(RPCError) {
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

    private static func invalid(_ field: String, _ problem: String) -> RPCError {
        RPCError(.invalidArgument, "field '\(field)' \(problem)", details: ["field": field])
    }

    /// The caller may only act for itself: the identity in the request must be the one in its certificate.
    static func requireCaller(_ caller: ServiceIdentity, is claimed: ServiceIdentity, action: String,
                              logger: Logger) throws(RPCError) {
        guard caller != claimed else { return }
        // Identities are service names, never personal data.
        logger.warning("impersonation refused", [("action", action), ("caller", caller.uri), ("claimed", claimed.uri)])
        throw RPCError(.permissionDenied,
                       "\(caller.uri) may not \(action) \(claimed.uri): an instance may only \(action) itself")
    }
}
