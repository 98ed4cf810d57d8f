import SamenContracts
import SamenHost
import SamenRPC

/// The registry's own registration, in-process: the same rules as over the network, with the registry's own
/// identity as the caller, so the registry appears in its catalogue without calling itself.
struct LocalRegistrar: InstanceRegistrar {
    let service: RegistryService

    func register(_ request: RegisterRequest) async throws -> RegisterResponse {
        try await service.register(request, caller: service.configuration.identity, logger: service.configuration.logger)
    }

    func heartbeat(_ request: HeartbeatRequest) async throws -> HeartbeatResponse {
        try await service.heartbeat(request, caller: service.configuration.identity, logger: service.configuration.logger)
    }

    func deregister(_ request: DeregisterRequest) async throws {
        try await service.deregister(request, caller: service.configuration.identity, logger: service.configuration.logger)
    }
}
