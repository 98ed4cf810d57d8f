import Foundation
import ReportingService
import SamenReferenceData
import SamenContracts
import SamenHost
import SamenRPC
import Synchronization

/// A `TrajectoryMesh` (registries, intakes, trajectory services) with a verenigingen, a tolkdienst and a reporting
/// service in each region, in-process over real TLS: what an annual report is built across.
public final class ReportingMesh: Sendable {
    public let trajectories: TrajectoryMesh
    public let verenigingen: VerenigingenMesh?
    public let tolkdienst: TolkdienstMesh?
    /// Whether `stop()` stops the other services too (it started them).
    private let ownsServices: Bool
    private let running: Mutex<[String: (host: ServiceHost, service: ReportingService, port: Int)]> = Mutex([:])

    /// The tables every reporting service of the mesh declares.
    private let tables: [TableDeclaration]

    public convenience init(regions: [String] = ["gent"], tables: [TableDeclaration] = AnnualReport.tables) async throws {
        let trajectories = try await TrajectoryMesh(regions: regions)
        try await self.init(beside: trajectories, verenigingen: try await VerenigingenMesh(beside: trajectories.intakes),
                            tolkdienst: try await TolkdienstMesh(beside: trajectories.intakes), ownsServices: true, tables: tables)
    }

    /// Reporting in each region of meshes already running (samenctl's tests run them on a mesh home's CA).
    public init(beside trajectories: TrajectoryMesh, verenigingen: VerenigingenMesh?, tolkdienst: TolkdienstMesh? = nil, ownsServices: Bool = false,
                tables: [TableDeclaration] = AnnualReport.tables) async throws {
        self.trajectories = trajectories
        self.verenigingen = verenigingen
        self.tolkdienst = tolkdienst
        self.ownsServices = ownsServices
        self.tables = tables
        for region in trajectories.intakes.regionNames { try await start(region) }
    }

    public var intakes: IntakeMesh { trajectories.intakes }
    public var mesh: TestMesh { intakes.mesh }

    /// Drains the region's reporting service (it deregisters first) and closes its file.
    public func stopReporting(_ region: String) async {
        guard let running = running.withLock({ $0.removeValue(forKey: region) }) else { return }
        await running.host.drain(grace: .milliseconds(200))
        await running.service.stop()
    }

    /// Starts (or restarts, on the same file) the region's reporting service and waits until its registry lists it.
    public func start(_ region: String) async throws {
        let identity = mesh.identity(ReportingAPI.service, region: region)
        let registry = intakes.registryEndpoint(region)
        var hostConfiguration = ServiceHost.Configuration(
            identity: identity, listen: Endpoint(host: "127.0.0.1", port: 0), serverTLS: try mesh.tls(.server, identity),
            clientTLS: try mesh.tls(.client, identity), registries: [registry], logger: mesh.logger("reporting"))
        hostConfiguration.loopCount = 2
        hostConfiguration.drainGrace = .seconds(2)
        hostConfiguration.initialRetryDelay = .milliseconds(20)
        let logger = mesh.logger("reporting")
        let path = "\(mesh.directory)/\(region)-reporting.sqlite"
        let box = Mutex<ReportingService?>(nil)
        let tables = tables
        let host = try ServiceHost(configuration: hostConfiguration) { server, directory in
            var configuration = ReportingService.Configuration(identity: identity, databasePath: path, logger: logger)
            configuration.tables = tables
            let service = try ReportingService(configuration: configuration,
                                               source: DirectoryFigureSource(directory: directory, refreshAfter: .milliseconds(200), timeout: .seconds(10)))
            service.register(on: server)
            box.withLock { $0 = service }
        }
        let port = try host.start()
        let service = box.withLock { $0! }
        running.withLock { $0[region] = (host, service, port) }
        let client = try mesh.registryClient(port: registry.port, as: identity)
        await eventually("reporting of \(region) registered") {
            (try? await client.lookup(LookupRequest(service: ReportingAPI.service, region: region)))?.instances.isEmpty == false
        }
    }

    public func port(_ region: String) -> Int { running.withLock { $0[region]!.port } }

    /// A staff member's client of the region's reporting service (default: an analyst of that region).
    public func staff(_ region: String = "gent", user: String = "an-analyst", roles: [StaffRole] = [.analyst],
                      of staffRegion: String? = nil) throws -> ReportingClient {
        ReportingClient(channel: try mesh.staffClient(port: port(region), user: user, roles: roles.map(\.rawValue), region: staffRegion ?? region))
    }

