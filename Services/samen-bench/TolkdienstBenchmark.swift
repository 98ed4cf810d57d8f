import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTLS
import TolkdienstService

/// `samen-bench tolkdienst`: matching latency with `--interpreters` interpreters whose calendars hold
/// `--assignments` assignments, and assignments per second at `--in-flight` calls, durability on, against one
/// tolkdienst in this process over real TLS on loopback. The calendars are loaded through the historical import
/// (batches of 500, each record booked through the calendar's trigger), so loading is measured too.
func runTolkdienstBenchmark(arguments: [String]) async {
    let options = BenchOptions(arguments, known: ["--interpreters", "--assignments", "--matches", "--assigns", "--in-flight", "--seconds"],
                               usage: "samen-bench tolkdienst [--interpreters N] [--assignments N] [--matches N] [--assigns N] [--in-flight N] [--seconds S]")
    let interpreterCount = options.int("--interpreters", default: 1_000, maximum: 100_000)
    let assignmentCount = options.int("--assignments", default: 100_000, maximum: 10_000_000)
    let matches = options.int("--matches", default: 2_000, maximum: 10_000_000)
    let assigns = options.int("--assigns", default: 10_000, maximum: 10_000_000)
    let inFlight = options.int("--in-flight", default: 64, maximum: 10_000)
    let seconds = options.double("--seconds", default: 20, maximum: 3_600)
    let directory = NSTemporaryDirectory() + "samen-bench-tolkdienst-\(getpid())"
    func finish(_ status: Int32) -> Never {
        try? FileManager.default.removeItem(atPath: directory)
        exit(status)
    }
    do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let bench = try BenchTolkdienst(directory: directory)
        let admin = try bench.staff("bench-admin", .admin)
        let planners = try (0..<4).map { try bench.staff("bench-planner-\($0)", .planner) }
        let plan = BenchCalendarPlan(interpreters: interpreterCount, assignments: assignmentCount)
        var rows: [PhaseResult] = []

        // Loading: one organisation, the interpreters, the booked assignments, each through the import.
        _ = try await admin.channel.call(TolkdienstAPI.importOrganisations, ImportBatch(records: [ImportRecord(externalID: "org", record: plan.organisation)]))
        for start in stride(from: 0, to: interpreterCount, by: 500) {
            let records = (start..<min(start + 500, interpreterCount)).map { ImportRecord(externalID: "i\($0)", record: plan.profile($0)) }
            _ = try await admin.channel.call(TolkdienstAPI.importInterpreters, ImportBatch(records: records))
        }
        rows.append(await importPhase("import 500 assignments", count: assignmentCount, inFlight: 1, channels: [admin.channel], prefix: "a",
                                      method: TolkdienstAPI.importAssignments) { _, index in plan.historical(index) })

        // Matching: open requests on the loaded days, half at a free hour, half over a booked one.
        var requests: [String] = []
        for index in 0..<min(matches, 500) {
            requests.append(try await planners[0].createRequest(plan.request(index, free: index % 2 == 0)).id)
        }
        let requestIDs = requests
        rows.append(await runPhase("matching.candidates", count: matches, inFlight: 1, seconds: seconds) { index in
            _ = try await planners[index % planners.count].match(requestIDs[index % requestIDs.count])
        })

        // Assignments at `inFlight`: each request at its own interpreter and hour, so every one succeeds.
        var open: [InterpretingRequest] = []
        for index in 0..<assigns {
            open.append(try await planners[index % planners.count].createRequest(plan.assignable(index)))
        }
        let opened = open
        rows.append(await runPhase("assignments.assign", count: assigns, inFlight: inFlight, seconds: seconds) { index in
            let request = opened[index]
            _ = try await planners[index % planners.count].assign(AssignRequest(requestID: request.id, version: request.version,
                                                                               interpreterID: plan.interpreterID(forAssignable: index)))
        })
        print(PhaseResult.table(rows))
        print("interpreters \(interpreterCount), assignments loaded \(assignmentCount), matching at 1 in flight, assignments at \(inFlight) in flight")
        await bench.stop()
        finish(rows.contains(where: { $0.failures > 0 }) ? 1 : 0)
    } catch {
        FileHandle.standardError.write(Data("samen-bench tolkdienst: \(error)\n".utf8))
        finish(1)
    }
}

/// Who the bench's interpreters are and where their calendars are full: interpreter `i` speaks two of ten
/// languages and works Monday to Friday 08:00-18:00; the loaded assignments fill 09:00 and 14:00 (an hour on site)
/// on consecutive weekdays from four weeks ahead, interpreter by interpreter.
struct BenchCalendarPlan: Sendable {
    static let languages = ["ar", "fa", "prs", "ps", "ti", "so", "tr", "ru", "uk", "fr"]
    let interpreters: Int
    let assignments: Int
    let firstDay: CivilDate

    init(interpreters: Int, assignments: Int) {
        self.interpreters = interpreters
        self.assignments = assignments
        var day = CivilDate.today().adding(days: 28)!
        while Self.weekday(day) > 5 { day = day.adding(days: 1)! }
        firstDay = day
    }

