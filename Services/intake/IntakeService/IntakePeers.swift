import SamenContracts
import SamenDiscovery
import SamenRPC
import Synchronization

/// How intake reaches the federation: which regions there are, and each region's intake.
public protocol IntakePeers: Sendable {
    /// Every region of the federation, this one included, sorted: the regions a registration must ask.
    func regions() async throws -> [String]
    func intake(in region: String) -> IntakeClient
}

/// The federation as the region's registry knows it (`samen.registry/regions`), and intakes found through it.
///
/// The region list changes only when an operator reconfigures the registries, so it is kept for `refreshAfter`
/// instead of asked for on every registration; when the registry cannot be reached, the last list is used.
public final class DirectoryPeers: IntakePeers {
    let directory: ServiceDirectory
    let refreshAfter: Duration
    private let cached = Mutex<(regions: [String], at: ContinuousClock.Instant)?>(nil)

    public init(directory: ServiceDirectory, refreshAfter: Duration = .seconds(5)) {
        self.directory = directory
        self.refreshAfter = refreshAfter
    }

    public func regions() async throws -> [String] {
        let now = ContinuousClock.now
        if let cached = cached.withLock({ $0 }), now - cached.at < refreshAfter { return cached.regions }
        do {
            let regions = try await directory.registry.regions(options: CallOptions(timeout: .seconds(3))).all
            self.cached.withLock { $0 = (regions, now) }
            return regions
        } catch {
            if let stale = cached.withLock({ $0 }) { return stale.regions }
            throw RPCError(.unavailable, "the list of regions could not be read from the registry: \(error)")
        }
    }

    public func intake(in region: String) -> IntakeClient {
        IntakeClient(channel: directory.channel(service: IntakeAPI.service, region: region))
    }
}
