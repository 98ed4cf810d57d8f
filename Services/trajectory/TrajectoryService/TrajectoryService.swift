import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Trajectory in one region: contracts signed, the trajectories they open with their components and counsellors,
/// kept in `<data>/trajectory.sqlite` through the agency kit (audited, idempotent, versioned). The person comes
/// from the region's intake, read over the mesh as the acting staff member. Tests drive it in-process;
/// `TrajectoryProgram` runs it.
public final class TrajectoryService: Sendable {
    /// Everything the service needs, loaded.
    public struct Configuration: Sendable {
        public var identity: ServiceIdentity
        public var databasePath: String
        /// How long intake may take to hand out a person's file at signing.
        public var intakeTimeout: Duration = .seconds(5)
        /// The pace of the work with other regions: transfers and exemption results.
        public var peerWork = PeerWork()
        /// Test hook only (`SAMEN_TRAJECTORY_CRASH_AT`): the transfer step at which the process kills itself.
        public var crashAt: CrashPoint?
        public var now: @Sendable () -> Date = Date.init
        public var logger: Logger

        public init(identity: ServiceIdentity, databasePath: String, logger: Logger) {
            self.identity = identity
            self.databasePath = databasePath
            self.logger = logger
        }
    }

    public let configuration: Configuration
    let store: AgencyStore
    let records: TrajectoryRecords
    /// MO course supply: groups, enrolments and waiting lists (docs/TRAJECTORY.md, "MO course supply").
    let mo: MOCourses
    /// The region's intake, reached through the service directory; the acting user goes with every call.
    let intake: IntakeClient
    let persons: IntakePersons
    /// MO exemption tests, offered here and booked here (docs/TRAJECTORY-EXEMPTION.md).
    let exemption: MOExemption
    /// The other regions' trajectory services, for transfers and exemption tests (docs/TRAJECTORY-TRANSFER.md).
    let peers: any TrajectoryPeers
    let transfers: TransferRecords
    let reconciler = BackgroundTask()

    public init(configuration: Configuration, intake: IntakeClient, peers: any TrajectoryPeers) throws {
        self.configuration = configuration
        self.intake = intake
        self.peers = peers
        store = try AgencyStore(path: configuration.databasePath, service: configuration.identity,
                                migrations: Self.migrations, now: configuration.now)
        records = TrajectoryRecords(region: configuration.identity.region)
        transfers = TransferRecords(region: configuration.identity.region)
        mo = MOCourses(store: store, region: configuration.identity.region)
        persons = IntakePersons(intake: intake, region: configuration.identity.region, timeout: configuration.intakeTimeout)
        exemption = MOExemption(store: store, records: records, persons: persons, peerWork: configuration.peerWork,
                                logger: configuration.logger) { [peers] region in ExemptionClient(channel: peers.channel(in: region)) }
    }

    var region: String { configuration.identity.region }

    /// Every table of `trajectory.sqlite`: the trajectories', the MO course supply's, the transfers', the exemption test's and the records', which
    /// refer to one another (an MO enrolment names its trajectory).
    public static var migrations: [Migration] {
        TrajectorySchema.migrations + MOSchema.migrations + TransferSchema.migrations + ExemptionSchema.migrations + RecordsSchema.migrations
    }

    /// Today by the store's clock.
    var today: CivilDate { CivilDate.today(at: store.currentTime) }

    /// Registers every TrajectoryAPI method with the policy its contract declares.
    public func register(on server: RPCServer) {
        server.register(TrajectoryAPI.sign) { [self] request, context in try await sign(request, context) }
        server.register(TrajectoryAPI.get) { [self] request, context in try await get(request.trajectoryID, context) }
        server.register(TrajectoryAPI.list) { [self] request, context in try await list(request, context) }
        server.register(TrajectoryAPI.updateComponent) { [self] request, context in try await updateComponent(request, context) }
        server.register(TrajectoryAPI.reassign) { [self] request, context in try await reassign(request, context) }
        server.register(TrajectoryAPI.upsertCounsellor) { [self] counsellor, context in try await upsert(counsellor, context) }
        server.register(TrajectoryAPI.listCounsellors) { [self] _, _ in try await counsellors() }
        store.registerFigures(on: server, TrajectoryAPI.figures, TrajectoryAPI.figuresBatch, book: Self.figureBook)
        mo.register(on: server)
        registerRecords(on: server)
        exemption.register(on: server)
        registerTransfers(on: server)
        // The audit trail names trajectories and diploma files by their ids; an export writes whichever it is.
        store.registerAudit(on: server, api: TrajectoryAPI.audit) { [records, diplomas] id, connection in
            if let trajectory = try records.load(id, on: connection) { return try StoredFile.readableJSON(trajectory.file) }
            return try diplomas.load(id, on: connection).map { try StoredFile.readableJSON($0) }
        }
    }

    /// Starts the background work: delivering recorded test results to the regions that booked them.
    /// Starts the background work with other regions: the transfers' reconciler and the exemption results' outbox.
    public func start() {
        exemption.startDelivering()
        startReconcilingTransfers()
    }

    public func stop() async {
        await exemption.stopDelivering()
        await reconciler.cancel()
        store.close()
    }
}
