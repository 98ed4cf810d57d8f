import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage
import SamenTestSupport
import TrajectoryService
import XCTest

/// gent's MO course supply over real TLS, with its store at hand to look behind the API.
final class MOFixture: Sendable {
    let mesh: TestMesh
    let store: AgencyStore
    let server: RPCServer
    let courses: MOCourses
    let port: Int

    init() throws {
        mesh = try TestMesh()
        let identity = mesh.identity(MOCoursesAPI.service)
        store = try AgencyStore(path: "\(mesh.directory)/trajectory.sqlite", service: identity, migrations: TrajectoryService.migrations)
        server = RPCServer(configuration: try mesh.serverConfiguration(identity))
        courses = MOCourses(store: store, region: "gent")
        courses.register(on: server)
        port = try server.start()
    }

    func stop() async {
        await server.drain(grace: .seconds(1))
        store.close()
    }

    func staff(_ user: String, _ roles: [StaffRole], region: String = "gent") throws -> MOCoursesClient {
        MOCoursesClient(channel: try mesh.staffClient(port: port, user: user, roles: roles.map(\.rawValue), region: region))
    }

    /// Audit rows as (person, method, access), oldest first.
    func auditRows() async throws -> [[String]] {
        try await store.database.read { connection in
            try connection.query("SELECT person_id, method, access FROM samen_audit ORDER BY id").map {
                [try $0.text("person_id"), try $0.text("method"), try $0.text("access")]
            }
        }
    }

    func enrolmentRowCount() async throws -> Int64 {
        try await store.database.read { try $0.queryFirst("SELECT COUNT(*) AS n FROM mo_enrolments")?.int("n") ?? -1 }
    }
}

final class MOCoursesTests: XCTestCase {
    var fixture: MOFixture!
    var planner: MOCoursesClient!
    var counsellor: MOCoursesClient!

    override func setUp() async throws {
        fixture = try MOFixture()
        planner = try fixture.staff("u-planner", [.planner])
        counsellor = try fixture.staff("u-counsellor", [.counsellor])
    }

    override func tearDown() async throws {
        await fixture.stop()
    }

    private func plan(capacity: Int, language: String = "prs", from: String = "2099-09-01", through: String = "2099-12-19") throws -> MOGroupPlan {
        MOGroupPlan(language: language, place: "Gent, Wolterslaan", from: try CivilDate(from), through: try CivilDate(through), capacity: capacity)
    }

    private func enrol(_ group: MOGroup, _ person: String, by client: MOCoursesClient? = nil) async throws -> MOEnrolment {
        try await (client ?? counsellor).enrol(MOEnrolmentRequest(groupID: group.id, personID: person))
    }

    private func cancel(_ group: MOGroup, _ person: String) async throws -> MOCancellation {
        try await counsellor.cancel(MOEnrolmentRequest(groupID: group.id, personID: person))
    }

    /// Runs `body` for every index at once and collects the answers (in the order they came).
    private func concurrently<Indices: Sequence & Sendable, T: Sendable>(
        _ indices: Indices, _ body: @escaping @Sendable (Indices.Element) async throws -> T) async throws -> [T] where Indices.Element: Sendable {
        try await withThrowingTaskGroup(of: T.self) { tasks in
            for index in indices { tasks.addTask { try await body(index) } }
            var all: [T] = []
            for try await answer in tasks { all.append(answer) }
            return all
        }
    }

    /// The rules that must hold between any two calls, checked on what `mo.group` answers.
    private func assertInvariants(_ detail: MOGroupDetail, file: StaticString = #filePath, line: UInt = #line) {
        let group = detail.group
        XCTAssertLessThanOrEqual(detail.enrolled.count, group.capacity, "over capacity", file: file, line: line)
        if !detail.waiting.isEmpty {
            XCTAssertEqual(detail.enrolled.count, group.capacity, "someone waits while a place is free", file: file, line: line)
        }
        XCTAssertEqual(detail.waiting.map(\.position), detail.waiting.indices.map { $0 + 1 },
                       "waiting positions are not 1...n", file: file, line: line)
        let persons = detail.enrolled.map(\.personID) + detail.waiting.map(\.personID)
        XCTAssertEqual(Set(persons).count, persons.count, "someone is in the group twice", file: file, line: line)
        XCTAssertEqual(group.enrolled, detail.enrolled.count, "the group's count disagrees with its enrolments", file: file, line: line)
        XCTAssertEqual(group.waiting, detail.waiting.count, "the group's waiting count disagrees with its list", file: file, line: line)
        XCTAssertTrue(detail.enrolled.allSatisfy { $0.state == .enrolled && $0.position == nil }, file: file, line: line)
        XCTAssertTrue(detail.waiting.allSatisfy { $0.state == .waiting }, file: file, line: line)
    }

