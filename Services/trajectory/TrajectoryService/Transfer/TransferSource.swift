import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// The source's side of a transfer: the request that freezes the trajectory, the revocation, and recording the
/// target's decision (docs/TRAJECTORY-TRANSFER.md).
extension TrajectoryService {
    func requestTransfer(_ request: TransferRequest, _ context: CallContext) async throws -> TrajectoryTransfer {
        let trajectoryID = request.trajectory.trajectoryID
        try TrajectoryRecords.checkID(trajectoryID, field: "trajectory.trajectoryID")
        try AgencyFields.checkRegion(request.targetRegion, field: "targetRegion")
        guard request.targetRegion != region else {
            throw TrajectoryRules.invalid("targetRegion", "is this region (\(region)); a transfer goes to another region")
        }
        let reason = try TrajectoryRules.reason(request.reason)
        let today = today
        let municipality: Municipality
        do {
            municipality = try Municipality.find(request.municipality, on: today, field: "municipality")
        } catch {
            throw RPCError(.invalidArgument, error.message, details: ["field": error.field, "rule": error.rule.rawValue])
        }
        let call = try store.idempotentCall(context, request: request)
        if let earlier = try await store.replay(call, context, as: TrajectoryTransfer.self) { return earlier }
        let regions = try await peers.regions()
        guard regions.contains(request.targetRegion) else {
            throw TrajectoryRules.invalid("targetRegion", "is not a region of the federation (\(regions.joined(separator: ", ")))")
        }
        let region = region
        let transfer = try await store.change(context, call: call, person: trajectoryID) { [records, transfers] scope in
            let (file, _) = try records.requireWritable(trajectoryID, field: "trajectory.trajectoryID", on: scope.connection)
            try FileVersion.check(stated: request.trajectory.version, current: file.version, file: "trajectory \(trajectoryID)")
            let transfer = TrajectoryTransfer(
                transferID: try transfers.nextID(on: scope.connection), direction: .outgoing, trajectoryID: trajectoryID,
                sourceRegion: region, targetRegion: request.targetRegion, municipality: municipality.nisCode, reason: reason,
                requestedOn: today)
            try transfers.insert(transfer, on: scope.connection)
            return transfer
        }
        CrashPoint.afterFreezeBeforeOffer.reached(configuration.crashAt)
        startReconciling(transfer)
        return transfer
    }

    /// Asks the target to withdraw; records `revoked` only when it did. A target that decided first wins: its
    /// decision is recorded here and the revocation is `failed_precondition`.
    func revokeTransfer(_ request: TransferDecision, _ context: CallContext) async throws -> TrajectoryTransfer {
        try TransferRecords.checkID(request.transferID)
        let reason = try TrajectoryRules.reason(request.reason)
        let call = try store.idempotentCall(context, request: request)
        var recorded = try await store.replay(call, context, as: TrajectoryTransfer.self)
        if recorded == nil {
            let transfer = try await store.database.read { [transfers] connection in
                try transfers.require(request.transferID, .outgoing, on: connection)
            }
            if transfer.state == .requested {
                let answer: TrajectoryTransfer
                do {
                    answer = try await peers.transfers(in: transfer.targetRegion)
                        .withdraw(TransferWithdrawal(transfer: transfer, reason: reason), options: CallOptions(timeout: configuration.peerWork.peerTimeout))
                } catch {
                    throw RPCError(.unavailable, "region \(transfer.targetRegion) could not be asked to withdraw transfer \(transfer.transferID); "
                                       + "nothing changed, try again: \(Self.describe(error))", details: ["field": "transferID"])
                }
                recorded = try await store.change(context, call: call, person: transfer.trajectoryID) { [self] scope in
                    try recordOutcome(answer, on: scope.connection)
                }
            } else {
                recorded = transfer
            }
        }
        let outcome = recorded!
        guard outcome.state == .revoked else {
            let where_ = outcome.newTrajectoryID.map { " as \($0)" } ?? ""
            throw RPCError(.failedPrecondition, "transfer \(outcome.transferID) cannot be revoked: it is \(outcome.state.rawValue) "
                               + "(region \(outcome.targetRegion)\(outcome.state == .completed ? where_ : ""))",
                           details: ["field": "transferID", "state": outcome.state.rawValue])
        }
        return outcome
    }

