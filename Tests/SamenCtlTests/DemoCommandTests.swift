import Foundation
import SamenContracts
@testable import SamenCtl
import SamenReferenceData
import SamenTestSupport
import XCTest

/// `samenctl demo` loads the same fictional people into every region through the public API, and a second run
/// adds nothing.
final class DemoCommandTests: XCTestCase {
    private var mesh: CtlIntakeHome!

    override func setUp() async throws {
        mesh = try await CtlIntakeHome.make(regions: ["gent", "antwerpen"], trajectory: true, withVerenigingen: true, withTolkdienst: true)
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    private func everyone(in region: String) async throws -> [PersonSummary] {
        let desk = try mesh.intake.staff(region)
        var persons: [PersonSummary] = []
        var cursor: String?
        repeat {
            let page = try await desk.list(ListRequest(limit: 500, after: cursor))
            persons += page.persons
            cursor = page.next
        } while cursor != nil
        return persons
    }

    func testTwoRunsLoadTheSameFictionalPeopleOnce() async throws {
        let first = await mesh.ctl(["demo"])
        XCTAssertEqual(first.code, 0, first.err)
        let second = await mesh.ctl(["demo"])
        XCTAssertEqual(second.code, 0, second.err)

        func regionLines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  gent:") || $0.hasPrefix("  antwerpen:") } }
        let once = regionLines(first.out)
        XCTAssertEqual(once.count, 2, first.out)
        XCTAssertTrue(once[0].contains("gent: 20 registrations") && once[0].contains("3 minors referred to OKAN")
                          && once[0].contains("30 settlements reported (30 new)"), once[0])
        XCTAssertTrue(once[1].contains("6 associations (2 women's organisations, 2 in the gender network), 8 support contacts (3 with a follow-up)")
                          && once[1].contains("1 of 2 subsidy applications granted"), once[1])
        XCTAssertEqual(regionLines(second.out), once.map { $0.replacingOccurrences(of: "(30 new)", with: "(0 new)") },
                       "the second run finds everything the first loaded, and adds nothing")
        XCTAssertTrue(first.out.contains("samenctl audit intake --region gent --person gent-p"), first.out)
        XCTAssertTrue(once.allSatisfy { $0.contains("trajectory: 5 contracts (1 with a certificate), 3 counsellors, 1 referrals, 2 MO groups with 3 enrolments") },
                      "\(once)")
        XCTAssertTrue(first.out.contains("samenctl call gent/trajectory trajectories.get"), first.out)
        XCTAssertTrue(once.allSatisfy { $0.contains("tolkdienst: 3 organisations, 3 interpreters, 3 requests (1 assigned), 1 translation") }, "\(once)")
        XCTAssertTrue(first.out.contains("samenctl call gent/tolkdienst matching.candidates --as planner --json '{\"requestID\":\"gent-r3\"}'"), first.out)

        // One of gent's trajectories moved to antwerpen, once: the second run finds the same transfer.
        func transferLine(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  transfer: ") } }
        let moved = transferLine(first.out)
        XCTAssertEqual(moved.count, 1, first.out)
        XCTAssertTrue(moved.first?.contains("moved to antwerpen as antwerpen-t") == true, "\(moved)")
        XCTAssertEqual(transferLine(second.out), moved, "the second run transfers nothing again")
        let gentStaff = try XCTUnwrap(mesh.trajectory).staff("gent", user: "an-counsellor", roles: [.counsellor])
        let antwerpenStaff = try XCTUnwrap(mesh.trajectory).staff("antwerpen", user: "an-counsellor", roles: [.counsellor])
        let gentList = try await gentStaff.list(TrajectoryListRequest(limit: 100)).trajectories
        XCTAssertEqual(gentList.count, DemoTrajectories.contracts)
        let tombstones = gentList.compactMap(\.transferredTo)
        XCTAssertEqual(tombstones.map(\.region), ["antwerpen"], "one of gent's trajectories moved")
        let arrived = try await antwerpenStaff.get(try XCTUnwrap(tombstones.first).trajectoryID)
        XCTAssertEqual(arrived.origins?.map(\.region), ["gent"])
        XCTAssertNil(arrived.tombstone)
        XCTAssertEqual(arrived.components.first { $0.component == .mo }?.state, .exempted, "the MO-exempted one, whole")
        let antwerpenList = try await antwerpenStaff.list(TrajectoryListRequest(limit: 100)).trajectories
        XCTAssertEqual(antwerpenList.count, DemoTrajectories.contracts + 1)
        let outgoing = try await TransferClient(channel: gentStaff.channel).list(TransferListRequest(direction: .outgoing)).transfers
        XCTAssertEqual(outgoing.map(\.state), [.completed])
        let incoming = try await TransferClient(channel: antwerpenStaff.channel).list(TransferListRequest(direction: .incoming)).transfers
        XCTAssertEqual(incoming.map(\.transferID), outgoing.map(\.transferID))
        XCTAssertTrue(first.out.contains("samenctl call gent/trajectory transfers.list --as counsellor"), first.out)

        for region in ["gent", "antwerpen"] {
            let persons = try await everyone(in: region)
            XCTAssertEqual(persons.count, DemoData.registrations, region)
            XCTAssertEqual(Set(persons.map { "\($0.name.given) \($0.name.family)" }),
                           Set((1...DemoData.registrations).map { "Demo Voorbeeld-\($0)" }), region)
            XCTAssertEqual(Set(persons.map(\.desk)), ["\(region)-centrum", "\(region)-zuid"])
        }
        for region in ["gent", "antwerpen"] {
            let desk = try XCTUnwrap(mesh.verenigingen).staff(region)
            let associations = try await desk.listAssociations(AssociationListRequest(includeDissolved: true))
            XCTAssertEqual(associations.associations.map(\.name), (1...DemoAssociations.count).map { "Demo Vereniging \($0)" }, region)
            let calls = try await desk.listCalls().calls
            XCTAssertEqual(calls.map(\.grantedCents), [5_000_000], "the second run granted nothing more")
        }

        for region in ["gent", "antwerpen"] {
            let planner = try XCTUnwrap(mesh.tolkdienst).staff(region)
            let organisations = try await planner.organisations().organisations
            XCTAssertEqual(organisations.map(\.name), ["Demo Ziekenhuis \(region)", "Demo School \(region)", "Demo OCMW \(region)"], region)
            XCTAssertTrue(organisations.allSatisfy { $0.region == region })
            let interpreters = try await planner.interpreters().interpreters
            XCTAssertEqual(interpreters.map(\.profile.name), (1...DemoTolkdienst.interpreterCount).map { "Demo Tolk \($0)" }, region)
            let requests = try await planner.requests(RequestListRequest()).requests
            XCTAssertEqual(requests.map(\.state), [.assigned, .open, .open], "a second run created and assigned nothing more: \(region)")
            XCTAssertEqual(requests.first?.interpreterID, interpreters.first?.id)
            let match = try await planner.match(requests[1].id)
            XCTAssertEqual(match.candidates.map(\.interpreterID), [interpreters[1].id], "the school's Turkish webcam call: \(region)")
            let translation = try await planner.translation("\(region)-v1")
            XCTAssertEqual(translation.state, .ordered)
            XCTAssertEqual(translation.order.pages, 4)
        }

        // Gent's NT2 referrals and enrolments went to Gent's providers; five settlements are linked to registrations.
        let analyst = try mesh.intake.staff("gent", user: "an-analyst", roles: [.analyst])
        let period = (from: try CivilDate("\(DemoData.year)-01-01"), through: try CivilDate("\(DemoData.year)-12-31"))
        let byProvider = try await analyst.figures(AggregateRequest(figure: "nt2.byProvider", from: period.from, through: period.through))
        let gentProviders = Set(["cbe-leerpunt", "cvo-gent", "pcvo-het-perspectief", "uct", "vdab", "kisp"])
        XCTAssertFalse(byProvider.rows.isEmpty)
        XCTAssertTrue(byProvider.rows.allSatisfy { $0.keys.contains { gentProviders.contains($0) } }, "\(byProvider.rows)")
        let kinds = try await analyst.figures(AggregateRequest(figure: "nt2.records.byKind", from: period.from, through: period.through))
        XCTAssertEqual(Set(kinds.rows.flatMap(\.keys)).intersection(NT2Record.Kind.allCases.map(\.rawValue)).count, NT2Record.Kind.allCases.count,
                       "every kind of NT2 record: \(kinds.rows)")
        let invite = try await mesh.intake.staff("gent").toInvite(InvitationRequest(from: period.from, through: period.through, limit: 500))
        let notInvited = try await settledButNotInvited("gent", period)
        XCTAssertEqual(invite.settlements.count + DemoData.settledThenRegistered + notInvited, DemoData.settlements,
                       "every settlement is to be invited, linked to its registration, or niet-doelgroep")
    }

    /// The trajectories are opened once, at their stages, and the MO groups keep their capacity with a line.
    func testTrajectoriesAreOpenedOnceAtTheirStages() async throws {
        for _ in 1...2 {
            let run = await mesh.ctl(["demo", "--region", "gent"])
            XCTAssertEqual(run.code, 0, run.err)
        }
        let counsellor = try XCTUnwrap(mesh.trajectory).staff("gent", user: "an-counsellor", roles: [.counsellor])
        let page = try await counsellor.list(TrajectoryListRequest(limit: 100))
        XCTAssertEqual(page.trajectories.count, DemoTrajectories.contracts, "a second run signs nothing again")
        var files: [TrajectoryFile] = []
        for summary in page.trajectories { files.append(try await counsellor.get(summary.trajectoryID)) }
        let certified = files.filter { $0.certificate != nil }
        XCTAssertEqual(certified.count, 1)
        XCTAssertTrue(certified[0].components.allSatisfy { $0.state == .completed })
        XCTAssertEqual(files.filter { $0.components.contains { $0.component == .mo && $0.state == .exempted } }.count, 1)
        XCTAssertEqual(files.compactMap(\.referrals).flatMap { $0 }.map(\.kind), [.vdabWork])
        XCTAssertTrue(files.allSatisfy { $0.counsellor?.hasPrefix("demo-counsellor-") == true }, "every contract got a demo counsellor")
        let planner = MOCoursesClient(channel: try mesh.trajectory!.staff("gent", user: "an-planner", roles: [.planner]).channel)
        let groups = try await planner.listGroups(MOGroupQuery(limit: 10)).groups
        XCTAssertEqual(groups.count, 2)
        for group in groups {
            let detail = try await planner.group(group.id)
            XCTAssertLessThanOrEqual(detail.enrolled.count, group.capacity)
            XCTAssertTrue(detail.waiting.isEmpty || detail.enrolled.count == group.capacity)
        }
        XCTAssertEqual(groups.map(\.capacity).sorted(), [1, 12])
        let line = try await planner.group(groups.first { $0.capacity == 1 }!.id)
        XCTAssertEqual(line.enrolled.count + line.waiting.count, 2, "the one-place group has one place taken and one in line")
        XCTAssertEqual(line.waiting.map(\.position), [1])
    }

    /// Settlements that are never invited: decided niet-doelgroep.
    private func settledButNotInvited(_ region: String, _ period: (from: CivilDate, through: CivilDate)) async throws -> Int {
        let desk = try mesh.intake.staff(region)
        let page = try await desk.toInvite(InvitationRequest(from: period.from, through: period.through, doelgroep: .nietDoelgroep, limit: 500))
        return page.settlements.count
    }

    func testTheDataIsTheSameOnEveryRunAndValidByTheRules() throws {
        let providers = [NT2Provider(id: "cvo", name: "CVO", directEnrolment: true), NT2Provider(id: "cbe", name: "CBE", directEnrolment: false)]
        let one = DemoData(region: "gent", regionIndex: 0, providers: providers)
        let two = DemoData(region: "gent", regionIndex: 0, providers: providers)
        XCTAssertEqual(one.people.map(\.registration), two.people.map(\.registration))
        XCTAssertEqual(one.settlements.map(\.record), two.settlements.map(\.record))
        let other = DemoData(region: "antwerpen", regionIndex: 1, providers: providers)
        let inszs = (one.people.map(\.registration.insz) + other.people.map(\.registration.insz)).compactMap { $0 }
        XCTAssertEqual(Set(inszs).count, inszs.count, "no INSZ in two regions")
        XCTAssertFalse(inszs.contains("90051712430"), "the README's walk-through registers this one after the demo")
        XCTAssertEqual(one.people.filter { $0.registration.insz == nil }.count, 5, "some register without an INSZ")
        for person in one.people {
            let registration = person.registration
            if let insz = registration.insz {
                XCTAssertNoThrow(try INSZ(insz).check(against: registration.birthDate, sex: registration.sex))
            }
            let age = registration.birthDate.wholeYears(until: registration.registeredOn!)
            XCTAssertEqual(person.referral != nil, age < 18, "minors, and only minors, are referred to OKAN")
            XCTAssertTrue(person.nt2.isEmpty || age >= 18)
        }
    }
}