    func testAPlaceWhileFreeThenTheWaitingListAndACancellationMovesTheFirstInLineUp() async throws {
        let group = try await planner.createGroup(try plan(capacity: 2, language: "PRS"))
        XCTAssertEqual(group.id, "gent-g1")
        XCTAssertEqual(group.language, "prs", "the code is kept in canonical form")
        let second = try await planner.createGroup(try plan(capacity: 5, language: "ar"))
        XCTAssertEqual(second.id, "gent-g2")

        for person in ["gent-p1", "gent-p2"] {
            let enrolment = try await enrol(group, person)
            XCTAssertEqual(enrolment.state, .enrolled)
            XCTAssertNil(enrolment.position)
        }
        let third = try await enrol(group, "gent-p3", by: planner)
        let fourth = try await enrol(group, "gent-p4")
        XCTAssertEqual([third.state, fourth.state], [.waiting, .waiting])
        XCTAssertEqual([third.position, fourth.position], [1, 2])

        let cancelled = try await cancel(group, "gent-p1")
        XCTAssertEqual(cancelled.cancelled.state, .cancelled)
        XCTAssertEqual(cancelled.promoted?.personID, "gent-p3", "the first in line takes the freed place")
        XCTAssertEqual(cancelled.promoted?.state, .enrolled)
        var detail = try await planner.group(group.id)
        assertInvariants(detail)
        XCTAssertEqual(detail.enrolled.map(\.personID), ["gent-p2", "gent-p3"])
        XCTAssertEqual(detail.waiting.map(\.personID), ["gent-p4"])
        XCTAssertEqual(detail.waiting.first?.position, 1, "gent-p4 moved up in line")

        let leftTheLine = try await cancel(group, "gent-p4")
        XCTAssertNil(leftTheLine.promoted, "a place in line frees no place")
        let freed = try await cancel(group, "gent-p2")
        XCTAssertNil(freed.promoted, "nobody waits")
        detail = try await planner.group(group.id)
        assertInvariants(detail)
        XCTAssertEqual(detail.group.enrolled, 1)
        XCTAssertEqual(detail.group.waiting, 0)

        let back = try await enrol(group, "gent-p1")
        XCTAssertEqual(back.state, .enrolled, "a person who cancelled can enrol again")
        await assertRPCError(.notFound) { try await self.cancel(group, "gent-p4") }

        let page = try await counsellor.listGroups(MOGroupQuery(language: "prs"))
        XCTAssertEqual(page.groups.map(\.id), ["gent-g1"])
        XCTAssertEqual(page.groups.first?.enrolled, 2)
        let first = try await counsellor.listGroups(MOGroupQuery(limit: 1))
        XCTAssertEqual(first.groups.map(\.id), ["gent-g1"])
        let rest = try await counsellor.listGroups(MOGroupQuery(limit: 1, after: first.next))
        XCTAssertEqual(rest.groups.map(\.id), ["gent-g2"])
        XCTAssertNil(rest.next)
    }

    func testFortyConcurrentEnrolmentsInThreePlacesGiveThreePlacesAndALineOfThirtySeven() async throws {
        let group = try await planner.createGroup(try plan(capacity: 3))
        var clients: [MOCoursesClient] = []
        for index in 0..<4 {
            clients.append(try fixture.staff("u-\(index)", index % 2 == 0 ? [.counsellor] : [.planner]))
        }
        let clientList = clients
        let results = try await concurrently(1...40) { index in
            try await clientList[index % clientList.count].enrol(MOEnrolmentRequest(groupID: group.id, personID: "gent-p\(index)"))
        }
        let enrolled = results.filter { $0.state == .enrolled }
        let waiting = results.filter { $0.state == .waiting }
        XCTAssertEqual(enrolled.count, 3)
        XCTAssertEqual(waiting.count, 37)
        XCTAssertEqual(waiting.compactMap(\.position).sorted(), Array(1...37), "positions without gaps or repeats")

        let detail = try await planner.group(group.id)
        assertInvariants(detail)
        XCTAssertEqual(Set(detail.enrolled.map(\.personID)), Set(enrolled.map(\.personID)))
        let answeredOrder = waiting.sorted { $0.position! < $1.position! }.map(\.personID)
        XCTAssertEqual(detail.waiting.map(\.personID), answeredOrder, "the line is in the order the answers gave")
    }

