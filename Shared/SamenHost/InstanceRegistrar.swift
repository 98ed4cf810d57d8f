import SamenContracts
import SamenRPC

/// Where a `ServiceHost` keeps its instance's registry entry.
///
/// Normally the region's registry over the network (`RemoteRegistrar`); the registry program itself passes an
/// in-process registrar so that it never has to call itself over the network to appear in its own catalogue.
public protocol InstanceRegistrar: Sendable {
    func register(_ request: RegisterRequest) async throws -> RegisterResponse
    func heartbeat(_ request: HeartbeatRequest) async throws -> HeartbeatResponse
    func deregister(_ request: DeregisterRequest) async throws
}

/// Registers through a registry reached over Samen RPC, with a bounded wait per call so that a hung registry
/// cannot stall heartbeats or a drain.
public struct RemoteRegistrar: InstanceRegistrar {
    public let registry: RegistryClient
    public let timeout: Duration

    public init(registry: RegistryClient, timeout: Duration = .seconds(5)) {
        self.registry = registry
        self.timeout = timeout
    }

    public func register(_ request: RegisterRequest) async throws -> RegisterResponse {
        try await registry.register(request, options: CallOptions(timeout: timeout))
    }

    public func heartbeat(_ request: HeartbeatRequest) async throws -> HeartbeatResponse {
        try await registry.heartbeat(request, options: CallOptions(timeout: timeout))
    }

    public func deregister(_ request: DeregisterRequest) async throws {
        try await registry.deregister(request, options: CallOptions(timeout: timeout))
    }
}
