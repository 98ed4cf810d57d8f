import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// The support desk for associations of ethnic-cultural minorities in one region: associations with their contact
/// persons and status over time, support contacts and follow-ups, network events and project subsidies, kept in
/// `<data>/verenigingen.sqlite` through the agency kit (audited, idempotent, versioned). Tests drive it
/// in-process; `VerenigingenProgram` runs it.
public final class VerenigingenService: Sendable {
    /// Everything the service needs, loaded.
    public struct Configuration: Sendable {
        public var identity: ServiceIdentity
        public var databasePath: String
        /// Where the region's associations are based; by default the region's own (see `Territory.of(region:)`).
        public var territory: Territory
        public var now: @Sendable () -> Date = Date.init
        public var logger: Logger

        public init(identity: ServiceIdentity, databasePath: String, logger: Logger) {
            self.identity = identity
            self.databasePath = databasePath
            self.logger = logger
            territory = Territory.of(region: identity.region)
        }
    }

    public let configuration: Configuration
    let store: AgencyStore
    let associations: AssociationRecords

    public init(configuration: Configuration) throws {
        self.configuration = configuration
        store = try AgencyStore(path: configuration.databasePath, service: configuration.identity,
                                migrations: VerenigingenSchema.migrations, now: configuration.now)
        associations = AssociationRecords(region: configuration.identity.region)
    }

    /// The service's own tables (the kit adds its own before them), for a tool or test that opens the file.
    public static var migrations: [Migration] { VerenigingenSchema.migrations }

    var region: String { configuration.identity.region }

    /// Today by the store's clock.
    var today: CivilDate { CivilDate.today(at: store.currentTime) }

    /// Registers every VerenigingenAPI method with the policy its contract declares.
    public func register(on server: RPCServer) {
        server.register(VerenigingenAPI.createAssociation) { [self] request, context in try await create(request, context) }
        server.register(VerenigingenAPI.getAssociation) { [self] request, context in try await get(request.associationID, context) }
        server.register(VerenigingenAPI.listAssociations) { [self] request, _ in try await list(request) }
        server.register(VerenigingenAPI.updateAssociation) { [self] request, context in try await update(request, context) }
        server.register(VerenigingenAPI.recordStatus) { [self] request, context in try await recordStatus(request, context) }
        server.register(VerenigingenAPI.importAssociations) { [self] batch, context in try await importAssociations(batch, context) }
        server.register(VerenigingenAPI.recordContact) { [self] request, context in try await recordContact(request, context) }
        server.register(VerenigingenAPI.listContacts) { [self] request, _ in try await listContacts(request) }
        server.register(VerenigingenAPI.openFollowUps) { [self] request, _ in try await openFollowUps(request) }
        server.register(VerenigingenAPI.closeFollowUp) { [self] request, context in try await closeFollowUp(request, context) }
        server.register(VerenigingenAPI.importContacts) { [self] batch, context in try await importContacts(batch, context) }
        server.register(VerenigingenAPI.recordEvent) { [self] request, context in try await recordEvent(request, context) }
        server.register(VerenigingenAPI.listEvents) { [self] request, _ in try await listEvents(request) }
        server.register(VerenigingenAPI.openCall) { [self] request, context in try await openCall(request, context) }
        server.register(VerenigingenAPI.listCalls) { [self] _, _ in try await listCalls() }
        server.register(VerenigingenAPI.getCall) { [self] request, _ in try await call(request.callID) }
        server.register(VerenigingenAPI.apply) { [self] request, context in try await apply(request, context) }
        server.register(VerenigingenAPI.assess) { [self] request, context in try await assess(request, context) }
        server.register(VerenigingenAPI.decide) { [self] request, context in try await decide(request, context) }
        server.register(VerenigingenAPI.pay) { [self] request, context in try await pay(request, context) }
        server.register(VerenigingenAPI.report) { [self] request, context in try await report(request, context) }
        store.registerFigures(on: server, VerenigingenAPI.figures, VerenigingenAPI.figuresBatch, book: Self.figureBook)
        store.registerAudit(on: server, api: VerenigingenAPI.audit) { [associations] associationID, connection in
            try associations.load(associationID, on: connection).map { try StoredFile.readableJSON($0.file) }
        }
    }

    public func stop() async {
        store.close()
    }
}