    func testConcurrentCancellationsAndEnrolmentsKeepThePlacesExactRoundAfterRound() async throws {
        let group = try await planner.createGroup(try plan(capacity: 5))
        let clients = [counsellor!, planner!, try fixture.staff("u-c2", [.counsellor])]
        var nextPerson = 1
        func newPersons(_ count: Int) -> [String] {
            defer { nextPerson += count }
            return (nextPerson..<(nextPerson + count)).map { "gent-p\($0)" }
        }
        var random = SeededRandom(seed: 20_190_701)
        for person in newPersons(12) { _ = try await enrol(group, person) }
        var before = try await planner.group(group.id)
        assertInvariants(before)

        for round in 1...15 {
            let live = before.enrolled.map(\.personID) + before.waiting.map(\.personID)
            let cancelCount = Int.random(in: 0...min(6, live.count), using: &random)
            let leaving = Array(live.shuffled(using: &random).prefix(cancelCount))
            let arriving = newPersons(Int.random(in: 0...6, using: &random))
            var calls: [(cancel: Bool, person: String)] = leaving.map { (true, $0) } + arriving.map { (false, $0) }
            calls.shuffle(using: &random)
            let planned = calls
            _ = try await concurrently(planned.indices) { index in
                let (isCancel, person) = planned[index]
                let client = clients[index % clients.count]
                let request = MOEnrolmentRequest(groupID: group.id, personID: person)
                if isCancel { _ = try await client.cancel(request) } else { _ = try await client.enrol(request) }
            }

            let after = try await planner.group(group.id)
            assertInvariants(after)
            let expected = Set(live).subtracting(leaving).union(arriving)
            XCTAssertEqual(Set(after.enrolled.map(\.personID) + after.waiting.map(\.personID)), expected, "round \(round): nobody lost or added")
            // First come, first served: of those who waited before the round and stayed, the ones who got a place
            // are the front of that line, and those still waiting keep their order at the front of the new line.
            let stayedInLine = before.waiting.map(\.personID).filter { !leaving.contains($0) }
            let enrolledNow = Set(after.enrolled.map(\.personID))
            let promotedCount = stayedInLine.prefix { enrolledNow.contains($0) }.count
            XCTAssertTrue(stayedInLine.dropFirst(promotedCount).allSatisfy { !enrolledNow.contains($0) }, "round \(round): a place skipped someone in line")
            XCTAssertEqual(Array(after.waiting.map(\.personID).prefix(stayedInLine.count - promotedCount)),
                           Array(stayedInLine.dropFirst(promotedCount)), "round \(round): the line's order changed")
            if promotedCount < stayedInLine.count {
                XCTAssertTrue(arriving.allSatisfy { !enrolledNow.contains($0) }, "round \(round): a newcomer got a place before someone in line")
            }
            before = after
        }
    }

    func testARetryUnderTheSameKeyAnswersTheFirstOutcomeAndChangesNothing() async throws {
        let group = try await planner.createGroup(try plan(capacity: 1), options: CallOptions(idempotencyKey: "plan-1"))
        let again = try await planner.createGroup(try plan(capacity: 1), options: CallOptions(idempotencyKey: "plan-1"))
        XCTAssertEqual(again, group, "a retried plan makes no second group")
        let list = try await planner.listGroups()
        XCTAssertEqual(list.groups.count, 1)

        let request = MOEnrolmentRequest(groupID: group.id, personID: "gent-p1")
        let first = try await counsellor.enrol(request, options: CallOptions(idempotencyKey: "enrol-1"))
        let retried = try await counsellor.enrol(request, options: CallOptions(idempotencyKey: "enrol-1"))
        XCTAssertEqual(retried, first)
        _ = try await enrol(group, "gent-p2")
        let cancelled = try await counsellor.cancel(request, options: CallOptions(idempotencyKey: "cancel-1"))
        XCTAssertEqual(cancelled.promoted?.personID, "gent-p2")
        let cancelRetried = try await counsellor.cancel(request, options: CallOptions(idempotencyKey: "cancel-1"))
        XCTAssertEqual(cancelRetried, cancelled, "a retried cancellation answers the first, not not_found, and moves nobody else up")
        let detail = try await planner.group(group.id)
        assertInvariants(detail)
        XCTAssertEqual(detail.enrolled.map(\.personID), ["gent-p2"])
        let rows = try await fixture.enrolmentRowCount()
        XCTAssertEqual(rows, 2)
    }

