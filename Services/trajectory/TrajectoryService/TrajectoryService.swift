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
        /// How long another region's trajectory service may take to answer one step of a transfer.
        public var peerTimeout: Duration = .seconds(3)
        /// How often the transfer reconciler looks for unsettled transfers when every peer answered.
        public var transferInterval: Duration = .seconds(30)
        /// The first wait after a peer failed; it doubles (the kit's `Backoff`) up to `transferInterval`.
        public var transferRetry: Duration = .seconds(1)
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
    /// The other regions' trajectory services, for transfers (docs/TRAJECTORY-TRANSFER.md).
    let peers: any TrajectoryPeers
    let transfers: TransferRecords
    let reconciler = BackgroundTask()

    public init(configuration: Configuration, intake: IntakeClient, peers: any TrajectoryPeers) throws {
        self.configuration = configuration
        self.intake = intake
        self.peers = peers
        store = try AgencyStore(path: configuration.databasePath, service: configuration.identity,
                                migrations: TrajectorySchema.migrations + MOCourses.migrations + TransferSchema.migrations, now: configuration.now)
        records = TrajectoryRecords(region: configuration.identity.region)
        transfers = TransferRecords(region: configuration.identity.region)
        mo = MOCourses(store: store, region: configuration.identity.region)
    }

    var region: String { configuration.identity.region }

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
        server.register(TrajectoryAPI.figures) { [self] request, _ in
            if let table = try await mo.figure(request) { return table }
            return try await figures(request)
        }
        mo.register(on: server)
        registerTransfers(on: server)
        store.registerAudit(on: server, api: TrajectoryAPI.audit) { [records] trajectoryID, connection in
            try records.load(trajectoryID, on: connection).map { try StoredFile.readableJSON($0.file) }
        }
    }

    public func stop() async {
        await reconciler.cancel()
        store.close()
    }
}
