import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Tolkdienst for the regions it serves: organisations with their cooperation agreements, interpreters with their
/// availability, interpreting requests, matching, assignments, translations and the translation library, kept in
/// `<data>/tolkdienst.sqlite` through the agency kit (audited, idempotent, versioned). The file holds the interpreters' calendars, where a trigger refuses
/// any double booking (docs/TOLKDIENST.md, "No double booking"). Tests drive it in-process; `TolkdienstProgram` runs it.
public final class TolkdienstService: Sendable {
    /// Everything the service needs, loaded.
    public struct Configuration: Sendable {
        public var identity: ServiceIdentity
        public var databasePath: String
        /// The regions whose organisations and interpreters this instance plans: its own, and for a central
        /// instance the regions without a tolkdienst of their own. Empty: its own region only.
        public var servedRegions: [String] = []
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
    let records: TolkdienstRecords
    /// The regions organisations and interpreters may belong to here.
    let served: Set<String>
    let interpreterCache = InterpreterCache()

    public init(configuration: Configuration) throws {
        self.configuration = configuration
        store = try AgencyStore(path: configuration.databasePath, service: configuration.identity,
                                migrations: TolkdienstSchema.migrations, now: configuration.now)
        records = TolkdienstRecords(region: configuration.identity.region)
        served = Set(configuration.servedRegions + [configuration.identity.region])
    }

    var region: String { configuration.identity.region }

    /// The store's clock as the calendar counts: date and minute in Europe/Brussels.
    var now: CalendarMinute { CalendarMinute(at: store.currentTime) }

    /// Registers every TolkdienstAPI method with the policy its contract declares.
    public func register(on server: RPCServer) {
        server.register(TolkdienstAPI.addOrganisation) { [self] input, context in try await addOrganisation(input, context) }
        server.register(TolkdienstAPI.updateOrganisation) { [self] update, context in try await updateOrganisation(update, context) }
        server.register(TolkdienstAPI.listOrganisations) { [self] page, _ in try await organisations(page) }
        server.register(TolkdienstAPI.addInterpreter) { [self] profile, context in try await addInterpreter(profile, context) }
        server.register(TolkdienstAPI.updateInterpreter) { [self] update, context in try await updateInterpreter(update, context) }
        server.register(TolkdienstAPI.getInterpreter) { [self] request, _ in try await interpreter(request.interpreterID) }
        server.register(TolkdienstAPI.listInterpreters) { [self] page, _ in try await interpreters(page) }
        server.register(TolkdienstAPI.createRequest) { [self] input, context in try await createRequest(input, context) }
        server.register(TolkdienstAPI.getRequest) { [self] reference, context in try await request(reference.requestID, context) }
        server.register(TolkdienstAPI.listRequests) { [self] list, context in try await requests(list, context) }
        server.register(TolkdienstAPI.cancelRequest) { [self] change, context in try await cancel(change, context) }
        server.register(TolkdienstAPI.match) { [self] reference, context in try await match(reference.requestID, context) }
        server.register(TolkdienstAPI.assign) { [self] request, context in try await assign(request, context) }
        server.register(TolkdienstAPI.confirm) { [self] change, context in try await confirm(change, context) }
        server.register(TolkdienstAPI.decline) { [self] change, context in try await decline(change, context) }
        server.register(TolkdienstAPI.complete) { [self] request, context in try await complete(request, context) }
        server.register(TolkdienstAPI.noShow) { [self] request, context in try await noShow(request, context) }
        store.registerFigures(on: server, TolkdienstAPI.figures, TolkdienstAPI.figuresBatch, book: Self.figureBook) { [self] requests in
            if requests.contains(where: { $0.figure == TolkdienstFigure.organisationsWithAgreement.rawValue }) { try await fillAgreementColumns() }
        }
        server.register(TolkdienstAPI.orderTranslation) { [self] input, context in try await order(input, context) }
        server.register(TolkdienstAPI.getTranslation) { [self] reference, context in try await read(Translation.self, reference.translationID, context) }
        server.register(TolkdienstAPI.assignTranslator) { [self] assignment, context in try await assignTranslator(assignment, context) }
        server.register(TolkdienstAPI.deliverTranslation) { [self] delivery, context in try await deliver(delivery, context) }
        server.register(TolkdienstAPI.cancelTranslation) { [self] cancellation, context in try await cancel(cancellation, context) }
        server.register(TolkdienstAPI.searchLibrary) { [self] search, _ in try await searchLibrary(search) }
        server.register(TolkdienstAPI.importOrganisations) { [self] batch, context in try await importOrganisations(batch, context) }
        server.register(TolkdienstAPI.importInterpreters) { [self] batch, context in try await importInterpreters(batch, context) }
        server.register(TolkdienstAPI.importAssignments) { [self] batch, context in try await importAssignments(batch, context) }
        server.register(TolkdienstAPI.importTranslations) { [self] batch, context in try await importTranslations(batch, context) }
        store.registerAudit(on: server, api: TolkdienstAPI.audit) { [records] personID, connection in
            try records.personFile(personID, on: connection).map { try StoredFile.readableJSON($0) }
        }
    }

    public func stop() async {
        store.close()
    }
}
