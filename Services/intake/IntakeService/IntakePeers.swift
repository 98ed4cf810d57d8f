import SamenContracts
import SamenDiscovery
import SamenRPC
import SamenAgencyKit

/// How intake reaches the federation: which regions there are, and each region's intake.
public protocol IntakePeers: Sendable {
    /// Every region of the federation, this one included, sorted: the regions a registration must ask.
    func regions() async throws -> [String]
    func intake(in region: String) -> IntakeClient
}

/// The federation as the region's registry knows it (the kit's `RegionList`), and intakes found through it.
public final class DirectoryPeers: IntakePeers {
    let directory: ServiceDirectory
    private let regionList: RegionList

    public init(directory: ServiceDirectory, refreshAfter: Duration = .seconds(5)) {
        self.directory = directory
        regionList = RegionList(directory: directory, refreshAfter: refreshAfter)
    }

    public func regions() async throws -> [String] {
        try await regionList.regions()
    }

    public func intake(in region: String) -> IntakeClient {
        IntakeClient(channel: directory.channel(service: IntakeAPI.service, region: region))
    }
}
