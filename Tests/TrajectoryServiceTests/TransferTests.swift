import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// The transfer's state machine between two in-process regions over TLS: accept, refuse, revoke, retries,
/// policy and audit.
final class TransferTests: XCTestCase {
    var scenario: TransferScenario!
    var mesh: TrajectoryMesh { scenario.mesh }

    override func setUp() async throws {
        scenario = try await TransferScenario.start()
    }

    override func tearDown() async throws {
        await scenario.mesh.stop()
    }

    func testRequestAcceptSettleMovesTheWholeFileAndLeavesATombstone() async throws {
        let key = CallOptions(idempotencyKey: "transfer-1")
        let requested = try await scenario.gent.request(scenario.request, options: key)
        XCTAssertEqual(requested.transferID, "gent-x1")
        XCTAssertEqual(requested.state, .requested)
        XCTAssertEqual(requested.municipality, "11002")
        let retried = try await scenario.gent.request(scenario.request, options: key)
        XCTAssertEqual(retried, requested, "a retry answers the first request")

        let frozen = await assertRPCError(.failedPrecondition) {
            try await self.mesh.staff().updateComponent(ComponentUpdate(trajectory: TransferScenario.reference(self.scenario.file),
                                                                        component: .llo, state: .inProgress))
        }
        XCTAssertEqual(frozen?.details["transferID"], "gent-x1")
        XCTAssertEqual(frozen?.details["region"], "antwerpen")
        let again = await assertRPCError(.failedPrecondition) { try await self.scenario.gent.request(self.scenario.request) }
        XCTAssertEqual(again?.details["transferID"], "gent-x1", "one open transfer per trajectory")

        await scenario.await("antwerpen", "gent-x1", .requested)
        let incoming = try await scenario.antwerpen.list(TransferListRequest(direction: .incoming)).transfers
        XCTAssertEqual(incoming.map(\.transferID), ["gent-x1"])
        XCTAssertEqual(incoming.first?.trajectoryID, scenario.file.trajectoryID)

        let acceptKey = CallOptions(idempotencyKey: "accept-1")
        let accepted = try await scenario.antwerpen.accept("gent-x1", options: acceptKey)
        XCTAssertEqual(accepted.state, .accepted)
        XCTAssertEqual(accepted.newTrajectoryID, "antwerpen-t1")
        let acceptedAgain = try await scenario.antwerpen.accept("gent-x1", options: acceptKey)
        XCTAssertEqual(acceptedAgain, accepted, "a retried acceptance answers the first")
        let twice = await assertRPCError(.failedPrecondition) { try await self.scenario.antwerpen.accept("gent-x1") }
        // The settlement runs in the background: the refusal names the acceptance, before or after gent acknowledged it.
        XCTAssertTrue(["accepted", "completed"].contains(twice?.details["state"] ?? "-"), "\(twice?.details ?? [:])")

        await scenario.await("gent", "gent-x1", .completed)
        await scenario.await("antwerpen", "gent-x1", .completed)
        try await scenario.assertOneLive(accepted: true, transferID: "gent-x1")
        let reassign = await assertRPCError(.failedPrecondition) {
            let tomb = try await self.mesh.staff().get(self.scenario.file.trajectoryID)
            return try await self.mesh.staff().reassign(ReassignRequest(trajectory: TransferScenario.reference(tomb), counsellor: nil, reason: "moved"))
        }
        XCTAssertEqual(reassign?.details["region"], "antwerpen")
        XCTAssertTrue(reassign?.message.contains("antwerpen-t1") == true, reassign?.message ?? "")
        let onward = await assertRPCError(.failedPrecondition) { try await self.scenario.gent.request(self.scenario.request) }
        XCTAssertEqual(onward?.details["trajectoryID"], "antwerpen-t1", "a tombstone cannot be transferred again")
    }

