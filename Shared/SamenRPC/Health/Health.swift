import Foundation

/// The health protocol every Samen server answers, modelled on gRPC's: is this instance serving, and what is it.
public enum Health {
    /// Any authenticated peer may ask. Answers `not_serving` while the server drains.
    public static let check = UnaryMethod<HealthCheckRequest, HealthCheckResponse>(
        "samen.health/check", "Whether the instance serves, and what it is (service, region, instance, version, uptime).",
        policy: .discovery,
        errors: [DeclaredError(.notFound, "service is set and names another service than this instance's")])
}

public struct HealthCheckRequest: Codable, Sendable, Equatable {
    /// The service the caller expects; when set and different, the answer is `not_found`.
    public var service: String?
    public init(service: String? = nil) { self.service = service }
}

public struct HealthCheckResponse: Codable, Sendable, Equatable {
    public enum ServingStatus: String, Codable, Sendable, CaseIterable {
        case serving
        case notServing = "not_serving"
    }

    public var status: ServingStatus
    public var service: String
    public var region: String
    public var instance: String
    public var version: String
    public var uptimeSeconds: Double
    public var startedAt: Date

    public init(status: ServingStatus, service: String, region: String, instance: String, version: String,
                uptimeSeconds: Double, startedAt: Date) {
        self.status = status
        self.service = service
        self.region = region
        self.instance = instance
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.startedAt = startedAt
    }
}

/// The server's own answer to `Health.check`.
struct HealthService: Sendable {
    let core: ServerCore

    func check(_ request: HealthCheckRequest) throws -> HealthCheckResponse {
        let identity = core.configuration.identity
        if let service = request.service, !service.isEmpty, service != identity.service {
            throw RPCError(.notFound, "this is \(identity.service), not \(service)")
        }
        return HealthCheckResponse(
            status: core.isDraining ? .notServing : .serving, service: identity.service, region: identity.region,
            instance: identity.instance, version: core.configuration.version,
            uptimeSeconds: Double(MonotonicClock.now - core.startedMonotonic) / 1e9, startedAt: core.startedAt)
    }
}
