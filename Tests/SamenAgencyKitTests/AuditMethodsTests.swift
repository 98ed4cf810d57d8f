import Foundation
import SamenAgencyKit
import SamenRPC
import SamenTestSupport
import XCTest

/// `<service>/audit.query` and `<service>/audit.exportPerson` over real TLS: what is recorded about who called,
/// how the trail is queried and paged, and who may query it.
final class AuditMethodsTests: PeopleServiceTestCase {
    private var dpo: RPCClient!

    override func setUp() async throws {
        try await super.setUp()
        dpo = try fixture.staff("u-dpo", [.dpo])
    }

    override func tearDown() async throws {
        await dpo.close()
        try await super.tearDown()
    }

    private func query(_ query: AuditQuery) async throws -> AuditPage {
        try await dpo.call(PeopleAPI.audit.query, query)
    }

    func testTheStaffMemberRecordedIsTheCertificatesOrTheActingUsers() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let person = try await desk.call(PeopleAPI.create, NewPerson(name: "A"), options: CallOptions(requestID: "req-create-1"))
        let twoRoles = try fixture.staff("u-two", [.desk, .counsellor])
        _ = try await twoRoles.call(PeopleAPI.get, PersonRef(id: person.id))
        let trajectory = try fixture.service("trajectory")
        let forGent = try StaffMember(identity: fixture.mesh.staffIdentity("u9"), roles: ["counsellor"])
        _ = try await trajectory.call(PeopleAPI.get, PersonRef(id: person.id), options: CallOptions(metadata: ActingUser.metadata(for: forGent)))
        let forAntwerpen = try StaffMember(identity: fixture.mesh.staffIdentity("u9", region: "antwerpen"), roles: ["planner", "desk"])
        _ = try await trajectory.call(PeopleAPI.get, PersonRef(id: person.id), options: CallOptions(metadata: ActingUser.metadata(for: forAntwerpen)))
        _ = try await trajectory.call(PeopleAPI.get, PersonRef(id: person.id))

        let page = try await query(AuditQuery(personID: person.id))
        XCTAssertNil(page.next)
        let events = Array(page.events.reversed())
        XCTAssertEqual(page.events.map(\.id), page.events.map(\.id).sorted(by: >), "newest first")
        XCTAssertEqual(events.map(\.caller), ["samen://gent/staff/u-desk", "samen://gent/staff/u-two", "samen://gent/trajectory/1",
                                              "samen://gent/trajectory/1", "samen://gent/trajectory/1"])
        XCTAssertEqual(events.map(\.staff), ["samen://gent/staff/u-desk", "samen://gent/staff/u-two", "samen://gent/staff/u9",
                                             "samen://antwerpen/staff/u9", nil])
        XCTAssertEqual(events.map(\.staffRoles), [["desk"], ["counsellor", "desk"], ["counsellor"], ["desk", "planner"], []])
        XCTAssertEqual(events.map(\.method), ["people/create", "people/get", "people/get", "people/get", "people/get"])
        XCTAssertEqual(events.map(\.access), [.change, .read, .read, .read, .read])
        XCTAssertTrue(events.allSatisfy { $0.service == "people" && $0.region == "gent" && $0.personID == person.id && $0.outcome == "ok" })
        XCTAssertEqual(events.first?.requestID, "req-create-1")