    func testARefusalUnfreezesTheSourceAndLeavesNothingAtTheTarget() async throws {
        let requested = try await scenario.gent.request(scenario.request)
        await scenario.await("antwerpen", requested.transferID, .requested)
        let noReason = await assertRPCError(.invalidArgument) { try await self.scenario.antwerpen.refuse(requested.transferID, reason: " ") }
        XCTAssertEqual(noReason?.details["field"], "reason")
        let refused = try await scenario.antwerpen.refuse(requested.transferID, reason: "address not confirmed")
        XCTAssertEqual(refused.state, .refused)
        await assertRPCError(.failedPrecondition) { try await self.scenario.antwerpen.accept(requested.transferID) }
        await scenario.await("gent", requested.transferID, .refused)
        let atSource = try await scenario.transfer("gent", requested.transferID)
        XCTAssertEqual(atSource?.outcomeReason, "address not confirmed")
        try await scenario.assertOneLive(accepted: false, transferID: requested.transferID)
        let revoke = await assertRPCError(.failedPrecondition) { try await self.scenario.gent.revoke(requested.transferID, reason: "too late") }
        XCTAssertEqual(revoke?.details["state"], "refused")
    }

    func testARevocationBeforeTheDecisionWithdrawsItAtTheTarget() async throws {
        let requested = try await scenario.gent.request(scenario.request)
        await scenario.await("antwerpen", requested.transferID, .requested)
        let key = CallOptions(idempotencyKey: "revoke-1")
        let revoked = try await scenario.gent.revoke(requested.transferID, reason: "stays in Gent after all", options: key)
        XCTAssertEqual(revoked.state, .revoked)
        XCTAssertEqual(revoked.outcomeReason, "stays in Gent after all")
        let retried = try await scenario.gent.revoke(requested.transferID, reason: "stays in Gent after all", options: key)
        XCTAssertEqual(retried, revoked, "a retried revocation answers the first")
        let atTarget = try await scenario.transfer("antwerpen", requested.transferID)
        XCTAssertEqual(atTarget?.state, .revoked, "the target withdrew it before the source recorded it")
        let late = await assertRPCError(.failedPrecondition) { try await self.scenario.antwerpen.accept(requested.transferID) }
        XCTAssertEqual(late?.details["state"], "revoked")
        try await scenario.assertOneLive(accepted: false, transferID: requested.transferID)
    }

    func testARevocationAfterAcceptanceIsRefusedAndSettlesAsAccepted() async throws {
        let requested = try await scenario.gent.request(scenario.request)
        await scenario.await("antwerpen", requested.transferID, .requested)
        _ = try await scenario.antwerpen.accept(requested.transferID)
        let revoke = await assertRPCError(.failedPrecondition) { try await self.scenario.gent.revoke(requested.transferID, reason: "changed mind") }
        XCTAssertEqual(revoke?.details["state"], "completed")
        await scenario.await("gent", requested.transferID, .completed)
        await scenario.await("antwerpen", requested.transferID, .completed)
        try await scenario.assertOneLive(accepted: true, transferID: requested.transferID)
    }

    /// The source offers at once after the request; a quick acceptance can settle it before the offer's reply is
    /// recorded. That reply (`requested`) is older than the settlement and changes nothing.
    func testAnAnswerFromBeforeTheDecisionIsStaleAfterTheSettlement() async throws {
        let requested = try await scenario.gent.request(scenario.request)
        await scenario.await("antwerpen", requested.transferID, .requested)
        _ = try await scenario.antwerpen.accept(requested.transferID)
        await scenario.await("gent", requested.transferID, .completed)
        let antwerpenService = try mesh.transfers("gent", as: "trajectory", of: "antwerpen")
        var stale = requested
        stale.direction = .incoming
        let answered = try await antwerpenService.settle(stale)
        XCTAssertEqual(answered.state, .completed, "the recorded settlement stands")
        XCTAssertEqual(answered.newTrajectoryID, "antwerpen-t1")
        try await scenario.assertOneLive(accepted: true, transferID: requested.transferID)
        var contradicting = requested
        contradicting.state = .refused
        contradicting.outcomeReason = "no"
        let refused = await assertRPCError(.failedPrecondition) { try await antwerpenService.settle(contradicting) }
        XCTAssertEqual(refused?.details["state"], "completed")
    }

