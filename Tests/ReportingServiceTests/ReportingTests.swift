import Foundation
import ReportingService
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// The annual report over real TLS, from records made through intake's, trajectory's and verenigingen's APIs in
/// gent and antwerpen: every expected number below is counted from those records by hand, not by the code under
/// test. Other years (2017, 2020) and the other region's records are made too, to show they are left out.
final class ReportingTests: XCTestCase {
    var mesh: ReportingMesh!

    override func setUp() async throws {
        mesh = try await ReportingMesh(regions: ["antwerpen", "gent"])
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    static func day(_ text: String) -> CivilDate { try! CivilDate(text) }

    /// Gent's 2019 settlements: MA 5, SY 4, AF 3 and twenty nationalities once; so the top 20 is MA, SY, AF and the
    /// first seventeen of the singles by code, and the rest is the last three singles.
    static let singles = ["BG", "BR", "CM", "CN", "DE", "ER", "ES", "FR", "GN", "IN", "IQ", "IT", "NG", "NL", "PL", "PT", "RO", "SO", "TR", "US"]
    static let gent2019: [(String, Int)] = [("MA", 5), ("SY", 4), ("AF", 3)] + singles.map { ($0, 1) }
    /// Gent's 2018: SY 6, MA 2, PL 1 and ZW 1 (ZW is not in 2019's top, so it lands in the previous year's rest).
    static let gent2018: [(String, Int)] = [("SY", 6), ("MA", 2), ("PL", 1), ("ZW", 1)]

    func settle(_ region: String, _ counts: [(String, Int)], on date: String, municipality: String) async throws {
        var records: [ImportRecord<Settlement>] = []
        for (nationality, count) in counts {
            for index in 0..<count {
                records.append(ImportRecord(externalID: "\(region)-\(date)-\(nationality)-\(index)", record: Settlement(
                    birthDate: Self.day("1990-01-01"), nationalities: [nationality], municipality: municipality, settledOn: Self.day(date))))
            }
        }
        let report = try await mesh.intakes.staff(region, user: "an-admin", roles: [.admin]).reportSettlements(ImportBatch(records: records))
        XCTAssertEqual(report.results.filter { $0.status != .accepted }.map { "\($0.field ?? ""): \($0.message ?? "")" }, [])
    }

    /// Imports registrations on the given days and answers each person's id and doelgroep as intake decided it.
    func register(_ region: String, on days: [String], first sequence: Int) async throws -> [(id: String, day: String, doelgroep: Doelgroep)] {
        let desk = region == "gent" ? "gent-centrum" : "antwerpen-centrum"
        let municipality = region == "gent" ? "44021" : "11002"
        let records = days.enumerated().map { index, day in
            ImportRecord(externalID: "\(region)-r\(sequence + index)", record: Fixtures.registration(
                insz: Fixtures.insz(born: Self.day("1990-05-17"), sequence: 2 * (sequence + index)), desk: desk, municipality: municipality,
                registeredOn: Self.day(day)))
        }
        let admin = try mesh.intakes.staff(region, user: "an-admin", roles: [.admin])
        let report = try await admin.importRegistrations(ImportBatch(records: records))
        XCTAssertEqual(report.results.filter { $0.status != .accepted }.map { "\($0.field ?? ""): \($0.message ?? "")" }, [])
        var people: [(id: String, day: String, doelgroep: Doelgroep)] = []
        let desk2 = try mesh.intakes.staff(region)
        for (result, day) in zip(report.results, days) {
            let file = try await desk2.get(try XCTUnwrap(result.id))
            people.append((file.personID, day, file.doelgroep.doelgroep))
        }
        return people
    }

    func trajectory(_ person: String, _ doelgroep: Doelgroep, signed: String, certificate: String? = nil) -> TrajectoryImport {
        // A certificate needs every component done: each completed within the trajectory's first weeks.
        let start = Self.day(signed)
        let done = certificate == nil ? [] : [TrajectoryComponent.mo, .nt2, .llo, .trajectbegeleiding].map {
            ImportedComponent(component: $0, state: .completed, startedOn: start, endedOn: start.adding(days: 30)!)
        }
        return TrajectoryImport(personID: person, doelgroep: doelgroep, signedOn: start, components: done, certificateIssuedOn: certificate.map(Self.day))
    }

    /// Interpreting and translation through tolkdienst's historical import. Gent: o1 (gezondheid, agreement from
    /// 2018) interprets and translates in 2019 and 2018, o2 (onderwijs, agreement 2019 only) interprets in 2019,
    /// o3 (onderwijs, agreement 2017 to mid-2018) in 2018, o4 (andere, agreement from mid-2019) never; a 2020
    /// assignment and a no-show are left out. Antwerpen: one organisation, one phone assignment in 2019.
    static let gentAssignments: [(organisation: String, day: String, mode: InterpretingMode, outcome: HistoricalOutcome, minutes: Int?)] = [
        ("o1", "2019-05-14", .onSite, .completed, 75), ("o2", "2019-05-15", .onSite, .completed, 25), ("o1", "2019-05-16", .webcam, .completed, 40),
        ("o2", "2019-05-17", .onSite, .noShow, nil), ("o3", "2018-03-14", .onSite, .completed, 45), ("o1", "2020-01-10", .onSite, .completed, 60),
    ]
    static let antwerpenAssignments: [(organisation: String, day: String, mode: InterpretingMode, outcome: HistoricalOutcome, minutes: Int?)] = [
        ("o1", "2019-04-02", .phone, .completed, 20),
    ]

    func testTheReportFromRecordsPerRegionAndForAllRegions() async throws {
        try await mesh.interpret("gent", organisations: [("o1", .gezondheid, "2018-01-01", nil), ("o2", .onderwijs, "2019-01-01", "2019-12-31"),
                                                    ("o3", .onderwijs, "2017-01-01", "2018-06-30"), ("o4", .andere, "2019-06-01", nil)],
                            assignments: Self.gentAssignments, translations: [("o1", 7, "2019-06-03"), ("o1", 3, "2018-06-04")])
        try await mesh.interpret("antwerpen", organisations: [("o1", .gezondheid, "2019-01-01", nil)], assignments: Self.antwerpenAssignments, translations: [])

        // Inflow: gent 2019 and 2018, a 2017 settlement left out; antwerpen MA 2 in 2019.
        try await settle("gent", Self.gent2019, on: "2019-06-01", municipality: "44021")
        try await settle("gent", Self.gent2018, on: "2018-06-01", municipality: "44021")
        try await settle("gent", [("MA", 1)], on: "2017-06-01", municipality: "44021")
        try await settle("antwerpen", [("MA", 2)], on: "2019-03-01", municipality: "11002")

        // Registrations: gent three in 2019, two in 2018, one in 2020; antwerpen one in 2019.
        let gentPeople = try await register("gent", on: ["2019-02-01", "2019-05-01", "2019-09-01", "2018-04-01", "2018-11-01", "2020-01-15"], first: 10)
        let antwerpenPeople = try await register("antwerpen", on: ["2019-03-01"], first: 40)
        func registered(_ people: [(id: String, day: String, doelgroep: Doelgroep)], _ year: String, _ doelgroep: Doelgroep) -> Int64 {
            Int64(people.filter { $0.day.hasPrefix(year) && $0.doelgroep == doelgroep }.count)
        }

        // Contracts: gent two signed in 2019 (one of a person registered in 2018) and one in 2018 (certificate in 2019,
        // 2018-01-10 to 2019-03-14: 14 months); antwerpen one in 2019 (certificate the same year, 2019-05-01 to
        // 2019-12-01: 7 months).
        let admin = try mesh.trajectories.records("gent", user: "an-admin", roles: [.admin])
        let imported = try await admin.importTrajectories(ImportBatch(records: [
            ImportRecord(externalID: "t1", record: trajectory(gentPeople[0].id, .verplicht, signed: "2019-03-01")),
            ImportRecord(externalID: "t2", record: trajectory(gentPeople[3].id, .rechthebbend, signed: "2019-02-01")),
            ImportRecord(externalID: "t3", record: trajectory(gentPeople[4].id, .verplicht, signed: "2018-01-10", certificate: "2019-03-14")),
        ]))
        XCTAssertEqual(imported.results.map(\.status), [.accepted, .accepted, .accepted], "\(imported.results)")
        let antwerpenImport = try await mesh.trajectories.records("antwerpen", user: "an-admin", roles: [.admin]).importTrajectories(ImportBatch(records: [
            ImportRecord(externalID: "t1", record: trajectory(antwerpenPeople[0].id, .verplicht, signed: "2019-05-01", certificate: "2019-12-01"))]))
        XCTAssertEqual(antwerpenImport.results.map(\.status), [.accepted])

        // MO courses in gent: 2019 ar twice and fr once; 2018 ar once and ru once (ru only in the previous year).
        let planner = MOCoursesClient(channel: try mesh.trajectories.staff("gent", user: "an-planner", roles: [.planner]).channel)
        for (language, from) in [("ar", "2019-02-04"), ("ar", "2019-09-02"), ("fr", "2019-10-07"), ("ar", "2018-02-05"), ("ru", "2018-03-05")] {
            let start = Self.day(from)
            _ = try await planner.createGroup(MOGroupPlan(language: language, place: "Gent", from: start, through: start.adding(days: 20)!, capacity: 12))
        }

        // Diploma files in gent: two of others and one VDAB referral in 2019, one of others in 2018.
        let records = try mesh.trajectories.records("gent")
        for (kind, opened) in [(DiplomaFileKind.other, "2019-04-01"), (.other, "2019-05-01"), (.vdab, "2019-06-01"), (.other, "2018-06-01")] {
            _ = try await records.openDiploma(DiplomaOpenRequest(kind: kind, openedOn: Self.day(opened)))
        }

        // Support contacts in gent: two in 2019 and one in 2018, with one association.
        let desk = try mesh.verenigingen!.staff("gent")
        let association = try await desk.createAssociation(AssociationFixtures.association())
        for on in ["2019-03-14", "2019-10-01", "2018-05-05"] {
            _ = try await desk.recordContact(NewSupportContact(associationID: association.associationID, on: Self.day(on), kind: .administrative, subject: .statutes))
        }

        let gent = try await mesh.staff("gent").build(ReportRequest(year: 2019, region: "gent"))
        XCTAssertEqual(gent.scope, "gent")
        XCTAssertEqual(gent.previousYear, 2018)

        // Inflow: the top 20 with ranks, the previous year's figure for the same nationalities, the rest of both.
        let inflow = try XCTUnwrap(gent.table("inflow.byNationality"))
        let top = ["MA", "SY", "AF"] + Self.singles.prefix(17)
        XCTAssertEqual(inflow.rows.map(\.label), top + ["rest"])
        XCTAssertEqual(inflow.rows.map(\.rank), Array(1...20).map(Optional.some) + [nil])
        XCTAssertEqual(inflow.rows[0], ReportRow(label: "MA", rank: 1, current: 5, previous: 2))
        XCTAssertEqual(inflow.rows[1], ReportRow(label: "SY", rank: 2, current: 4, previous: 6))
        XCTAssertEqual(inflow.rows[1].mark, .falling)
        XCTAssertEqual(inflow.rows[1].difference, -2)
        XCTAssertEqual(inflow.rows[2], ReportRow(label: "AF", rank: 3, current: 3, previous: 0))
        XCTAssertEqual(inflow.rows.first { $0.label == "PL" }, ReportRow(label: "PL", rank: 18, current: 1, previous: 1))
        XCTAssertEqual(inflow.rows.first { $0.label == "PL" }?.mark, .equal)
        // The rest: this year the last three singles by code (SO, TR, US), the previous year ZW.
        XCTAssertEqual(inflow.rows.last, ReportRow(label: "rest", current: 3, previous: 1))
        XCTAssertEqual(inflow.total, ReportRow(label: "total", current: 32, previous: 10))

        // Registrations by doelgroep, counted from the files intake answered; 2020 left out.
        let registrations = try XCTUnwrap(gent.table("registrations.byDoelgroep"))
        XCTAssertEqual(registrations.rows.map(\.label), ["verplicht", "rechthebbend", "onbepaald"])
        for row in registrations.rows {
            let doelgroep = Doelgroep(rawValue: row.label)!
            XCTAssertEqual(row.current, registered(gentPeople, "2019", doelgroep), row.label)
            XCTAssertEqual(row.previous, registered(gentPeople, "2018", doelgroep), row.label)
        }

        // Contracts by the year they were signed, whatever year the person registered.
        let contracts = try XCTUnwrap(gent.table("contracts.byDoelgroep"))
        XCTAssertEqual(contracts.rows, [ReportRow(label: "verplicht", current: 1, previous: 1), ReportRow(label: "rechthebbend", current: 1, previous: 0),
                                        ReportRow(label: "onbepaald", current: 0, previous: 0)])
        XCTAssertEqual(contracts.total, ReportRow(label: "total", current: 2, previous: 1))

        // MO courses per language: ru had none in 2019 but is listed for 2018.
        let courses = try XCTUnwrap(gent.table("mo.courses.byLanguage"))
        XCTAssertEqual(courses.rows, [ReportRow(label: "ar", current: 2, previous: 1), ReportRow(label: "fr", current: 1, previous: 0),
                                      ReportRow(label: "ru", current: 0, previous: 1)])
        XCTAssertEqual(courses.total, ReportRow(label: "total", current: 3, previous: 2))
        XCTAssertEqual(courses.rows.map(\.mark), [.rising, .rising, .falling])

        let diplomas = try XCTUnwrap(gent.table("diplomas.byKind"))
        XCTAssertEqual(diplomas.rows, [ReportRow(label: "inburgeraar", current: 0, previous: 0), ReportRow(label: "niet-inburgeraar", current: 2, previous: 1),
                                       ReportRow(label: "doorverwijzing-vdab", current: 1, previous: 0)])
        XCTAssertEqual(diplomas.total?.current, 3)

        XCTAssertEqual(gent.table("headline.certificates")?.rows.first { $0.label == "certificates" }, ReportRow(label: "certificates", current: 1, previous: 0))
        XCTAssertEqual(gent.table("headline.certificates")?.rows.first { $0.label == "months" }?.current, 14)
        XCTAssertEqual(gent.table("headline.certificates")?.rows.last, ReportRow(label: "average months", current: 14, previous: 0))
        XCTAssertEqual(gent.table("headline.supportContacts")?.total, ReportRow(label: "total", current: 2, previous: 1))
        XCTAssertEqual(gent.table("headline.associationsReached")?.total, ReportRow(label: "total", current: 1, previous: 1))

        // Tolkdienst: distinct organisations per sector for interpreting and for translation, each its own table (o1
        // used both and is in both, once each); o2's no-show and the 2020 assignment count no organisation.
        XCTAssertEqual(gent.table("interpreting.organisations.bySector")?.rows, [ReportRow(label: "gezondheid", current: 1, previous: 0),
                                                                                 ReportRow(label: "onderwijs", current: 1, previous: 1)])
        XCTAssertEqual(gent.table("interpreting.organisations.bySector")?.total, ReportRow(label: "total", current: 2, previous: 1))
        XCTAssertEqual(gent.table("translation.organisations.bySector")?.rows, [ReportRow(label: "gezondheid", current: 1, previous: 1)])
        // Agreements covering a day of the year: 2019 o1, o2, o4; 2018 o1, o3.
        XCTAssertEqual(gent.table("headline.organisationsWithAgreement")?.rows, [ReportRow(label: "andere", current: 1, previous: 0),
                                                                                  ReportRow(label: "gezondheid", current: 1, previous: 1),
                                                                                  ReportRow(label: "onderwijs", current: 1, previous: 1)])
        XCTAssertEqual(gent.table("headline.organisationsWithAgreement")?.total, ReportRow(label: "total", current: 3, previous: 2))
        // Hours per mode: the completed minutes of the year summed, divided by 60 once and rounded half up, the total
        // from the minutes too (not the rounded rows).
        func hours(_ assignments: [(organisation: String, day: String, mode: InterpretingMode, outcome: HistoricalOutcome, minutes: Int?)],
                   _ year: String, _ mode: InterpretingMode?) -> Int64 {
            let minutes = assignments.filter { $0.day.hasPrefix(year) && $0.outcome == .completed && (mode == nil || $0.mode == mode) }
                .reduce(0) { $0 + ($1.minutes ?? 0) }
            return Int64((minutes + 30) / 60)
        }
        let gentHours = try XCTUnwrap(gent.table("interpreting.hours.byMode"))
        XCTAssertEqual(gentHours.rows, [ReportRow(label: "on-site", current: hours(Self.gentAssignments, "2019", .onSite), previous: hours(Self.gentAssignments, "2018", .onSite)),
                                        ReportRow(label: "webcam", current: hours(Self.gentAssignments, "2019", .webcam), previous: 0)])
        XCTAssertEqual(gentHours.rows.map(\.current), [2, 1], "100 and 40 minutes")
        XCTAssertEqual(gentHours.total, ReportRow(label: "total", current: hours(Self.gentAssignments, "2019", nil), previous: 1))
        XCTAssertEqual(gentHours.total?.current, 2, "140 minutes are 2 hours, not the rows' 2 + 1")
        XCTAssertEqual(gent.table("translation.pages.byKind")?.rows, [ReportRow(label: "informative", current: 7, previous: 3),
                                                                      ReportRow(label: "official", current: 0, previous: 0)])

        // All regions: an analyst of antwerpen asks; every table is the sum of the regions' tables.
        let antwerpen = try await mesh.staff("gent", of: "antwerpen").build(ReportRequest(year: 2019, region: "antwerpen"))
        let all = try await mesh.staff("antwerpen").build(ReportRequest(year: 2019))
        // Each service of each region was read once, in one transaction: its figures share one instant.
        let instants = Dictionary(grouping: all.snapshots) { "\($0.service)/\($0.region)" }.mapValues { Set($0.map(\.asOfMilliseconds)) }
        XCTAssertEqual(instants.count, 8, "intake, trajectory, tolkdienst and verenigingen of two regions: \(instants.keys.sorted())")
        XCTAssertEqual(instants.filter { $0.value.count != 1 }, [:])
        XCTAssertEqual(all.scope, "all")
        XCTAssertEqual(all.regions, ["antwerpen", "gent"])
        XCTAssertEqual(all.table("inflow.byNationality")?.rows.first, ReportRow(label: "MA", rank: 1, current: 7, previous: 2))
        XCTAssertEqual(antwerpen.table("contracts.byDoelgroep")?.total, ReportRow(label: "total", current: 1, previous: 0))
        XCTAssertEqual(all.table("contracts.byDoelgroep")?.total, ReportRow(label: "total", current: 3, previous: 1))
        // Hours over all regions: every region's minutes per mode summed, then divided once.
        let allAssignments = Self.gentAssignments + Self.antwerpenAssignments
        XCTAssertEqual(all.table("interpreting.hours.byMode")?.rows.map(\.label), ["on-site", "phone", "webcam"])
        XCTAssertEqual(all.table("interpreting.hours.byMode")?.rows.map(\.current),
                       [hours(allAssignments, "2019", .onSite), hours(allAssignments, "2019", .phone), hours(allAssignments, "2019", .webcam)])
        XCTAssertEqual(all.table("interpreting.hours.byMode")?.total?.current, hours(allAssignments, "2019", nil))
        XCTAssertEqual(all.table("interpreting.hours.byMode")?.total?.current, 3, "160 minutes; the regions' totals are 2 and 0")
        XCTAssertEqual(all.table("interpreting.organisations.bySector")?.total, ReportRow(label: "total", current: 3, previous: 1))
        // Certificates of both regions: 14 and 7 months, an average of 10.5, rounded half up once from the sums.
        XCTAssertEqual(all.table("headline.certificates")?.rows, [ReportRow(label: "certificates", current: 2, previous: 0),
                                                                  ReportRow(label: "months", current: 21, previous: 0),
                                                                  ReportRow(label: "average months", current: 11, previous: 0)])
        for table in all.tables where table.missing == nil && !table.id.hasPrefix("inflow") && table.id != "interpreting.hours.byMode" {
            // An average is worked out from the summed rows, not summed itself (checked above).
            for row in table.rows + (table.total.map { [$0] } ?? []) where row.label != "average months" {
                func value(_ report: Report) -> (Int64, Int64) {
                    let found = report.table(table.id)?.rows.first { $0.label == row.label } ?? (row.label == "total" ? report.table(table.id)?.total : nil)
                    return (found?.current ?? 0, found?.previous ?? 0)
                }
                XCTAssertEqual(row.current, value(gent).0 + value(antwerpen).0, "\(table.id) \(row.label)")
                XCTAssertEqual(row.previous, value(gent).1 + value(antwerpen).1, "\(table.id) \(row.label)")
            }
        }

        // CSV: the same numbers as the tables, line for line.
        let csv = try await mesh.staff("gent").csv(ReportRequest(year: 2019, region: "gent"))
        XCTAssertEqual(csv.mediaType, ReportCSV.mediaType)
        let lines = csv.text.components(separatedBy: "\r\n").dropLast()
        XCTAssertEqual(lines.first, "table,label,rank,year,previous_year,difference,mark,missing")
        var expected: [String] = []
        for table in gent.tables {
            if let missing = table.missing { expected.append("\(table.id),,,,,,,\(missing.contains(",") ? "\"\(missing)\"" : missing)"); continue }
            for row in table.rows + (table.total.map { [$0] } ?? []) {
                expected.append("\(table.id),\(row.label),\(row.rank.map(String.init) ?? ""),\(row.current),\(row.previous),\(row.current - row.previous),\(row.mark.rawValue),")
            }
        }
        XCTAssertEqual(Array(lines.dropFirst()), expected)
        XCTAssertTrue(lines.contains("inflow.byNationality,MA,1,5,2,3,rising,"))

        // JSON: the tables as JSON decode to the same report.
        let json = try JSONEncoder().encode(gent)
        XCTAssertEqual(try JSONDecoder().decode(Report.self, from: json), gent)

        // HTML: self-contained, a section and a chart per table that has one.
        let html = try await mesh.staff("gent").html(ReportRequest(year: 2019, region: "gent"))
        XCTAssertEqual(html.mediaType, ReportHTML.mediaType)
        XCTAssertFalse(html.text.contains("http"), "the page must load nothing from elsewhere")
        XCTAssertFalse(html.text.lowercased().contains("<script"))
        XCTAssertFalse(html.text.lowercased().contains("<link"))
        for table in gent.tables { XCTAssertTrue(html.text.contains("<section id=\"\(table.id)\">"), table.id) }
        XCTAssertEqual(html.text.components(separatedBy: "<svg").count - 1, gent.tables.filter { table in
            table.missing == nil && table.chart != .none && table.rows.contains { $0.current != 0 || $0.previous != 0 }
        }.count)
        XCTAssertTrue(html.text.contains("<section id=\"mo.students.byLanguage\">"))
        XCTAssertEqual(gent.table("mo.students.byLanguage")?.rows, [], "no one had a place: no rows, no chart")
        XCTAssertTrue(html.text.contains("<td>MA</td><td class=\"n\">5</td><td class=\"n\">2</td><td class=\"n\">+3</td>"))
        // New inhabitants by doelgroep as shares of each year: the shares named in the legend are the table's.
        let shares = try XCTUnwrap(gent.table("headline.newInhabitants.byDoelgroep"))
        XCTAssertEqual(shares.chart, .stackedShares)
        XCTAssertEqual(shares.total, ReportRow(label: "total", current: 32, previous: 10), "every settlement has a doelgroep")
        XCTAssertFalse(shares.rows.filter { $0.current > 0 && $0.previous > 0 }.isEmpty, "a doelgroep in both years: \(shares.rows)")
        for row in shares.rows where row.current > 0 && row.previous > 0 {
            let share = Int((Double(row.current) / 32 * 100).rounded())
            let previous = Int((Double(row.previous) / 10 * 100).rounded())
            XCTAssertTrue(html.text.contains(">\(row.label): \(share)% (2018: \(previous)%)</text>"), row.label)
        }

        // For the public: rows with a figure from 1 to 4 lose their numbers; a total that is not small stays exact, a
        // small one is hidden too (SmallCellsTests has the rules one by one).
        let public5 = try await mesh.staff("gent").build(ReportRequest(year: 2019, region: "gent", suppressBelow: 5))
        XCTAssertEqual(public5.suppressBelow, 5)
        let publicInflow = try XCTUnwrap(public5.table("inflow.byNationality"))
        XCTAssertEqual(publicInflow.rows[0], ReportRow(label: "MA", rank: 1, current: 0, previous: 0, suppressed: true), "MA had 2 in 2018")
        XCTAssertTrue(publicInflow.rows.allSatisfy(\.suppressed))
        XCTAssertEqual(publicInflow.total, inflow.total)
        XCTAssertEqual(public5.table("mo.courses.byLanguage")?.rows.map(\.suppressed), [true, true, true])
        XCTAssertEqual(public5.table("mo.courses.byLanguage")?.total, ReportRow(label: "total", current: 0, previous: 0, suppressed: true),
                       "three courses and two: the total would say what the hidden rows hold")
        let publicCSV = try await mesh.staff("gent").csv(ReportRequest(year: 2019, region: "gent", suppressBelow: 5))
        XCTAssertTrue(publicCSV.text.contains("inflow.byNationality,MA,1,<5,<5,,,\r\n"), publicCSV.text)
        XCTAssertTrue(publicCSV.text.contains("inflow.byNationality,total,,32,10,22,rising,\r\n"), publicCSV.text)
        XCTAssertFalse(publicCSV.text.contains("inflow.byNationality,MA,1,5"))
        let publicHTML = try await mesh.staff("gent").html(ReportRequest(year: 2019, region: "gent", suppressBelow: 5))
        XCTAssertTrue(publicHTML.text.contains("<td>MA</td><td class=\"n\">&lt;5</td><td class=\"n\">&lt;5</td>"))
        XCTAssertFalse(publicHTML.text.contains("<td>MA</td><td class=\"n\">5</td>"))
        let zero = try await mesh.staff("gent").build(ReportRequest(year: 2019, region: "gent", suppressBelow: 0))
        XCTAssertEqual(zero, gent.with(snapshotsOf: zero), "0 shows every figure")

        // A service that is down: its tables say which and why, the others are still there.
        await mesh.verenigingen!.stop("gent")
        let without = try await mesh.staff("gent").build(ReportRequest(year: 2019, region: "gent"))
        let contacts = try XCTUnwrap(without.table("headline.supportContacts"))
        XCTAssertEqual(contacts.rows, [])
        XCTAssertTrue(contacts.missing?.contains("verenigingen of gent") == true, "\(contacts.missing ?? "nil")")
        XCTAssertEqual(without.table("contracts.byDoelgroep"), gent.table("contracts.byDoelgroep"))

        // A report with tables missing cannot be closed: a published report must be whole.
        let refused = await assertRPCError(.failedPrecondition) {
            try await self.mesh.staff("gent", user: "an-admin", roles: [.admin]).close(ReportRequest(year: 2019, region: "gent"))
        }
        XCTAssertTrue(refused?.message.contains("headline.supportContacts (verenigingen of gent") == true, refused?.message ?? "")
    }

    func testWhoProducedWhichReportIsInTheAuditTrail() async throws {
        _ = try await mesh.staff("gent").build(ReportRequest(year: 2019, region: "gent"))
        _ = try await mesh.staff("gent").csv(ReportRequest(year: 2018))
        _ = try await mesh.staff("gent", of: "antwerpen").html(ReportRequest(year: 2019))
        _ = try await mesh.staff("gent", user: "an-admin", roles: [.admin]).close(ReportRequest(year: 2019, region: "gent"))
        _ = try await mesh.staff("antwerpen").build(ReportRequest(year: 2019, region: "antwerpen"))

        let dpo = try mesh.staff("gent", user: "a-dpo", roles: [.dpo]).channel
        let gent2019 = try await dpo.call(ReportingAPI.audit.query, AuditQuery(personID: "report/gent/2019"))
        XCTAssertEqual(gent2019.events.map(\.method), ["reporting/year.close", "reporting/report.build"])
        XCTAssertEqual(gent2019.events.map(\.access), [.change, .read])
        XCTAssertEqual(gent2019.events.map(\.staff), ["samen://gent/staff/an-admin", "samen://gent/staff/an-analyst"])
        XCTAssertEqual(Set(gent2019.events.map(\.service)), ["reporting"])
        let all2019 = try await dpo.call(ReportingAPI.audit.query, AuditQuery(personID: "report/all/2019"))
        XCTAssertEqual(all2019.events.map(\.method), ["reporting/report.html"])
        XCTAssertEqual(all2019.events.first?.staff, "samen://antwerpen/staff/an-analyst")
        let analyst = try await dpo.call(ReportingAPI.audit.query, AuditQuery(staff: "an-analyst"))
        XCTAssertEqual(analyst.events.map(\.personID), ["report/all/2018", "report/gent/2019"])
        XCTAssertEqual(analyst.events.map(\.method), ["reporting/report.csv", "reporting/report.build"])
        // Each instance records what it produced: antwerpen's report is in antwerpen's trail, not gent's.
        let antwerpen = try await dpo.call(ReportingAPI.audit.query, AuditQuery(personID: "report/antwerpen/2019"))
        XCTAssertEqual(antwerpen.events, [])
        let there = try await mesh.staff("antwerpen", user: "a-dpo", roles: [.dpo]).channel.call(ReportingAPI.audit.query,
                                                                                               AuditQuery(personID: "report/antwerpen/2019"))
        XCTAssertEqual(there.events.map(\.method), ["reporting/report.build"])

        await assertRPCError(.permissionDenied) { try await self.mesh.staff("gent").channel.call(ReportingAPI.audit.query, AuditQuery(staff: "an-analyst")) }
        await assertRPCError(.notFound) {
            try await dpo.call(ReportingAPI.audit.exportPerson, PersonExportRequest(personID: "report/gent/2019"))
        }
    }

    func testPolicyAndBadRequests() async throws {
        // A region's report is for that region's staff; a desk worker gets none.
        await assertRPCError(.permissionDenied) { try await self.mesh.staff("gent", of: "antwerpen").build(ReportRequest(year: 2019, region: "gent")) }
        await assertRPCError(.permissionDenied) { try await self.mesh.staff("gent", user: "an-desk", roles: [.desk]).build(ReportRequest(year: 2019)) }
        _ = try await mesh.staff("gent", user: "an-admin", roles: [.admin]).build(ReportRequest(year: 2019, region: "gent"))

        let year = await assertRPCError(.invalidArgument) { try await self.mesh.staff().build(ReportRequest(year: 1890)) }
        XCTAssertEqual(year?.details["field"], "year")
        let huge = await assertRPCError(.invalidArgument) { try await self.mesh.staff().build(ReportRequest(year: Int.max)) }
        XCTAssertEqual(huge?.details["field"], "year")
        let suppress = await assertRPCError(.invalidArgument) { try await self.mesh.staff().build(ReportRequest(year: 2019, suppressBelow: 1001)) }
        XCTAssertEqual(suppress?.details["field"], "suppressBelow")
        let region = await assertRPCError(.invalidArgument) { try await self.mesh.staff().build(ReportRequest(year: 2019, region: "brugge")) }
        XCTAssertEqual(region?.details["field"], "region")
        XCTAssertTrue(region?.message.contains("antwerpen, gent") == true, region?.message ?? "")
    }
}

extension Report {
    /// This report with `other`'s snapshot instants: two builds of the same records differ only there.
    func with(snapshotsOf other: Report) -> Report {
        var copy = self
        copy.snapshots = other.snapshots
        return copy
    }
}
