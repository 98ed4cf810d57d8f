import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTLS

/// `samen-bench report`: the annual report through the mesh over loaded services, in this process over real TLS on
/// loopback (`BenchFederation` with every agency service in antwerpen, gent and leuven). Loading goes through each
/// service's historical import, 500 records a call, and prints its rate: `--registrations` registrations and as
/// many settlements (new inhabitants) at intake, `--trajectories` trajectories and `--assignments` interpreting
/// assignments, each spread evenly over the three regions and over 2018 and 2019. Then `reporting/report.build`
/// of 2019 for gent and for all regions, each `--runs` times one after another, asked of gent's reporting.
func runReportBenchmark(arguments: [String]) async {
    let usage = "samen-bench report [--registrations N] [--trajectories N] [--assignments N] [--runs N] [--in-flight N]"
    let options = BenchOptions(arguments, known: ["--registrations", "--trajectories", "--assignments", "--runs", "--in-flight"], usage: usage)
    let registrations = options.int("--registrations", default: 30_000, maximum: 1_000_000)
    let trajectories = options.int("--trajectories", default: 3_000, maximum: 100_000)
    let assignments = options.int("--assignments", default: 3_000, maximum: 100_000)
    let runs = options.int("--runs", default: 5, maximum: 100)
    let inFlight = options.int("--in-flight", default: 4, maximum: 64)
    let directory = NSTemporaryDirectory() + "samen-bench-report-\(getpid())"
    func finish(_ status: Int32) -> Never {
        try? FileManager.default.removeItem(atPath: directory)
        exit(status)
    }
    do {
        let ca = try CertificateAuthority.generate(commonName: "samen-bench-ca", validityDays: 1)
        let plan = ReportLoadPlan()
        let federation = try await BenchFederation(ca: ca, regions: plan.regions, directory: directory, trajectory: true, agency: true)
        var rows: [PhaseResult] = []
        func admin(_ region: String, _ service: String) throws -> RPCClient {
            try federation.staff(region, user: "bench-admin", role: .admin, service: service)
        }
        let intakes = try plan.regions.map { try admin($0, IntakeAPI.service) }
        let trajectoryClients = try plan.regions.map { try admin($0, TrajectoryAPI.service) }
        let tolkdiensten = try plan.regions.map { try admin($0, TolkdienstAPI.service) }

        let started = MonotonicClock.now
        rows.append(await importPhase("import registrations", count: registrations, inFlight: inFlight, channels: intakes, prefix: "r",
                                      method: IntakeAPI.importRegistrations) {
            plan.registration($1, region: $0)
        })
        rows.append(await importPhase("import settlements", count: registrations, inFlight: inFlight, channels: intakes, prefix: "r",
                                      method: IntakeAPI.reportSettlements) {
            plan.settlement($1, region: $0)
        })
        rows.append(await importPhase("import trajectories", count: trajectories, inFlight: inFlight, channels: trajectoryClients, prefix: "r",
                                      method: TrajectoryRecordsAPI.importTrajectories) {
            plan.trajectory($1, region: $0)
        })
        for (region, client) in tolkdiensten.enumerated() {
            _ = try await client.call(TolkdienstAPI.importOrganisations, ImportBatch(records: (0..<ReportLoadPlan.organisations).map {
                ImportRecord(externalID: "o\($0)", record: plan.organisation($0))
            }))
            _ = try await client.call(TolkdienstAPI.importInterpreters, ImportBatch(records: (0..<ReportLoadPlan.interpreters).map {
                ImportRecord(externalID: "i\($0)", record: plan.interpreter($0, region: plan.regions[region]))
            }))
        }
        rows.append(await importPhase("import assignments", count: assignments, inFlight: inFlight, channels: tolkdiensten, prefix: "r",
                                      method: TolkdienstAPI.importAssignments) {
            plan.assignment($1)
        })
        let loadSeconds = Double(MonotonicClock.now - started) / 1e9
        guard rows.allSatisfy({ $0.failures == 0 }) else { throw BenchError("loading failed: \(PhaseResult.table(rows))") }

        let analyst = ReportingClient(channel: try federation.staff("gent", user: "bench-analyst", role: .analyst, service: ReportingAPI.service))
        for (name, request) in [("report.build gent", ReportRequest(year: 2019, region: "gent")), ("report.build all regions", ReportRequest(year: 2019))] {
            rows.append(await runPhase(name, count: runs, inFlight: 1, seconds: 3_600) { _ in
                let report = try await analyst.build(request, options: CallOptions(timeout: .seconds(120)))
                let absent = report.tables.filter { $0.missing != nil }.map(\.id)
                guard absent.isEmpty else { throw BenchError("\(name): tables missing: \(absent)") }
                // A report over loaded services that counts nothing would time an empty answer.
                guard report.table("registrations.byDoelgroep")?.total?.current ?? 0 > 0 else { throw BenchError("\(name): no registrations counted") }
            })
        }
        await federation.stop()
        print(PhaseResult.table(rows))
        print(String(format: "loaded %d registrations, %d settlements, %d trajectories, %d assignments over 3 regions in %.1f s: %.0f records/s "
                              + "through the imports (batches of 500, %d in flight); reports asked of gent's reporting, one at a time",
                     registrations, registrations, trajectories, assignments, loadSeconds, Double(registrations * 2 + trajectories + assignments) / loadSeconds,
                     inFlight))
        finish(rows.contains(where: { $0.failures > 0 }) ? 1 : 0)
    } catch {
        FileHandle.standardError.write(Data("samen-bench report: \(error)\n".utf8))
        finish(1)
    }
}