    func testTheTargetStoresAnOfferOnceAndRefusesADifferentOneUnderTheSameID() async throws {
        let gentService = try mesh.transfers("antwerpen", as: "trajectory", of: "gent")
        let transfer = TrajectoryTransfer(transferID: "gent-x99", direction: .outgoing, trajectoryID: scenario.file.trajectoryID,
                                          sourceRegion: "gent", targetRegion: "antwerpen", municipality: "11002", reason: "moved",
                                          requestedOn: Fixtures.today)
        let first = try await gentService.offer(TransferOffer(transfer: transfer, file: scenario.file))
        XCTAssertEqual(first.direction, .incoming)
        XCTAssertEqual(first.state, .requested)
        let second = try await gentService.offer(TransferOffer(transfer: transfer, file: scenario.file))
        XCTAssertEqual(second, first, "the same offer again answers the same")
        var other = scenario.file
        other.components[2].state = .stopped
        let different = await assertRPCError(.alreadyExists) { try await gentService.offer(TransferOffer(transfer: transfer, file: other)) }
        XCTAssertEqual(different?.details["field"], "transferID")

        var early = transfer
        early.transferID = "gent-x98"
        let withdrawn = try await gentService.withdraw(TransferWithdrawal(transfer: early, reason: "revoked before it arrived"))
        XCTAssertEqual(withdrawn.state, .revoked)
        let late = try await gentService.offer(TransferOffer(transfer: early, file: scenario.file))
        XCTAssertEqual(late.state, .revoked, "an offer arriving after its withdrawal finds it revoked")
        let status = try await gentService.status("gent-x99")
        XCTAssertEqual(status, first)
        await assertRPCError(.notFound) { try await gentService.status("gent-x97") }
    }

    func testPolicy() async throws {
        let desk = try mesh.transfers("gent", user: "a-desk", roles: [.desk])
        await assertRPCError(.permissionDenied) { try await desk.request(self.scenario.request) }
        let requested = try await scenario.gent.request(scenario.request)
        await scenario.await("antwerpen", requested.transferID, .requested)
        let offer = TransferOffer(transfer: requested, file: scenario.file)
        await assertRPCError(.permissionDenied) { try await self.scenario.antwerpen.offer(offer) }
        await assertRPCError(.permissionDenied) { try await self.mesh.transfers("antwerpen", as: "intake", of: "gent").offer(offer) }
        let otherSource = await assertRPCError(.permissionDenied) {
            try await self.mesh.transfers("antwerpen", as: "trajectory", of: "antwerpen").offer(offer)
        }
        XCTAssertNotNil(otherSource, "only the source region's trajectory service speaks for its transfer")
        await assertRPCError(.permissionDenied) { try await self.mesh.transfers("gent", as: "trajectory", of: "gent").settle(requested) }
        let gentStaffAtTarget = try mesh.transfers("antwerpen", user: "an-counsellor", roles: [.counsellor], of: "gent")
        await assertRPCError(.permissionDenied) { try await gentStaffAtTarget.accept(requested.transferID) }
        await assertRPCError(.permissionDenied) { try await self.mesh.transfers("antwerpen", as: "trajectory", of: "gent").accept(requested.transferID) }
        await assertRPCError(.notFound) { try await self.scenario.gent.accept(requested.transferID) }
        await assertRPCError(.notFound) { try await self.scenario.antwerpen.revoke(requested.transferID, reason: "not mine") }

        let own = await assertRPCError(.invalidArgument) {
            var request = self.scenario.request
            request.targetRegion = "gent"
            return try await self.scenario.gent.request(request)
        }
        XCTAssertEqual(own?.details["field"], "targetRegion")
        let unknown = await assertRPCError(.invalidArgument) {
            var request = self.scenario.request
            request.targetRegion = "brugge"
            return try await self.scenario.gent.request(request)
        }
        XCTAssertEqual(unknown?.details["field"], "targetRegion")
        let municipality = await assertRPCError(.invalidArgument) {
            var request = self.scenario.request
            request.municipality = "99999"
            return try await self.scenario.gent.request(request)
        }
        XCTAssertEqual(municipality?.details["field"], "municipality")
        await assertRPCError(.invalidArgument) { try await self.scenario.antwerpen.accept("not a transfer") }
    }

