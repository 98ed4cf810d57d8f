import Foundation
import ReportingService
import SamenContracts
import SamenDiscovery
import SamenRPC
import SamenTestSupport
import SamenTLS
import XCTest

/// Central matching through the registry, over real TLS: antwerpen runs no tolkdienst of its own, its registry
/// routes tolkdienst to gent, and gent's instance serves antwerpen. Antwerpen's staff ask their own registry for
/// their own region's tolkdienst, as everywhere, and reach gent's; brugge's staff are refused there.
final class CentralRoutingTests: TolkdienstTestCase {
    override var servedRegions: [String] { ["antwerpen"] }

    private var gentRegistry: RunningRegistry!
    private var antwerpenRegistry: RunningRegistry!
    private var directories: [ServiceDirectory] = []

    override func setUp() async throws {
        try await super.setUp()
        let mesh = fixture.mesh
        let gentPort = freePort()
        antwerpenRegistry = try await mesh.startRegistry(region: "antwerpen", peers: ["gent": [Endpoint(host: "127.0.0.1", port: gentPort)]]) {
            $0.routes = ["tolkdienst": "gent"]
        }
        gentRegistry = try await mesh.startRegistry(region: "gent", port: gentPort, peers: ["antwerpen": [antwerpenRegistry.endpoint]])
        let central = try mesh.registryClient(port: gentRegistry.port, as: mesh.identity(TolkdienstAPI.service))
        _ = try await central.register(RegisterRequest(service: TolkdienstAPI.service, region: "gent", instance: "1",
                                                       address: Endpoint(host: "127.0.0.1", port: fixture.port()), version: "test"))
    }

    override func tearDown() async throws {
        for directory in directories { await directory.shutdown() }
        await antwerpenRegistry.stop()
        await gentRegistry.stop()
        try await super.tearDown()
    }

    /// A staff member of antwerpen whose samenctl knows only antwerpen's registry, calling "tolkdienst".
    private func antwerpenStaff(_ user: String, _ roles: [StaffRole]) throws -> TolkdienstClient {
        let mesh = fixture.mesh
        let tls = try TLSContext(role: .client, credentials: mesh.staffCredentials(user, roles: roles.map(\.rawValue), region: "antwerpen"))
        let directory = ServiceDirectory(registries: [antwerpenRegistry.endpoint], tls: tls, group: mesh.group, logger: mesh.logger("samenctl"))
        directories.append(directory)
        return TolkdienstClient(channel: directory.channel(service: TolkdienstAPI.service))
    }