    static func weekday(_ date: CivilDate) -> Int { (((date.daysSinceEpoch % 7) + 7) % 7 + 3) % 7 + 1 }

    /// The `n`th weekday from the first day.
    func weekday(_ n: Int) -> CivilDate {
        firstDay.adding(days: n / 5 * 7 + n % 5)!
    }

    var organisation: OrganisationInput {
        OrganisationInput(name: "Bench", sector: .andere, contact: OrganisationContact(name: "Bench", email: "bench@example.org", phone: "09 000 00 00"),
                          agreementFrom: try! CivilDate(year: 2019, month: 1, day: 1))
    }

    func languages(of interpreter: Int) -> [String] {
        [Self.languages[interpreter % 10], Self.languages[(interpreter / 10 + 1 + interpreter) % 10]]
    }

    func profile(_ interpreter: Int) -> InterpreterProfile {
        InterpreterProfile(name: "Bench \(interpreter)", languages: Array(Set(languages(of: interpreter))), modes: InterpretingMode.allCases,
                           regions: ["gent"], weekly: (1...5).map { WeeklyHours(weekday: $0, fromMinute: 480, untilMinute: 1080) })
    }

    /// Loaded assignment `n`: interpreter `n % interpreters`, then day by day at 09:00 and 14:00.
    func historical(_ n: Int) -> HistoricalAssignment {
        let interpreter = n % interpreters
        let round = n / interpreters
        return HistoricalAssignment(organisationExternalID: "org", interpreterExternalID: "i\(interpreter)", mode: .onSite,
                                    language: languages(of: interpreter)[0], date: weekday(round / 2), startMinute: round % 2 == 0 ? 540 : 840,
                                    durationMinutes: 60, place: "Gent", outcome: .completed, minutesInterpreted: 60)
    }

    var loadedDays: Int { max(1, (assignments / max(interpreters, 1) + 1) / 2) }

    /// A request on one of the loaded days, at 11:00 (free) or 09:15 (over the booked 09:00).
    func request(_ n: Int, free: Bool) -> InterpretingRequestInput {
        InterpretingRequestInput(organisationID: "gent-o1", mode: .onSite, language: Self.languages[n % 10], date: weekday(n % loadedDays),
                                 startMinute: free ? 660 : 555, durationMinutes: 60, place: "Gent")
    }

    /// Request `n` for the assignment phase: after the loaded days, interpreter `n % interpreters` in one of four
    /// hours that travel time keeps apart.
    func assignable(_ n: Int) -> InterpretingRequestInput {
        let interpreter = n % interpreters
        let slot = n / interpreters
        return InterpretingRequestInput(organisationID: "gent-o1", mode: .onSite, language: languages(of: interpreter)[0],
                                        date: weekday(loadedDays + slot / 4), startMinute: [480, 600, 780, 960][slot % 4],
                                        durationMinutes: 60, place: "Gent")
    }

    func interpreterID(forAssignable n: Int) -> String { "gent-i\(n % interpreters + 1)" }
}

/// One tolkdienst on an `RPCServer` over TLS, its file in `directory` (WAL, synchronous=FULL), and staff clients.
final class BenchTolkdienst: Sendable {
    let ca: CertificateAuthority
    let server: RPCServer
    let service: TolkdienstService
    let group: EventLoopGroup
    let port: Int

    init(directory: String) throws {
        ca = try CertificateAuthority.generate(commonName: "samen-bench-ca", validityDays: 1)
        group = EventLoopGroup(loopCount: 1, name: "bench-planners")
        let logger = Logger(service: "samen-bench", minimumLevel: .warning)
        let identity = try ServiceIdentity(region: "gent", service: TolkdienstAPI.service, instance: "1")
        service = try TolkdienstService(configuration: TolkdienstService.Configuration(
            identity: identity, databasePath: "\(directory)/tolkdienst.sqlite", logger: logger))
        let request = CertificateRequest(commonName: identity.uri, identity: identity, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
        server = RPCServer(configuration: RPCServer.Configuration(
            listen: Endpoint(host: "127.0.0.1", port: 0), tls: try TLSContext(role: .server, credentials: try ca.issue(request).credentials(trusting: ca)),
            identity: identity, version: "bench", logger: logger))
        service.register(on: server)
        port = try server.start()
    }

    /// A staff member of gent with one role.
    func staff(_ user: String, _ role: StaffRole) throws -> TolkdienstClient {
        let identity = try ServiceIdentity(region: "gent", service: StaffCertificate.service, instance: user)
        var request = CertificateRequest(commonName: identity.uri, identity: identity)
        request.roles = [role.rawValue]
        var configuration = RPCClient.Configuration(endpoint: Endpoint(host: "127.0.0.1", port: port),
                                                    tls: try TLSContext(role: .client, credentials: try ca.issue(request).credentials(trusting: ca)),
                                                    logger: Logger(service: "samen-bench", minimumLevel: .warning))
        configuration.defaultTimeout = .seconds(60)
        return TolkdienstClient(channel: RPCClient(configuration: configuration, group: group))
    }

    func stop() async {
        await server.drain(grace: .milliseconds(500))
        await service.stop()
        group.shutdown()
    }
}