    func testEveryReadAndChangeIsInBothAuditTrails() async throws {
        let requested = try await scenario.gent.request(scenario.request)
        await scenario.await("antwerpen", requested.transferID, .requested)
        let accepted = try await scenario.antwerpen.accept(requested.transferID)
        await scenario.await("gent", requested.transferID, .completed)
        let oldID = scenario.file.trajectoryID
        let newID = try XCTUnwrap(accepted.newTrajectoryID)

        let atSource = try await mesh.staff("gent", user: "a-dpo", roles: [.dpo]).audit(AuditQuery(personID: oldID)).events
        XCTAssertTrue(atSource.contains { $0.method == TransferAPI.request.name && $0.access == .change && $0.staff?.hasSuffix("/an-counsellor") == true })
        XCTAssertTrue(atSource.contains { $0.method == TransferAPI.settle.name && $0.access == .change })
        let atTarget = try await mesh.staff("antwerpen", user: "a-dpo", roles: [.dpo]).audit(AuditQuery(personID: oldID)).events
        XCTAssertTrue(atTarget.contains { $0.method == TransferAPI.offer.name && $0.access == .change && $0.caller.hasPrefix("samen://gent/trajectory") })
        XCTAssertTrue(atTarget.contains { $0.method == TransferAPI.accept.name && $0.access == .change })
        XCTAssertTrue(atTarget.contains { $0.method == TransferAPI.list.name && $0.access == .read })
        let newTrail = try await mesh.staff("antwerpen", user: "a-dpo", roles: [.dpo]).audit(AuditQuery(personID: newID)).events
        XCTAssertTrue(newTrail.contains { $0.method == TransferAPI.accept.name && $0.access == .change })
        let refused = await assertRPCError(.failedPrecondition) { try await self.scenario.antwerpen.accept(requested.transferID) }
        XCTAssertNotNil(refused)
        let afterRefusal = try await mesh.staff("antwerpen", user: "a-dpo", roles: [.dpo]).audit(AuditQuery(personID: oldID)).events
        XCTAssertTrue(afterRefusal.contains { $0.method == TransferAPI.accept.name && $0.outcome == "failed_precondition" },
                      "a refused decision is recorded with its status")
    }

    func testSigningAgainIsRefusedWhereverTheLiveTrajectoryIs() async throws {
        let personID = scenario.file.personID
        let requested = try await scenario.gent.request(scenario.request)
        let whileFrozen = await assertRPCError(.alreadyExists) { try await self.mesh.staff().sign(SignRequest(personID: personID)) }
        XCTAssertEqual(whileFrozen?.details["trajectoryID"], scenario.file.trajectoryID)
        await scenario.await("antwerpen", requested.transferID, .requested)
        _ = try await scenario.antwerpen.accept(requested.transferID)
        await scenario.await("gent", requested.transferID, .completed)
        let moved = await assertRPCError(.alreadyExists) { try await self.mesh.staff().sign(SignRequest(personID: personID)) }
        XCTAssertEqual(moved?.details["region"], "antwerpen", "the person's live trajectory is in antwerpen now")
        XCTAssertEqual(moved?.details["trajectoryID"], "antwerpen-t1")

        await mesh.stopTrajectory("antwerpen")
        let other = try await mesh.intakes.staff("gent").register(Fixtures.registration(given: "Tweede", insz: nil))
        let down = await assertRPCError(.unavailable) { try await self.mesh.staff().sign(SignRequest(personID: other.personID)) }
        XCTAssertEqual(down?.details["region"], "antwerpen")
        let list = try await mesh.staff().list(TrajectoryListRequest())
        XCTAssertEqual(list.trajectories.map(\.trajectoryID), [scenario.file.trajectoryID], "nothing was signed")
    }

