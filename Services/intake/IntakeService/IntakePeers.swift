import SamenContracts
import SamenDiscovery
import SamenRPC

/// How intake reaches the federation: which regions there are, and each region's intake.
public protocol IntakePeers: Sendable {
    /// Every region of the federation, this one included, sorted: the regions a registration must ask.
    func regions() async throws -> [String]
    func intake(in region: String) -> IntakeClient
}

/// The federation as the region's registry knows it (`samen.registry/regions`), and intakes found through it.
public struct DirectoryPeers: IntakePeers {
    let directory: ServiceDirectory

    public init(directory: ServiceDirectory) { self.directory = directory }

    public func regions() async throws -> [String] {
        do {
            return try await directory.registry.regions(options: CallOptions(timeout: .seconds(3))).all
        } catch {
            throw RPCError(.unavailable, "the list of regions could not be read from the registry: \(error)")
        }
    }

    public func intake(in region: String) -> IntakeClient {
        IntakeClient(channel: directory.channel(service: IntakeAPI.service, region: region))
    }
}