/// What `samen-bench report` loads, by record number: people born from 1950 on with their own valid INSZ (as
/// `BenchPerson`), registered and settled in 2018 or 2019 at the region's town, signed in the same years, and
/// interpreting assignments of `organisations` organisations by `interpreters` interpreters per region, each
/// interpreter's assignments two hours apart on every fifth day of 2018 and 2019, so the calendar accepts them.
struct ReportLoadPlan: Sendable {
    let regions = ["antwerpen", "gent", "leuven"]
    static let municipalities = ["11002", "44021", "24062"]
    static let nationalities = ["MA", "SY", "AF", "TR", "PL", "RO", "BG", "IQ", "ER", "SO", "IN", "CN", "BR", "NG", "CM", "GN", "UA", "RU", "FR", "ES",
                                "IT", "NL", "DE", "PT", "US"]
    static let organisations = 45
    static let interpreters = 200
    static let first2018 = try! CivilDate(year: 2018, month: 1, day: 1)

    /// A day of 2018 or 2019 (730 days) for record `n`.
    func day(_ n: Int) -> CivilDate { Self.first2018.adding(days: (n * 7919) % 730)! }

    func registration(_ n: Int, region: Int) -> Registration {
        let born = try! CivilDate(year: 1950, month: 1, day: 1).adding(days: n / 998)!
        let insz = try! INSZ.issue(birthDate: born, sequence: n % 998 + 1).digits
        return Registration(insz: insz, name: PersonName(given: "Bench", family: "Benchmark"), birthDate: born, sex: (n % 998 + 1) % 2 == 1 ? .male : .female,
                            nationalities: [Self.nationalities[n % Self.nationalities.count]], languages: ["ar", "fr"],
                            municipality: Self.municipalities[region], arrivalDate: day(n).adding(days: -30), bornAbroad: true,
                            firstRegistrationInFlanders: true, desk: "\(regions[region])-centrum", registeredOn: day(n))
    }

    func settlement(_ n: Int, region: Int) -> Settlement {
        Settlement(birthDate: try! CivilDate(year: 1960, month: 1, day: 1).adding(days: n % 20_000)!,
                   nationalities: [Self.nationalities[(n * 7) % Self.nationalities.count]], municipality: Self.municipalities[region], settledOn: day(n))
    }

    func trajectory(_ n: Int, region: Int) -> TrajectoryImport {
        TrajectoryImport(personID: "\(regions[region])-p\(n + 1)", doelgroep: n % 3 == 0 ? .rechthebbend : .verplicht, signedOn: day(n), components: [])
    }

    func organisation(_ n: Int) -> OrganisationInput {
        OrganisationInput(name: "Bench \(n)", sector: Sector.allCases[n % Sector.allCases.count],
                          contact: OrganisationContact(name: "Bench", email: "bench@example.org", phone: "09 000 00 00"),
                          agreementFrom: Self.first2018)
    }

    func interpreter(_ n: Int, region: String) -> InterpreterProfile {
        InterpreterProfile(name: "Bench \(n)", languages: ["ar"], modes: InterpretingMode.allCases, regions: [region],
                           weekly: (1...5).map { WeeklyHours(weekday: $0, fromMinute: 480, untilMinute: 1080) })
    }

    /// Assignment `n` of a region's batch: interpreter `n % interpreters`, its round at 08:00, 10:00, 12:00 or 14:00
    /// of every fifth day (day (round / 4) × 5), so that 100,000 assignments reach into 2019 (on site in Gent or by
    /// phone), 30 to 89 minutes interpreted.
    func assignment(_ n: Int) -> HistoricalAssignment {
        let round = n / Self.interpreters
        let onSite = n % 2 == 0
        return HistoricalAssignment(organisationExternalID: "o\(n % Self.organisations)", interpreterExternalID: "i\(n % Self.interpreters)",
                                    mode: onSite ? .onSite : .phone, language: "ar", date: Self.first2018.adding(days: (round / 4 * 5) % 730)!,
                                    startMinute: 480 + (round % 4) * 120, durationMinutes: 60, place: onSite ? "Gent" : nil,
                                    outcome: .completed, minutesInterpreted: 30 + n % 60)
    }
}
