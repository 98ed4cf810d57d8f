import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Signing a contract: who can sign, the person read from intake as the acting counsellor, counsellor assignment.
final class TrajectorySigningTests: XCTestCase {
    var mesh: TrajectoryMesh!
    var desk: IntakeClient!
    var counsellor: TrajectoryClient!

    override func setUp() async throws {
        mesh = try await TrajectoryMesh()
        desk = try mesh.intakes.staff("gent")
        counsellor = try mesh.staff()
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func register(_ given: String = "Testa", languages: [String] = ["ar", "fr"],
                  change: (inout Registration) -> Void = { _ in }) async throws -> PersonFile {
        var registration = Fixtures.registration(given: given)
        registration.languages = languages
        change(&registration)
        return try await desk.register(registration)
    }

    func testAVerplichtePersonSignsAndEveryComponentIsRequired() async throws {
        let person = try await register()
        XCTAssertEqual(person.doelgroep.doelgroep, .verplicht)
        let file = try await counsellor.sign(SignRequest(personID: person.personID))
        XCTAssertEqual(file.trajectoryID, "gent-t1")
        XCTAssertEqual(file.personID, person.personID)
        XCTAssertEqual(file.doelgroep, .verplicht)
        XCTAssertEqual(file.signedOn, Fixtures.today)
        XCTAssertEqual(file.version, 1)
        XCTAssertEqual(file.components.map(\.component), [.mo, .nt2, .llo, .trajectbegeleiding])
        XCTAssertTrue(file.components.allSatisfy { $0.required && $0.state == .planned })
        let read = try await counsellor.get(file.trajectoryID)
        XCTAssertEqual(read, file)
    }

    func testOnlyVerplichtOrRechthebbendAdultsCanSign() async throws {
        let belgian = try await register("Belga") {
            $0.nationalities = ["BE"]; $0.bornAbroad = false; $0.parentBornAbroad = false; $0.residencePermit = nil
        }
        XCTAssertEqual(belgian.doelgroep.doelgroep, .nietDoelgroep, "\(belgian.doelgroep)")
        let refused = await assertRPCError(.failedPrecondition) { try await self.counsellor.sign(SignRequest(personID: belgian.personID)) }
        XCTAssertEqual(refused?.details["field"], "doelgroep")
        XCTAssertTrue(refused?.message.contains("niet-doelgroep") == true, refused?.message ?? "")

        let unknown = try await register("Onbekend") { $0.residencePermit = nil; $0.arrivalDate = nil }
        XCTAssertEqual(unknown.doelgroep.doelgroep, .onbepaald)
        let undecided = await assertRPCError(.failedPrecondition) { try await self.counsellor.sign(SignRequest(personID: unknown.personID)) }
        XCTAssertTrue(undecided?.message.contains("onbepaald") == true, undecided?.message ?? "")

        let minor = try await register("Minora") { $0.birthDate = Fixtures.today.adding(years: -15)! }
        XCTAssertTrue(minor.minor)
        let young = await assertRPCError(.failedPrecondition) { try await self.counsellor.sign(SignRequest(personID: minor.personID)) }
        XCTAssertTrue(young?.message.contains("minor") == true, young?.message ?? "")

        await assertRPCError(.notFound) { try await self.counsellor.sign(SignRequest(personID: "gent-p999")) }
        let page = try await counsellor.list(TrajectoryListRequest())
        XCTAssertEqual(page.trajectories, [], "no refused signing left a trajectory")
    }

    func testASecondLiveTrajectoryIsRefusedAndARetryAnswersTheFirst() async throws {
        let person = try await register()
        let options = CallOptions(idempotencyKey: "sign-once")
        let first = try await counsellor.sign(SignRequest(personID: person.personID), options: options)
        let retried = try await counsellor.sign(SignRequest(personID: person.personID), options: options)
        XCTAssertEqual(retried, first)
        let second = await assertRPCError(.alreadyExists) { try await self.counsellor.sign(SignRequest(personID: person.personID)) }
        XCTAssertEqual(second?.details["trajectoryID"], first.trajectoryID)
        let page = try await counsellor.list(TrajectoryListRequest())
        XCTAssertEqual(page.trajectories.map(\.trajectoryID), [first.trajectoryID])
    }

    func testConcurrentSigningsOfOnePersonOpenExactlyOneTrajectory() async throws {
        let person = try await register()
        let client = counsellor!
        let outcomes = await withTaskGroup(of: StatusCode?.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        _ = try await client.sign(SignRequest(personID: person.personID))
                        return nil
                    } catch let error as RPCError {
                        return error.status
                    } catch {
                        return .internal
                    }
                }
            }
            var all: [StatusCode?] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        XCTAssertEqual(outcomes.filter { $0 == nil }.count, 1, "\(outcomes)")
        XCTAssertEqual(outcomes.filter { $0 == .alreadyExists }.count, 7, "\(outcomes)")
        let page = try await counsellor.list(TrajectoryListRequest())
        XCTAssertEqual(page.trajectories.count, 1)
    }

    func testSigningWhileIntakeIsDownIsUnavailableAndLeavesNothing() async throws {
        let person = try await register()
        await mesh.intakes.stopIntake("gent")
        let refused = await assertRPCError(.unavailable) { try await self.counsellor.sign(SignRequest(personID: person.personID)) }
        XCTAssertTrue(refused?.message.contains("intake") == true, refused?.message ?? "")
        let page = try await counsellor.list(TrajectoryListRequest())
        XCTAssertEqual(page.trajectories, [])
        try await mesh.intakes.startIntake("gent")
        let signed = await eventually("signing works again once intake is back") {
            (try? await self.counsellor.sign(SignRequest(personID: person.personID))) != nil
        }
        XCTAssertTrue(signed)
    }

    func testIntakesAuditTrailShowsTheCounsellorAndTrajectory() async throws {
        let person = try await register()
        _ = try await counsellor.sign(SignRequest(personID: person.personID))
        let dpo = try mesh.intakes.staff("gent", user: "a-dpo", roles: [.dpo])
        let events = try await dpo.audit(AuditQuery(personID: person.personID)).events
        let read = try XCTUnwrap(events.first { $0.method == "intake/persons.get" })
        XCTAssertEqual(read.staff, "samen://gent/staff/an-counsellor")
        XCTAssertTrue(read.caller.contains("/trajectory/"), read.caller)
        XCTAssertEqual(read.access, .read)
    }

    func testCounsellorAssignmentByLanguageThenCaseloadThenUserID() async throws {
        let planner = try mesh.staff(user: "a-planner", roles: [.planner])
        _ = try await planner.upsert(Counsellor(user: "c-ar-2", languages: ["ar", "nl"]))
        _ = try await planner.upsert(Counsellor(user: "c-ar-1", languages: ["ar"]))
        _ = try await planner.upsert(Counsellor(user: "c-ti", languages: ["ti", "nl"]))
        _ = try await planner.upsert(Counsellor(user: "c-ar-0", languages: ["ar"], active: false))

        var assigned: [String?] = []
        for index in 0..<3 {
            let person = try await register("Arabica\(index)", languages: ["ar"])
            assigned.append(try await counsellor.sign(SignRequest(personID: person.personID)).counsellor)
        }
        // Equal caseloads go by user id; then the less loaded one; an inactive counsellor never.
        XCTAssertEqual(assigned, ["c-ar-1", "c-ar-2", "c-ar-1"])
        let tigrinya = try await register("Tigrinya", languages: ["ti"])
        let signedTigrinya = try await counsellor.sign(SignRequest(personID: tigrinya.personID))
        XCTAssertEqual(signedTigrinya.counsellor, "c-ti")

        // Nobody speaks Pashto, English or French: signed without a counsellor, and listed as unassigned.
        let pashto = try await register("Pashta", languages: ["ps"])
        let unassigned = try await counsellor.sign(SignRequest(personID: pashto.personID))
        XCTAssertNil(unassigned.counsellor)
        let unassignedPage = try await counsellor.list(TrajectoryListRequest(unassigned: true))
        XCTAssertEqual(unassignedPage.trajectories.map(\.trajectoryID), [unassigned.trajectoryID])
        // With an English-speaking counsellor, the contact language is enough.
        _ = try await planner.upsert(Counsellor(user: "c-en", languages: ["en", "nl"]))
        let dari = try await register("Daria", languages: ["prs"])
        let signedDari = try await counsellor.sign(SignRequest(personID: dari.personID))
        XCTAssertEqual(signedDari.counsellor, "c-en")

        let loads = try await counsellor.counsellors().counsellors
        XCTAssertEqual(loads.map(\.counsellor.user), ["c-ar-0", "c-ar-1", "c-ar-2", "c-en", "c-ti"])
        XCTAssertEqual(loads.map(\.caseload), [0, 2, 1, 1, 1])
        let ofOne = try await counsellor.list(TrajectoryListRequest(counsellor: "c-ar-1"))
        XCTAssertEqual(ofOne.trajectories.count, 2)
    }
}