    func testAPersonEnrolledOrWaitingIsRefusedASecondTime() async throws {
        let group = try await planner.createGroup(try plan(capacity: 1))
        _ = try await enrol(group, "gent-p1")
        _ = try await enrol(group, "gent-p2")
        for person in ["gent-p1", "gent-p2"] {
            let error = await assertRPCError(.alreadyExists) { try await self.enrol(group, person) }
            XCTAssertEqual(error?.details["field"], "personID")
        }
        let detail = try await planner.group(group.id)
        assertInvariants(detail)
        XCTAssertEqual(detail.group.enrolled + detail.group.waiting, 2)
    }

    func testBadInputIsRefusedNamingTheField() async throws {
        let cases: [(MOGroupPlan, String)] = [
            (try plan(capacity: 0), "capacity"),
            (try plan(capacity: 41), "capacity"),
            (try plan(capacity: 10, language: "qqq"), "language"),
            (try plan(capacity: 10, language: "dut"), "language"),
            (try plan(capacity: 10, from: "2099-09-01", through: "2099-08-31"), "through"),
            (MOGroupPlan(language: "ar", place: "  ", from: try CivilDate("2099-09-01"), through: try CivilDate("2099-09-30"), capacity: 10), "place"),
        ]
        for (plan, field) in cases {
            let error = await assertRPCError(.invalidArgument) { try await self.planner.createGroup(plan) }
            XCTAssertEqual(error?.details["field"], field, error?.message ?? "")
            XCTAssertTrue(error?.message.contains(field) ?? false, error?.message ?? "")
        }
        let list = try await planner.listGroups()
        XCTAssertTrue(list.groups.isEmpty, "nothing refused was stored")

        let group = try await planner.createGroup(try plan(capacity: 10, language: "ar", from: "2099-09-01", through: "2099-09-01"))
        XCTAssertEqual(group.from, group.through, "a one-day course is a period")
        let badPerson = await assertRPCError(.invalidArgument) { try await self.enrol(group, "gent p1; DROP") }
        XCTAssertEqual(badPerson?.details["field"], "personID")
        let unknown = await assertRPCError(.notFound) { try await self.counsellor.group("gent-g99") }
        XCTAssertEqual(unknown?.details["field"], "groupID")
        await assertRPCError(.invalidArgument) { try await self.counsellor.listGroups(MOGroupQuery(limit: 501)) }

        let ended = try await planner.createGroup(try plan(capacity: 10, from: "2019-01-07", through: "2019-03-29"))
        let late = await assertRPCError(.failedPrecondition) { try await self.enrol(ended, "gent-p1") }
        XCTAssertEqual(late?.details["field"], "groupID")
    }

    func testOnlyPlannersPlanAndOnlyPlannersAndCounsellorsOfTheRegionEnrol() async throws {
        let group = try await planner.createGroup(try plan(capacity: 3))
        let desk = try fixture.staff("u-desk", [.desk])
        let otherRegion = try fixture.staff("u-antwerpen", [.planner, .counsellor], region: "antwerpen")
        await assertRPCError(.permissionDenied) { try await self.counsellor.createGroup(try self.plan(capacity: 3)) }
        await assertRPCError(.permissionDenied) { try await desk.createGroup(try self.plan(capacity: 3)) }
        await assertRPCError(.permissionDenied) { try await desk.enrol(MOEnrolmentRequest(groupID: group.id, personID: "gent-p1")) }
        await assertRPCError(.permissionDenied) { try await desk.group(group.id) }
        await assertRPCError(.permissionDenied) { try await otherRegion.enrol(MOEnrolmentRequest(groupID: group.id, personID: "gent-p1")) }
        await assertRPCError(.permissionDenied) { try await otherRegion.createGroup(try self.plan(capacity: 3)) }
        let detail = try await planner.group(group.id)
        XCTAssertEqual(detail.group.enrolled, 0, "nothing refused was stored")
    }