        // The query read the person's history, and is recorded as that.
        let after = try await query(AuditQuery(personID: person.id, limit: 1))
        XCTAssertEqual(after.events.first?.method, "people/audit.query")
        XCTAssertEqual(after.events.first?.staff, "samen://gent/staff/u-dpo")
        XCTAssertEqual(after.events.first?.access, .read)
        await desk.close()
        await twoRoles.close()
        await trajectory.close()
    }

    /// A user id alone is a staff member of the server's region; another region's member needs the full URI.
    func testQueryByStaffByUserIDOrFullIdentity() async throws {
        let desk = try fixture.staff("u9", [.desk])
        let person = try await desk.call(PeopleAPI.create, NewPerson(name: "A"))
        let trajectory = try fixture.service("trajectory")
        let antwerpen = try StaffMember(identity: fixture.mesh.staffIdentity("u9", region: "antwerpen"), roles: ["desk"])
        _ = try await trajectory.call(PeopleAPI.get, PersonRef(id: person.id), options: CallOptions(metadata: ActingUser.metadata(for: antwerpen)))

        let byUser = try await query(AuditQuery(staff: "u9"))
        let byURI = try await query(AuditQuery(staff: "samen://gent/staff/u9"))
        XCTAssertEqual(byUser, byURI)
        XCTAssertEqual(byUser.events.map(\.method), ["people/create"])
        let other = try await query(AuditQuery(staff: "samen://antwerpen/staff/u9"))
        XCTAssertEqual(other.events.map(\.method), ["people/get"])
        XCTAssertEqual(other.events.map(\.caller), ["samen://gent/trajectory/1"])
        let nobody = try await query(AuditQuery(staff: "u-never"))
        XCTAssertEqual(nobody, AuditPage(events: [], next: nil))

        for malformed in ["samen://gent/intake/1", "a/b", "samen://gent/staff", ""] {
            let error = await assertRPCError(.invalidArgument) { try await self.query(AuditQuery(staff: malformed)) }
            XCTAssertEqual(error?.details["field"], "staff", malformed)
        }
        await desk.close()
        await trajectory.close()
    }

    /// What a staff member did shows whose files they touched: each person on the page is recorded as read, and
    /// only those.
    func testAQueryByStaffRecordsEachPersonOnThePage() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let first = try await desk.call(PeopleAPI.create, NewPerson(name: "A"))
        let second = try await desk.call(PeopleAPI.create, NewPerson(name: "B"))
        let page = try await query(AuditQuery(staff: "u-desk", limit: 1))
        XCTAssertEqual(page.events.map(\.personID), [second.id])
        let secondEvents = try await fixture.events(of: second.id)
        XCTAssertEqual(secondEvents.map(\.method), ["people/create", "people/audit.query"])
        XCTAssertEqual(secondEvents.last?.staff, "samen://gent/staff/u-dpo")
        let firstEvents = try await fixture.events(of: first.id)
        XCTAssertEqual(firstEvents.map(\.method), ["people/create"], "not on the page, not recorded")
        await desk.close()
    }

    func testPagingWithNextAndBeforeVisitsEveryEventOnce() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let person = try await desk.call(PeopleAPI.create, NewPerson(name: "A"))
        for _ in 0..<6 { _ = try await desk.call(PeopleAPI.get, PersonRef(id: person.id)) }

        let all = try await query(AuditQuery(staff: "u-desk", limit: 1000))
        XCTAssertEqual(all.events.count, 7)
        XCTAssertNil(all.next)
        var pages: [[AuditEvent]] = []
        var before: Int64?
        repeat {
            let page = try await query(AuditQuery(staff: "u-desk", limit: 3, before: before))
            pages.append(page.events)
            before = page.next
            XCTAssertLessThanOrEqual(pages.count, 3, "the pages end")
        } while before != nil && pages.count <= 3
        XCTAssertEqual(pages.map(\.count), [3, 3, 1])
        XCTAssertEqual(pages.flatMap { $0 }, all.events)

        // Time bounds: milliseconds since 1970, from inclusive, until exclusive.
        let oldest = try XCTUnwrap(all.events.last)
        let sinceOldest = try await query(AuditQuery(staff: "u-desk", fromMilliseconds: oldest.atMilliseconds))
        XCTAssertEqual(sinceOldest.events, all.events)
        let untilOldest = try await query(AuditQuery(staff: "u-desk", untilMilliseconds: oldest.atMilliseconds))
        XCTAssertEqual(untilOldest.events, [])
        await desk.close()
    }

    func testLimitAndTheChoiceOfPersonOrStaffAreChecked() async throws {
        for limit in [0, 1001, -1, Int.max] {
            let error = await assertRPCError(.invalidArgument) { try await self.query(AuditQuery(personID: "p1", limit: limit)) }
            XCTAssertEqual(error?.details["field"], "limit", "\(limit)")
            XCTAssertTrue(error?.message.contains("'limit'") ?? false, error?.message ?? "")
        }
        _ = try await query(AuditQuery(personID: "p1", limit: 1000))
        _ = try await query(AuditQuery(personID: "p1", limit: 1))
        for neitherOrBoth in [AuditQuery(), AuditQuery(personID: "p1", staff: "u-desk")] {
            let error = await assertRPCError(.invalidArgument) { try await self.query(neitherOrBoth) }
            XCTAssertEqual(error?.details["field"], "personID")
        }
    }

    func testOnlyDPOAndAdminOfTheRegionMayQueryOrExport() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let person = try await desk.call(PeopleAPI.create, NewPerson(name: "A"))
        let queryRequest = AuditQuery(personID: person.id)
        for role in StaffRole.allCases {
            let client = try fixture.staff("u-\(role.rawValue)-2", [role])
            if AuditAPI.roles.contains(role) {
                _ = try await client.call(PeopleAPI.audit.query, queryRequest)
                _ = try await client.call(PeopleAPI.audit.exportPerson, PersonExportRequest(personID: person.id))
            } else {
                await assertRPCError(.permissionDenied) { try await client.call(PeopleAPI.audit.query, queryRequest) }
                await assertRPCError(.permissionDenied) {
                    try await client.call(PeopleAPI.audit.exportPerson, PersonExportRequest(personID: person.id))
                }
            }
            await client.close()
        }
        XCTAssertEqual(AuditAPI.roles, [.dpo, .admin])
        let otherRegion = try fixture.staff("u-dpo", [.dpo], region: "antwerpen")
        await assertRPCError(.permissionDenied) { try await otherRegion.call(PeopleAPI.audit.query, queryRequest) }
        await assertRPCError(.permissionDenied) { try await otherRegion.call(PeopleAPI.audit.exportPerson, PersonExportRequest(personID: person.id)) }
        // A service cannot read the trail, not even one the people methods admit.
        let trajectory = try fixture.service("trajectory")
        await assertRPCError(.permissionDenied) { try await trajectory.call(PeopleAPI.audit.query, queryRequest) }
        await desk.close()
        await otherRegion.close()
        await trajectory.close()
    }

    func testExportHoldsTheFileAndEveryEventOldestFirstAndIsRecorded() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let person = try await desk.call(PeopleAPI.create, NewPerson(name: "A", born: "1990-04-01"))
        let renamed = try await desk.call(PeopleAPI.rename, RenamePerson(id: person.id, name: "B", version: 1))
        _ = try await desk.call(PeopleAPI.get, PersonRef(id: person.id))
        await assertRPCError(.aborted) { try await desk.call(PeopleAPI.rename, RenamePerson(id: person.id, name: "C", version: 1)) }
        let recorded = try await fixture.events(of: person.id)

        let export = try await dpo.call(PeopleAPI.audit.exportPerson, PersonExportRequest(personID: person.id))
        XCTAssertEqual(export.service, "people")
        XCTAssertEqual(export.region, "gent")
        XCTAssertEqual(export.personID, person.id)
        XCTAssertEqual(try JSONDecoder().decode(Person.self, from: Data(export.fileJSON.utf8)), renamed)
        XCTAssertEqual(export.audit, recorded)
        XCTAssertEqual(export.audit.map(\.method), ["people/create", "people/rename", "people/get", "people/rename"])
        XCTAssertEqual(export.audit.map(\.id), export.audit.map(\.id).sorted(), "oldest first")
        XCTAssertGreaterThanOrEqual(export.exportedAtMilliseconds, try XCTUnwrap(recorded.last).atMilliseconds)

        let afterwards = try await fixture.events(of: person.id)
        XCTAssertEqual(afterwards.count, recorded.count + 1)
        XCTAssertEqual(afterwards.last?.method, "people/audit.exportPerson")
        XCTAssertEqual(afterwards.last?.staff, "samen://gent/staff/u-dpo")
        XCTAssertEqual(afterwards.last?.access, .read)

        let error = await assertRPCError(.notFound) { try await self.dpo.call(PeopleAPI.audit.exportPerson, PersonExportRequest(personID: "p404")) }
        XCTAssertEqual(error?.details["field"], "personID")
        await desk.close()
    }
}
