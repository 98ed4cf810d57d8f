import SamenAgencyKit
import SamenContracts
import SamenDiscovery
import SamenRPC

/// How trajectory reaches the other regions: which regions there are, and each region's trajectory service (for
/// transfers and exemption tests).
public protocol TrajectoryPeers: Sendable {
    /// Every region of the federation, this one included.
    func regions() async throws -> [String]
    /// The trajectory service of `region`.
    func channel(in region: String) -> any RPCChannel
}

extension TrajectoryPeers {
    func transfers(in region: String) -> TransferClient { TransferClient(channel: channel(in: region)) }
}

/// The federation as the region's registry knows it (the kit's `RegionList`), and trajectory services found through it.
public final class DirectoryTrajectoryPeers: TrajectoryPeers {
    let directory: ServiceDirectory
    private let regionList: RegionList

    public init(directory: ServiceDirectory, refreshAfter: Duration = .seconds(5)) {
        self.directory = directory
        regionList = RegionList(directory: directory, refreshAfter: refreshAfter)
    }

    public func regions() async throws -> [String] {
        try await regionList.regions()
    }

    public func channel(in region: String) -> any RPCChannel {
        directory.channel(service: TrajectoryAPI.service, region: region)
    }
}