    func testTheSourcesListShowsWhereAMovedTrajectoryWentAndLeavesItOutOfTheUnassigned() async throws {
        let unassigned = try await mesh.staff().reassign(ReassignRequest(trajectory: TransferScenario.reference(scenario.file),
                                                                          counsellor: nil, reason: "moving away"))
        let before = try await mesh.staff().list(TrajectoryListRequest(unassigned: true)).trajectories
        XCTAssertEqual(before.map(\.trajectoryID), [scenario.file.trajectoryID])
        let requested = try await scenario.gent.request(TransferRequest(trajectory: TransferScenario.reference(unassigned), targetRegion: "antwerpen",
                                                                        municipality: "11002", reason: "moved to Antwerpen"))
        await scenario.await("antwerpen", requested.transferID, .requested)
        _ = try await scenario.antwerpen.accept(requested.transferID)
        await scenario.await("gent", requested.transferID, .completed)

        let listed = try await mesh.staff().list(TrajectoryListRequest()).trajectories
        XCTAssertEqual(listed.map(\.trajectoryID), [scenario.file.trajectoryID], "the tombstone is still listed at the source")
        XCTAssertEqual(listed.first?.transferredTo?.region, "antwerpen")
        XCTAssertEqual(listed.first?.transferredTo?.trajectoryID, "antwerpen-t1")
        XCTAssertEqual(listed.first?.transferredTo?.transferID, requested.transferID)
        let work = try await mesh.staff().list(TrajectoryListRequest(unassigned: true)).trajectories
        XCTAssertEqual(work, [], "a trajectory that moved away cannot be assigned here")
        let there = try await mesh.staff("antwerpen").list(TrajectoryListRequest(unassigned: true)).trajectories
        XCTAssertEqual(there.map(\.trajectoryID), ["antwerpen-t1"])
        XCTAssertNil(there.first?.transferredTo)
    }

    func testATransferredTrajectoryCountsOnceInTheFigures() async throws {
        let referred = try await mesh.records().addReferral(ReferralRequest(trajectory: TransferScenario.reference(scenario.file),
                                                                            kind: .vdabWork, organisation: "VDAB Gent"))
        let requested = try await scenario.gent.request(TransferRequest(trajectory: TransferScenario.reference(referred), targetRegion: "antwerpen",
                                                                        municipality: "11002", reason: "moved to Antwerpen"))
        await scenario.await("antwerpen", requested.transferID, .requested)
        _ = try await scenario.antwerpen.accept(requested.transferID)
        await scenario.await("gent", requested.transferID, .completed)
        func figure(_ region: String, _ name: String) async throws -> [AggregateRow] {
            try await mesh.service(region, as: "reporting").figures(AggregateRequest(figure: name, from: Fixtures.today, through: Fixtures.today)).rows
        }
        let contractsGent = try await figure("gent", "contracts.byDoelgroep")
        let contractsAntwerpen = try await figure("antwerpen", "contracts.byDoelgroep")
        XCTAssertEqual(contractsGent, [AggregateRow(keys: ["verplicht"], value: 1)], "the contract counts where it was signed")
        XCTAssertEqual(contractsAntwerpen, [])
        let componentsGent = try await figure("gent", "components.byState")
        let componentsAntwerpen = try await figure("antwerpen", "components.byState")
        XCTAssertEqual(componentsGent, [], "the tombstone's components do not count")
        XCTAssertEqual(componentsAntwerpen.map(\.value).reduce(0, +), 4, "the components count where the trajectory is now")
        let referralsGent = try await figure("gent", "referrals.byKind")
        let referralsAntwerpen = try await figure("antwerpen", "referrals.byKind")
        XCTAssertEqual(referralsGent, [], "the tombstone's referrals do not count")
        XCTAssertEqual(referralsAntwerpen, [AggregateRow(keys: ["vdab-werk"], value: 1)], "the referral moved with the file and counts there")
    }
}