    public func stop() async {
        for running in running.withLock({ state in defer { state = [:] }; return Array(state.values) }) {
            await running.host.drain(grace: .milliseconds(200))
            await running.service.stop()
        }
        guard ownsServices else { return }
        await verenigingen?.stop()
        await tolkdienst?.stop()
        await trajectories.stop()
    }
}

extension ReportingMesh {
    /// A historical import at the region's tolkdienst was not taken whole.
    public struct ImportRefused: Error, CustomStringConvertible {
        public let description: String
    }

    /// Interpreting and translation through the region's tolkdienst's historical import: `organisations` (each with
    /// its agreement's period), one interpreter and translator (`tolk-1`, Arabic, every mode, weekdays 8:00–18:00),
    /// `assignments` at 10:00 for an hour with the minutes interpreted, and informative `translations` delivered on
    /// their day. External ids are numbered after `batch`, so a later call adds records instead of repeating them.
    /// Throws `ImportRefused` naming the first record refused.
    public func interpret(_ region: String, organisations: [(id: String, sector: Sector, from: String, until: String?)],
                          assignments: [(organisation: String, day: String, mode: InterpretingMode, outcome: HistoricalOutcome, minutes: Int?)],
                          translations: [(organisation: String, pages: Int, delivered: String)], batch: String = "") async throws {
        guard let tolkdienst else { throw ImportRefused(description: "this mesh runs no tolkdienst") }
        let admin = try tolkdienst.staff(region, user: "an-admin", roles: [.admin])
        func day(_ text: String) throws -> CivilDate { try CivilDate(text) }
        func check(_ report: ImportReport) throws {
            if let refused = report.results.first(where: { $0.status == .rejected }) {
                throw ImportRefused(description: "\(refused.externalID): \(refused.field ?? ""): \(refused.message ?? "")")
            }
        }
        let contact = OrganisationContact(name: "Onthaal", email: "onthaal@example.org", phone: "+32 9 224 61 11")
        try check(try await admin.channel.call(TolkdienstAPI.importOrganisations, ImportBatch(records: try organisations.map {
            ImportRecord(externalID: $0.id, record: OrganisationInput(name: "Organisatie \($0.id)", sector: $0.sector, contact: contact,
                                                                     agreementFrom: try day($0.from), agreementUntil: try $0.until.map(day)))
        })))
        var translator = InterpreterProfile(name: "Tolk Voorbeeld", languages: ["ar"], modes: InterpretingMode.allCases, regions: [region],
                                            weekly: (1...5).map { WeeklyHours(weekday: $0, fromMinute: 480, untilMinute: 1080) })
        translator.translationPairs = [LanguagePair(from: "ar", to: "nl")]
        try check(try await admin.channel.call(TolkdienstAPI.importInterpreters, ImportBatch(records: [ImportRecord(externalID: "tolk-1", record: translator)])))
        try check(try await admin.channel.call(TolkdienstAPI.importAssignments, ImportBatch(records: try assignments.enumerated().map { index, item in
            ImportRecord(externalID: "a\(batch)\(index)", record: HistoricalAssignment(
                organisationExternalID: item.organisation, interpreterExternalID: "tolk-1", mode: item.mode, language: "ar", date: try day(item.day),
                startMinute: 600, durationMinutes: 60, place: item.mode == .webcam ? nil : "Gent", link: item.mode == .webcam ? "meet.example.org/r1" : nil,
                outcome: item.outcome, minutesInterpreted: item.minutes, absent: item.outcome == .noShow ? .client : nil))
        })))
        guard !translations.isEmpty else { return }
        try check(try await admin.channel.call(TolkdienstAPI.importTranslations, ImportBatch(records: try translations.enumerated().map { index, item in
            let delivered = try day(item.delivered)
            return ImportRecord(externalID: "v\(batch)\(index)", record: HistoricalTranslation(
                organisationExternalID: item.organisation, translatorExternalID: "tolk-1", kind: .informative, documentKind: .letter, title: "Brief",
                pair: LanguagePair(from: "ar", to: "nl"), pages: item.pages, deadline: delivered, outcome: .delivered, deliveredOn: delivered))
        })))
    }
}
