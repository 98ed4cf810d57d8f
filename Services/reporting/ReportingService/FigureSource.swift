import SamenAgencyKit
import SamenContracts
import SamenDiscovery
import SamenRPC

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
    /// How long one figure may take, so a service that hangs fails the table instead of the report.
    let timeout: Duration

    public init(directory: ServiceDirectory, refreshAfter: Duration = .seconds(5), timeout: Duration = .seconds(20)) {
        self.directory = directory
        self.timeout = timeout
        regionList = RegionList(refreshAfter: refreshAfter) {
            try await directory.registry.regions(options: CallOptions(timeout: .seconds(3))).all
        }
    }

    public func regions() async throws -> [String] {
        try await regionList.regions()
    }

    public func figures(service: String, region: String, _ batch: AggregateBatchRequest) async throws -> AggregateBatch {
        // Every agency service answers its figures at `<service>/figures.batch` (the kit's aggregate), so one
        // method shape reaches them all.
        let method = FigureMethods.batch(service, page: "its page")
        let answer = try await directory.channel(service: service, region: region).call(method, batch, options: CallOptions(timeout: timeout))
        guard answer.tables.count == batch.requests.count else {
            throw RPCError(.internal, "\(service) of \(region) answered \(answer.tables.count) figures for \(batch.requests.count) asked")
        }
        return answer
    }

    public func versions(of services: Set<String>, in regions: [String]) async throws -> [ServiceVersion] {
        let catalog = try await directory.registry.catalog(CatalogRequest(allRegions: true), options: CallOptions(timeout: .seconds(5)))
        return catalog.instances.filter { services.contains($0.service) && regions.contains($0.region) }
            .map { ServiceVersion(service: $0.service, region: $0.region, instance: $0.instance, version: $0.version) }
            .sorted { ($0.service, $0.region, $0.instance) < ($1.service, $1.region, $1.instance) }
    }
}
