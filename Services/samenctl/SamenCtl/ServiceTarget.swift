import Foundation
import SamenContracts
import SamenHost
import SamenRPC

/// A service of one region that a command calls: where it listens (from the registry, or `--address`) and a client
/// holding the certificate the command was told to use there.
struct ServiceTarget {
    let service: String
    let region: String
    let address: Endpoint
    let client: RPCClient

    /// Finds a passing instance of `service` in `region` (nil: the session's default region) through the registry,
    /// unless `address` names one.
    static func open(_ service: String, region: String?, session: OperatorSession, registry: String?, address: String? = nil,
                     timeout: Duration, command: String) async throws(CtlFailure) -> ServiceTarget {
        guard let region = region ?? session.defaultRegion else {
            throw CtlFailure("\(session.home.pkiDirectory) names no region", hint: Hints.noHome, exitCode: 2)
        }
        let endpoint: Endpoint
        if let address {
            do { endpoint = try Endpoint(address) } catch {
                throw .usage("--address: \(error.message)", command: command)
            }
        } else {
            let registry = try session.registryEndpoint(override: registry, region: region)
            let found = try await session.lookup(registry: registry, request: LookupRequest(service: service, region: region))
            guard let instance = found.instances.first(where: { $0.health == .passing }) ?? found.instances.first else {
                throw CtlFailure("the registry at \(registry) knows no passing instance of \(service) in \(region)",
                                 hint: "`samenctl services --all-regions` lists what is registered")
            }
            endpoint = instance.address
        }
        let client = try session.client(endpoint, region: region, expectedService: service, timeout: timeout)
        return ServiceTarget(service: service, region: region, address: endpoint, client: client)
    }

    func close() async { await client.close() }

    /// A failed call in words: its status and message, and where to look when the service did not answer.
    /// `refusal` replaces the generic hint for `permission_denied`.
    func failure(_ error: any Error, refusal: String? = nil) -> CtlFailure {
        let error = error as? RPCError ?? RPCError(.internal, "\(error)")
        var hint: String?
        if HealthCommand.isUnreachable(error) {
            hint = "\(service) at \(address) did not answer; `samenctl health \(service)` shows its state"
        } else if error.status == .permissionDenied {
            hint = refusal
        }
        return CtlFailure("\(region)/\(service): \(error.status.name): \(TextOutput.printable(error.message))", hint: hint, exitCode: 1)
    }
}