    func testAntwerpensStaffReachTheCentralInstanceThroughTheirRegistryAndItMatchesAcrossBothRegions() async throws {
        let school = try await organisation(sector: .onderwijs, region: "antwerpen")
        let hospital = try await organisation(region: "gent")
        let both = try await interpreter("Antwerpen and Gent", regions: ["antwerpen", "gent"])
        let gentOnly = try await interpreter("Gent", regions: ["gent"])

        let desk = try antwerpenStaff("a-desk", [.desk])
        let booked = try await desk.createRequest(requestInput(school, at: "10:00"))
        XCTAssertEqual(booked.region, "antwerpen")
        XCTAssertEqual(booked.id, "gent-r1", "kept by the central instance, in its id series")
        let listed = try await desk.organisations().organisations.map(\.id)
        XCTAssertEqual(listed, [school.id, hospital.id])

        let antwerpenPlanner = try antwerpenStaff("a-planner", [.planner])
        let match = try await antwerpenPlanner.match(booked.id)
        XCTAssertEqual(match.candidates.map(\.interpreterID), [both.id])
        XCTAssertEqual(match.excluded.map(\.interpreterID), [gentOnly.id])
        XCTAssertEqual(match.excluded.first?.reason, .region)
        _ = try await assign(booked, both, by: antwerpenPlanner)

        // gent's planner on the same instance: the interpreter working in both regions is busy with antwerpen's request.
        let inGent = try await request(hospital, at: "10:30")
        let gentMatch = try await planner.match(inGent.id)
        XCTAssertEqual(gentMatch.candidates.map(\.interpreterID), [gentOnly.id])
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: gentMatch.excluded.map { ($0.interpreterID, $0.reason) }), [both.id: .busy])
        let refused = await assertRPCError(.failedPrecondition) { try await self.assign(inGent, both) }
        XCTAssertEqual(refused?.details["conflict"], booked.id, refused?.message ?? "")

        // A desk worker of antwerpen books but does not match, as in any region.
        await assertRPCError(.permissionDenied) { try await desk.match(booked.id) }
    }

    func testStaffOfARegionTheCentralInstanceDoesNotServeAreRefused() async throws {
        let school = try await organisation(region: "antwerpen")
        for (user, roles) in [("b-desk", [StaffRole.desk]), ("b-planner", [.planner])] {
            let brugge = try fixture.staff(user, roles, region: "brugge")
            let denied = await assertRPCError(.permissionDenied) { try await brugge.organisations() }
            XCTAssertTrue(denied?.message.contains("samen://brugge/staff/\(user)") ?? false, denied?.message ?? "")
            await assertRPCError(.permissionDenied) { try await brugge.createRequest(self.requestInput(school)) }
        }
        // antwerpen's services book as their own region's do; brugge's do not.
        let intake = try fixture.service(as: "intake", region: "antwerpen")
        let booked = try await intake.createRequest(requestInput(school, person: "antwerpen-p4"))
        XCTAssertEqual(booked.region, "antwerpen")
        await assertRPCError(.permissionDenied) { try await self.fixture.service(as: "intake", region: "brugge").request(booked.id) }

        // The person's tolkdienst file is at the central instance: antwerpen's dpo exports it there, brugge's may not.
        let dpo = try antwerpenStaff("a-dpo", [.dpo])
        let export = try await dpo.channel.call(TolkdienstAPI.audit.exportPerson, PersonExportRequest(personID: "antwerpen-p4"))
        XCTAssertTrue(export.fileJSON.contains(booked.id), export.fileJSON)
        await assertRPCError(.permissionDenied) {
            try await self.fixture.staff("b-dpo", [.dpo], region: "brugge").audit(AuditQuery(personID: "antwerpen-p4"))
        }
    }

    /// The annual report of all regions, built by gent's reporting: antwerpen's tolkdienst figures come from the
    /// central instance its registry routes to, antwerpen's rows only, so nothing is counted twice or left out.
    func testReportingReadsARoutedRegionsFiguresFromTheCentralInstanceOnce() async throws {
        _ = try await organisation(sector: .onderwijs, region: "antwerpen")
        _ = try await organisation(region: "gent")
        _ = try await organisation(region: "gent", from: "2031-01-01", until: nil)
        let mesh = fixture.mesh
        let identity = mesh.identity(ReportingAPI.service, region: "gent")
        let directory = ServiceDirectory(registries: [gentRegistry.endpoint], tls: try mesh.tls(.client, identity), group: mesh.group,
                                         logger: mesh.logger("reporting"))
        directories.append(directory)
        let source = DirectoryFigureSource(directory: directory, timeout: .seconds(10))
        let agreements = try XCTUnwrap(AnnualReport.tables.first { $0.id == "headline.organisationsWithAgreement" })
        let report = await ReportBuilder(source: source, declarations: [agreements]).build(ReportRequest(year: 2030), regions: ["antwerpen", "gent"])
        let table = try XCTUnwrap(report.tables.first)
        XCTAssertNil(table.missing)
        XCTAssertEqual(table.rows, [ReportRow(label: "gezondheid", current: 1, previous: 0), ReportRow(label: "onderwijs", current: 1, previous: 0)])
        XCTAssertEqual(table.total?.current, 2, "each region's organisation once, though one instance answered for both")
        XCTAssertEqual(Set(report.snapshots.map(\.region)), ["antwerpen", "gent"])
        // The route, once found, is asked at once next time: the same table.
        let again = await ReportBuilder(source: source, declarations: [agreements]).build(ReportRequest(year: 2030), regions: ["antwerpen", "gent"])
        XCTAssertEqual(again.tables.first, table)
    }
}
