import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Intake in one region: the desk's registrations, doelgroep decisions, new inhabitants, NT2 and education
/// referrals, kept in `<data>/intake.sqlite` through the agency kit (audited, idempotent, versioned), and the
/// region's side of the one-file-per-person protocol. Tests drive it in-process; `IntakeProgram` runs it.
public final class IntakeService: Sendable {
    /// Everything the service needs, loaded.
    public struct Configuration: Sendable {
        public var identity: ServiceIdentity
        public var databasePath: String
        /// The region's NT2 course providers (reference data; Gent's are the default for gent).
        public var nt2Providers: [NT2Provider]
        /// How long another region's reservation of an INSZ lasts without a release.
        public var claimLease: Duration = .seconds(30)
        /// How long a registration waits for another registration of the same INSZ before `aborted`.
        public var waitForOtherClaim: Duration = .seconds(10)
        /// How long one other region's answer may take.
        public var peerTimeout: Duration = .seconds(3)
        /// How often files registered unverified are checked again.
        public var reverifyInterval: Duration = .seconds(30)
        public var now: @Sendable () -> Date = Date.init
        public var logger: Logger

        public init(identity: ServiceIdentity, databasePath: String, nt2Providers: [NT2Provider]? = nil, logger: Logger) {
            self.identity = identity
            self.databasePath = databasePath
            self.nt2Providers = nt2Providers ?? NT2ProviderList.defaults(for: identity.region)
            self.logger = logger
        }
    }

    public let configuration: Configuration
    let store: AgencyStore
    let records: PersonRecords
    let oneFile: OneFilePerPerson
    let peers: any IntakePeers
    private let reverifier = BackgroundTask()

    public init(configuration: Configuration, peers: any IntakePeers) throws {
        self.configuration = configuration
        self.peers = peers
        store = try AgencyStore(path: configuration.databasePath, service: configuration.identity,
                                migrations: IntakeSchema.migrations, now: configuration.now)
        let region = configuration.identity.region
        records = PersonRecords(region: region)
        oneFile = OneFilePerPerson(region: region, peers: peers, store: store,
                                   claims: INSZClaims(region: region, lease: configuration.claimLease),
                                   callTimeout: configuration.peerTimeout, waitForOtherClaim: configuration.waitForOtherClaim)
    }

    var region: String { configuration.identity.region }

    /// The rules as of today (the store's clock), for one call.
    var rules: RegistrationRules { RegistrationRules(today: CivilDate.today(at: store.currentTime)) }

    /// Registers every IntakeAPI method with the policy its contract declares.
    public func register(on server: RPCServer) {
        server.register(IntakeAPI.register) { [self] registration, context in try await register(registration, context) }
        server.register(IntakeAPI.update) { [self] request, context in try await update(request, context) }
        server.registerEncoded(IntakeAPI.get) { [self] request, context in try await get(request.personID, context) }
        server.registerEncoded(IntakeAPI.findByINSZ) { [self] request, context in try await find(insz: request.insz, context) }
        server.register(IntakeAPI.findMatches) { [self] request, context in try await findMatches(request, context) }
        server.register(IntakeAPI.matchLocal) { [self] request, context in try await matchLocal(request, context) }
        server.register(IntakeAPI.list) { [self] request, context in try await list(request, context) }
        server.register(IntakeAPI.referToEducation) { [self] request, context in try await referToEducation(request, context) }
        server.register(IntakeAPI.link) { [self] request, context in try await link(request, context) }
        server.register(IntakeAPI.recordNT2) { [self] request, context in try await recordNT2(request, context) }
        server.register(IntakeAPI.nt2Providers) { [self] _, _ in NT2Providers(region: region, providers: configuration.nt2Providers) }
        server.register(IntakeAPI.reportSettlements) { [self] batch, context in try await reportSettlements(batch, context) }
        server.register(IntakeAPI.toInvite) { [self] request, context in try await toInvite(request, context) }
        server.register(IntakeAPI.reserve) { [self] request, _ in try await reserve(request) }
        server.register(IntakeAPI.release) { [self] request, _ in try await release(request); return Empty() }
        store.registerFigures(on: server, IntakeAPI.figures, IntakeAPI.figuresBatch, book: Self.figureBook)
        server.register(IntakeAPI.importRegistrations) { [self] batch, context in try await importRegistrations(batch, context) }
        server.register(IntakeAPI.importNT2) { [self] batch, context in try await importNT2(batch, context) }
        store.registerAudit(on: server, api: IntakeAPI.audit) { [records] personID, connection in
            try records.load(personID, on: connection).map { try StoredFile.readableJSON($0.file) }
        }
    }

    /// Starts checking files registered unverified again, every `reverifyInterval`.
    public func startReverifying() {
        let interval = configuration.reverifyInterval
        reverifier.set(Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                await reverifyUnverifiedFiles()
            }
        })
    }

    public func stop() async {
        await reverifier.cancel()
        store.close()
    }
}