    func testEveryPersonAnEnrolmentOrACancellationTouchesIsAudited() async throws {
        let group = try await planner.createGroup(try plan(capacity: 1))
        _ = try await enrol(group, "gent-p1")
        _ = try await enrol(group, "gent-p2")
        _ = try await cancel(group, "gent-p1")
        _ = try await planner.group(group.id)
        await assertRPCError(.alreadyExists) { try await self.enrol(group, "gent-p2") }
        let rows = try await fixture.auditRows()
        XCTAssertEqual(rows, [
            ["gent-p1", "trajectory/mo.enrol", "change"],
            ["gent-p2", "trajectory/mo.enrol", "change"],
            ["gent-p1", "trajectory/mo.cancel", "change"],
            ["gent-p2", "trajectory/mo.cancel", "change"],
            ["gent-p2", "trajectory/mo.group", "read"],
            ["gent-p2", "trajectory/mo.enrol", "change"],
        ])
    }

    func testConcurrentRetriesUnderOneKeyEnrolOnceAndAnswerAlike() async throws {
        let group = try await planner.createGroup(try plan(capacity: 1))
        _ = try await enrol(group, "gent-p1")
        let request = MOEnrolmentRequest(groupID: group.id, personID: "gent-p2")
        let clients = [counsellor!, try fixture.staff("u-counsellor", [.counsellor])]
        let answers = try await concurrently(0..<12) { index in
            try await clients[index % 2].enrol(request, options: CallOptions(idempotencyKey: "enrol-p2"))
        }
        XCTAssertEqual(answers.count, 12)
        XCTAssertEqual(Set(answers.map(\.position)), [1], "every retry answers the one first outcome")
        XCTAssertEqual(Set(answers.map(\.sinceMilliseconds)).count, 1)
        let detail = try await planner.group(group.id)
        assertInvariants(detail)
        XCTAssertEqual(detail.waiting.map(\.personID), ["gent-p2"])
        let rows = try await fixture.enrolmentRowCount()
        XCTAssertEqual(rows, 2)
    }

    func testFiguresCountCoursesAndStudentsPerLanguageInThePeriod() async throws {
        let dari = try await planner.createGroup(try plan(capacity: 1, language: "prs", from: "2099-09-01", through: "2099-12-19"))
        _ = try await planner.createGroup(MOGroupPlan(language: "en", contactLanguage: true, place: "Gent", from: try CivilDate("2099-10-01"),
                                                      through: try CivilDate("2099-11-30"), capacity: 12))
        _ = try await planner.createGroup(try plan(capacity: 5, language: "prs", from: "2099-01-05", through: "2099-03-27"))
        _ = try await enrol(dari, "gent-p1")
        _ = try await enrol(dari, "gent-p2")
        _ = try await enrol(dari, "gent-p3")
        _ = try await cancel(dari, "gent-p1")
        let book = FigureBook(service: "trajectory").adding(MOFigure.self)
        func figure(_ name: String) async throws -> [AggregateRow] {
            try await fixture.store.aggregate(AggregateRequest(figure: name, from: try CivilDate("2099-09-01"), through: try CivilDate("2099-12-31")), from: book).rows
        }
        let courses = try await figure("mo.courses.byLanguage")
        XCTAssertEqual(courses, [AggregateRow(keys: ["en", "contact"], value: 1), AggregateRow(keys: ["prs", "own"], value: 1)],
                       "the spring group is outside the period")
        let students = try await figure("mo.students.byLanguage")
        XCTAssertEqual(students, [AggregateRow(keys: ["prs"], value: 2)], "gent-p1 had a place and gent-p2 moved up; gent-p3 waits")
        let waiting = try await figure("mo.waiting.byLanguage")
        XCTAssertEqual(waiting, [AggregateRow(keys: ["prs"], value: 1)])
    }
}
