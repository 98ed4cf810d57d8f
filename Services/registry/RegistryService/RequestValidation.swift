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

    /// The identity of a registered instance: identity syntax, and a service name an instance may take.
    static func identity(service: String, region: String, instance: String) throws(RPCError) -> ServiceIdentity {
        try identityPart("service", service)
        try RegistrationRules.service(service)
        try identityPart("region", region)
        try identityPart("instance", instance)
        // Cannot fail after the checks above.
        return try! ServiceIdentity(region: region, service: service, instance: instance)
    }

    static func register(_ request: RegisterRequest) throws(RPCError) -> ServiceIdentity {
        let identity = try identity(service: request.service, region: request.region, instance: request.instance)
        try RegistrationRules.address(request.address)
        try RegistrationRules.version(request.version)
        if let ttl = request.ttlSeconds { try leaseSeconds(ttl) }
        try RegistrationRules.metadata(request.metadata)
        return identity
    }

    /// A catalogue row read back from the file: the same rules as on the way in, plus what the registry itself
    /// sets (a positive finite lease, finite timestamps), so a row that could never have been written is caught.
    static func stored(_ instance: ServiceInstance) throws(RPCError) {
        _ = try identity(service: instance.service, region: instance.region, instance: instance.instance)
        try RegistrationRules.address(instance.address)
        try RegistrationRules.version(instance.version)
        try RegistrationRules.metadata(instance.metadata)
        try leaseSeconds(instance.ttlSeconds)
        for (field, date) in [("registeredAt", instance.registeredAt), ("lastHeartbeatAt", instance.lastHeartbeatAt)]
        where !date.timeIntervalSince1970.isFinite {
            throw RegistrationRules.invalid(field, "is not a finite time")
        }
    }

    /// A lease's time to live: positive and finite (the registry clamps it into its own bounds afterwards).
    private static func leaseSeconds(_ ttl: Double) throws(RPCError) {
        if !(ttl.isFinite && ttl > 0) {
            throw RegistrationRules.invalid("ttlSeconds", "must be a positive number of seconds, found \(ttl)")
        }
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
