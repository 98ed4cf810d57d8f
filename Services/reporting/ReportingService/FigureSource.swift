import SamenAgencyKit
import SamenContracts
import SamenDiscovery
import SamenRPC
import Synchronization

/// Where reporting reads the figures from: the regions of the federation and each region's services' figures
/// methods (`<service>/figures`), called as service `reporting`, never their databases.
public protocol FigureSource: Sendable {
    /// Every region of the federation, this one included.
    func regions() async throws -> [String]
    /// Figures of `service` in `region`, each over its own period, from one snapshot of that service
    /// (`<service>/figures.batch`), in the order asked.
    func figures(service: String, region: String, _ batch: AggregateBatchRequest) async throws -> AggregateBatch
    /// Every instance of `services` in `regions` with the version it registered, for a closed year's record.
    func versions(of services: Set<String>, in regions: [String]) async throws -> [ServiceVersion]
}

/// The federation as the region's registry knows it, and each region's services found through it.
public final class DirectoryFigureSource: FigureSource {
    let directory: ServiceDirectory
    private let regionList: RegionList
    /// Regions whose service another region's instance serves (`service/region` → serving region), once found,
    /// so that later reports ask that instance at once instead of failing a lookup first.
    private let routes = Mutex<[String: String]>([:])
    /// How long one figure may take, so a service that hangs fails the table instead of the report.
    let timeout: Duration

    public init(directory: ServiceDirectory, refreshAfter: Duration = .seconds(5), timeout: Duration = .seconds(20)) {
        self.directory = directory
        self.timeout = timeout
        regionList = RegionList(directory: directory, refreshAfter: refreshAfter)
    }

    public func regions() async throws -> [String] {
        try await regionList.regions()
    }

    public func figures(service: String, region: String, _ batch: AggregateBatchRequest) async throws -> AggregateBatch {
        let key = "\(service)/\(region)"
        if let serving = routes.withLock({ $0[key] }) {
            do {
                return try await routed(service, of: region, servedBy: serving, batch)
            } catch {
                routes.withLock { $0[key] = nil }   // the route may have changed: found again by the next report
                throw error
            }
        }
        do {
            return try await call(service, in: region, batch)
        } catch let error as RPCError where error.status == .unavailable {
            // A region whose service another region's instance serves (a registry route: tolkdienst run centrally)
            // has no instance of its own. That instance keeps the served region's records beside its own, per
            // region: ask it, and the builder takes this region's rows only.
            guard let serving = await servingRegion(of: service, for: region) else { throw error }
            let answer = try await routed(service, of: region, servedBy: serving, batch)
            routes.withLock { $0[key] = serving }
            return answer
        }
    }

    private func routed(_ service: String, of region: String, servedBy serving: String, _ batch: AggregateBatchRequest) async throws -> AggregateBatch {
        let answer = try await call(service, in: serving, batch)
        if let whole = answer.tables.first(where: { !$0.dimensions.contains("region") }) {
            throw RPCError(.failedPrecondition, "\(service) of \(region) is served by region \(serving), whose figure \(whole.figure) "
                               + "has no region dimension: it cannot be told apart from \(serving)'s own")
        }
        return answer
    }

    /// Every agency service answers its figures at `<service>/figures.batch` (the kit's aggregate), so one method
    /// shape reaches them all.
    private func call(_ service: String, in region: String, _ batch: AggregateBatchRequest) async throws -> AggregateBatch {
        try await directory.channel(service: service, region: region).call(FigureMethods.batch(service, page: "its page"), batch,
                                                                          options: CallOptions(timeout: timeout))
    }

    /// The region whose instance serves `service` for `region` by a route, as the registries say (a lookup of a
    /// routed service through another region's registry is refused naming the serving region); nil if not routed.
    private func servingRegion(of service: String, for region: String) async -> String? {
        do {
            _ = try await directory.registry.lookup(LookupRequest(service: service, region: region), options: CallOptions(timeout: .seconds(3)))
            return nil
        } catch let error as RPCError {
            guard error.status == .failedPrecondition, let serving = error.details["region"], serving != region else { return nil }
            return serving
        } catch {
            return nil
        }
    }

    public func versions(of services: Set<String>, in regions: [String]) async throws -> [ServiceVersion] {
        let catalog = try await directory.registry.catalog(CatalogRequest(allRegions: true), options: CallOptions(timeout: .seconds(5)))
        return catalog.instances.filter { services.contains($0.service) && regions.contains($0.region) }
            .map { ServiceVersion(service: $0.service, region: $0.region, instance: $0.instance, version: $0.version) }
            .sorted { ($0.service, $0.region, $0.instance) < ($1.service, $1.region, $1.instance) }
    }
}
