import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// The counsellor's referrals over TLS: kinds, outcomes and their order, validation, retries, policy, figures, audit.
final class ReferralTests: XCTestCase {
    var mesh: TrajectoryMesh!
    var records: TrajectoryRecordsClient!
    var file: TrajectoryFile!

    override func setUp() async throws {
        mesh = try await TrajectoryMesh()
        records = try mesh.records()
        let person = try await mesh.intakes.staff("gent").register(Fixtures.registration())
        file = try await mesh.staff().sign(SignRequest(personID: person.personID))
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func testEveryKindIsRecordedAndOutcomesFollowTheirOrder() async throws {
        var current = file!
        for kind in ReferralKind.allCases {
            current = try await records.addReferral(ReferralRequest(trajectory: current.reference, kind: kind, organisation: "Organisatie \(kind.rawValue)",
                                                                    condition: kind == .childcare ? .nt2 : nil))
        }
        XCTAssertEqual(current.referrals?.map(\.kind), ReferralKind.allCases)
        XCTAssertEqual(current.referrals?.map(\.number), Array(1...ReferralKind.allCases.count))
        XCTAssertEqual(Set(current.referrals?.map(\.outcome) ?? []), [.pending])
        XCTAssertEqual(current.referrals?.last?.condition, .nt2)

        current = try await records.referralOutcome(ReferralOutcomeUpdate(trajectory: current.reference, referral: 1, outcome: .started))
        current = try await records.referralOutcome(ReferralOutcomeUpdate(trajectory: current.reference, referral: 1, outcome: .ended))
        current = try await records.referralOutcome(ReferralOutcomeUpdate(trajectory: current.reference, referral: 2, outcome: .notStarted))
        XCTAssertEqual(current.referrals?[0].outcome, .ended)
        XCTAssertEqual(current.referrals?[0].outcomeOn, Fixtures.today)
        XCTAssertEqual(current.referrals?[1].outcome, .notStarted)

        let backwards = await assertRPCError(.failedPrecondition) {
            try await self.records.referralOutcome(ReferralOutcomeUpdate(trajectory: current.reference, referral: 1, outcome: .started))
        }
        XCTAssertEqual(backwards?.details["field"], "outcome")
        XCTAssertEqual(backwards?.details["current"], "ended")
        let skipped = await assertRPCError(.failedPrecondition) {
            try await self.records.referralOutcome(ReferralOutcomeUpdate(trajectory: current.reference, referral: 3, outcome: .ended))
        }
        XCTAssertEqual(skipped?.details["current"], "pending")
        let missing = await assertRPCError(.notFound) {
            try await self.records.referralOutcome(ReferralOutcomeUpdate(trajectory: current.reference, referral: 99, outcome: .started))
        }
        XCTAssertEqual(missing?.details["field"], "referral")
        let unchanged = try await mesh.staff().get(file.trajectoryID)
        XCTAssertEqual(unchanged, current, "refused outcomes changed nothing")

        let table = try await mesh.service(as: "reporting").figures(AggregateRequest(figure: "referrals.byKind", from: Fixtures.today, through: Fixtures.today))
        XCTAssertEqual(table.dimensions, ["kind"])
        XCTAssertEqual(table.rows, ReferralKind.allCases.map(\.rawValue).sorted().map { AggregateRow(keys: [$0], value: 1) })
        let lastYear = try await mesh.service(as: "reporting").figures(AggregateRequest(
            figure: "referrals.byKind", from: Fixtures.today.adding(years: -1)!, through: Fixtures.today.adding(days: -1)!))
        XCTAssertEqual(lastYear.rows, [], "a referral counts on the day it was made")
    }

    func testFieldsAreCheckedAndNamed() async throws {
        let cases: [(ReferralRequest, String)] = [
            (ReferralRequest(trajectory: file.reference, kind: .childcare, organisation: "Kinderopvang"), "condition"),
            (ReferralRequest(trajectory: file.reference, kind: .childcare, organisation: "Kinderopvang", condition: .llo), "condition"),
            (ReferralRequest(trajectory: file.reference, kind: .vdabWork, organisation: "VDAB", condition: .mo), "condition"),
            (ReferralRequest(trajectory: file.reference, kind: .vdabWork, organisation: "   "), "organisation"),
            (ReferralRequest(trajectory: file.reference, kind: .vdabWork, organisation: String(repeating: "x", count: 121)), "organisation"),
            (ReferralRequest(trajectory: file.reference, kind: .vdabWork, organisation: "VDAB", note: String(repeating: "x", count: 201)), "note"),
            (ReferralRequest(trajectory: file.reference, kind: .vdabWork, referredOn: Fixtures.today.adding(days: 1), organisation: "VDAB"), "referredOn"),
            (ReferralRequest(trajectory: file.reference, kind: .vdabWork, referredOn: Fixtures.today.adding(days: -1), organisation: "VDAB"), "referredOn"),
            (ReferralRequest(trajectory: TrajectoryReference(trajectoryID: "Jan Janssens", version: 1), kind: .leisure, organisation: "Sportdienst"),
             "trajectory.trajectoryID"),
        ]
        for (request, field) in cases {
            let error = await assertRPCError(.invalidArgument) { try await self.records.addReferral(request) }
            XCTAssertEqual(error?.details["field"], field, "\(request)")
        }
        let stale = await assertRPCError(.aborted) {
            try await self.records.addReferral(ReferralRequest(trajectory: TrajectoryReference(trajectoryID: self.file.trajectoryID, version: 7),
                                                               kind: .leisure, organisation: "Sportdienst"))
        }
        XCTAssertEqual(stale?.details["field"], "version")
        let unchanged = try await mesh.staff().get(file.trajectoryID)
        XCTAssertEqual(unchanged, file)
        XCTAssertNil(unchanged.referrals)
    }

    func testARetryAddsOnceAndPolicyKeepsOthersOut() async throws {
        let request = ReferralRequest(trajectory: file.reference, kind: .welfareCAW, organisation: "CAW Oost-Vlaanderen")
        let options = CallOptions(idempotencyKey: "refer-caw")
        let first = try await records.addReferral(request, options: options)
        let again = try await records.addReferral(request, options: options)
        XCTAssertEqual(again, first)
        let stored = try await mesh.staff().get(file.trajectoryID)
        XCTAssertEqual(stored.referrals?.count, 1)
        XCTAssertEqual(stored.version, 2)

        let planner = try mesh.records(user: "a-planner", roles: [.planner])
        _ = try await planner.referralOutcome(ReferralOutcomeUpdate(trajectory: stored.reference, referral: 1, outcome: .started))
        for roles in [[StaffRole.desk], [.analyst], [.dpo]] {
            let other = try mesh.records(user: "someone", roles: roles)
            await assertRPCError(.permissionDenied) {
                try await other.addReferral(ReferralRequest(trajectory: TrajectoryReference(trajectoryID: self.file.trajectoryID, version: 3),
                                                            kind: .leisure, organisation: "Sportdienst"))
            }
        }
        let elsewhere = TrajectoryRecordsClient(channel: try mesh.staff(user: "far", roles: [.counsellor], of: "antwerpen").channel)
        await assertRPCError(.permissionDenied) {
            try await elsewhere.addReferral(ReferralRequest(trajectory: TrajectoryReference(trajectoryID: self.file.trajectoryID, version: 3),
                                                            kind: .leisure, organisation: "Sportdienst"))
        }
        await assertRPCError(.permissionDenied) {
            try await self.mesh.service(as: "reporting").channel.call(TrajectoryRecordsAPI.addReferral, ReferralRequest(
                trajectory: TrajectoryReference(trajectoryID: self.file.trajectoryID, version: 3), kind: .leisure, organisation: "Sportdienst"))
        }
        let final = try await mesh.staff().get(file.trajectoryID)
        XCTAssertEqual(final.referrals?.count, 1, "refused callers added nothing")

        let dpo = try mesh.staff(user: "the-dpo", roles: [.dpo])
        let events = try await dpo.audit(AuditQuery(personID: file.trajectoryID)).events
        XCTAssertEqual(Array(events.map(\.method).prefix(4)), ["trajectory/trajectories.get", "trajectory/referrals.outcome",
                                                             "trajectory/trajectories.get", "trajectory/referrals.add"])
        XCTAssertEqual(events.filter { $0.method == "trajectory/referrals.add" }.map(\.access), [.read, .change],
                       "the retry is recorded as handing the file out again")
        XCTAssertEqual(events.first { $0.method == "trajectory/referrals.outcome" }?.access, .change)
    }
}
