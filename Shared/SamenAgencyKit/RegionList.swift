import SamenDiscovery
import SamenRPC
import Synchronization

/// The regions of the federation as the region's registry lists them (`samen.registry/regions`), for a service
/// that calls its peers in other regions.
///
/// The list changes only when an operator reconfigures the registries, so it is kept for `refreshAfter` instead of
/// asked for on every call; when the registry cannot be reached, the last list is used (and asked again only after
/// another `refreshAfter`).
public final class RegionList: Sendable {
    private let fetch: @Sendable () async throws -> [String]
    private let refreshAfter: Duration
    private let cached = Mutex<(regions: [String], at: ContinuousClock.Instant)?>(nil)

    /// `fetch` asks the registry (e.g. `directory.registry.regions(...).all`).
    public init(refreshAfter: Duration = .seconds(5), fetch: @escaping @Sendable () async throws -> [String]) {
        self.fetch = fetch
        self.refreshAfter = refreshAfter
    }

    /// The regions as `directory`'s registry lists them: how every service that calls its peers reads them.
    public convenience init(directory: ServiceDirectory, refreshAfter: Duration = .seconds(5)) {
        self.init(refreshAfter: refreshAfter) {
            try await directory.registry.regions(options: CallOptions(timeout: .seconds(3))).all
        }
    }

    /// Every region, sorted as the registry answers; `unavailable` only when it was never read.
    public func regions() async throws -> [String] {
        let now = ContinuousClock.now
        if let cached = cached.withLock({ $0 }), now - cached.at < refreshAfter { return cached.regions }
        do {
            let regions = try await fetch()
            self.cached.withLock { $0 = (regions, now) }
            return regions
        } catch {
            // The last list is kept for another `refreshAfter`, so that while the registry is away each call does
            // not wait for another failed fetch (intake asks on every registration).
            if let stale = cached.withLock({ cached in
                if let stale = cached { cached = (stale.regions, now) }
                return cached
            }) { return stale.regions }
            throw RPCError(.unavailable, "the list of regions could not be read from the registry: \(error)")
        }
    }
}