    /// The target's decision, told by the target (`transfers.settle`).
    func settleTransfer(_ decision: TrajectoryTransfer, _ context: CallContext) async throws -> TrajectoryTransfer {
        try TransferRecords.checkID(decision.transferID)
        try TrajectoryRecords.checkID(decision.trajectoryID, field: "trajectoryID")
        guard context.peer.region == decision.targetRegion else {
            throw RPCError(.permissionDenied, "only region \(decision.targetRegion)'s trajectory service decides transfer \(decision.transferID)")
        }
        let settled = try await store.change(context, request: decision, person: decision.trajectoryID) { [self] scope in
            try recordOutcome(decision, on: scope.connection)
        }
        CrashPoint.afterSettleBeforeReply.reached(configuration.crashAt)
        return settled
    }

    /// Records at the source what the target answered, in the caller's transaction: acceptance writes the
    /// tombstone, a refusal or withdrawal unfreezes. The same answer again, or `requested` from before the decision,
    /// changes nothing; an answer that contradicts a recorded outcome is refused (it cannot happen while the target is the single decision point).
    func recordOutcome(_ answer: TrajectoryTransfer, on connection: SQLiteConnection) throws -> TrajectoryTransfer {
        var transfer = try transfers.require(answer.transferID, .outgoing, on: connection)
        guard answer.trajectoryID == transfer.trajectoryID, answer.targetRegion == transfer.targetRegion else {
            throw RPCError.invalidField("trajectoryID", "does not match transfer \(transfer.transferID)")
        }
        switch (transfer.state, answer.state) {
        case (.requested, .requested):
            guard !transfer.acknowledged else { return transfer }
            transfer.acknowledged = true
        case (.requested, .accepted), (.requested, .completed):
            guard let newID = answer.newTrajectoryID else { throw RPCError.invalidField("newTrajectoryID", "is missing from an accepted transfer") }
            try TrajectoryRecords.checkID(newID, field: "newTrajectoryID")
            var (file, seq) = try records.require(transfer.trajectoryID, on: connection)
            file.tombstone = TrajectoryTombstone(region: transfer.targetRegion, trajectoryID: newID, transferID: transfer.transferID, on: today)
            file.version += 1
            try records.save(file, seq: seq, on: connection)
            try records.markMovedOut(seq: seq, on: connection)
            transfer.state = .completed
            transfer.newTrajectoryID = newID
            transfer.decidedOn = answer.decidedOn
            transfer.acknowledged = true
        case (.requested, .refused), (.requested, .revoked):
            transfer.state = answer.state
            transfer.outcomeReason = answer.outcomeReason
            transfer.decidedOn = answer.decidedOn
            transfer.acknowledged = true
        case (.completed, .accepted), (.completed, .completed), (.refused, .refused), (.revoked, .revoked):
            return transfer
        case (.completed, .requested), (.refused, .requested), (.revoked, .requested):
            // An answer the target gave before it decided (an offer's reply overtaken by the settlement): stale.
            return transfer
        default:
            configuration.logger.error("a transfer's decision contradicts the one recorded",
                                       [("transfer", transfer.transferID), ("recorded", transfer.state.rawValue), ("told", answer.state.rawValue)])
            throw RPCError(.failedPrecondition, "transfer \(transfer.transferID) is recorded as \(transfer.state.rawValue) here, not \(answer.state.rawValue)",
                           details: ["field": "state", "state": transfer.state.rawValue])
        }
        try transfers.save(transfer, on: connection)
        return transfer
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? RPCError { return "\(error.status.name): \(error.message)" }
        return "\(error)"
    }
}
