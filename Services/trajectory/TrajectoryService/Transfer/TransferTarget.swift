import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

/// The target's side of a transfer: it stores the offer and is the single place the transfer is decided
/// (accepted, refused or withdrawn), one transaction each, first one wins (docs/TRAJECTORY-TRANSFER.md).
extension TrajectoryService {
    func receiveOffer(_ offer: TransferOffer, _ context: CallContext) async throws -> TrajectoryTransfer {
        let transfer = try checkFromSource(offer.transfer, context)
        guard offer.file.trajectoryID == transfer.trajectoryID, offer.file.region == transfer.sourceRegion else {
            throw TrajectoryRules.invalid("file.trajectoryID", "is not the trajectory of transfer \(transfer.transferID)")
        }
        guard offer.file.tombstone == nil else {
            throw TrajectoryRules.invalid("file.tombstone", "is set: a transferred trajectory's tombstone cannot be offered")
        }
        // What makes two offers the same: the source's request and file, not its progress flags.
        let incoming = TrajectoryTransfer(
            transferID: transfer.transferID, direction: .incoming, trajectoryID: transfer.trajectoryID, sourceRegion: transfer.sourceRegion,
            targetRegion: transfer.targetRegion, municipality: transfer.municipality, reason: transfer.reason, requestedOn: transfer.requestedOn)
        let bytes = try StoredFile.encode(TransferOffer(transfer: incoming, file: offer.file))
        let stored = try await store.change(context, request: offer, person: transfer.trajectoryID) { [transfers] scope in
            if let existing = try transfers.load(transfer.transferID, on: scope.connection) {
                if let earlier = try transfers.offer(transfer.transferID, on: scope.connection), earlier != bytes {
                    throw RPCError(.alreadyExists, "another offer was stored under transfer id \(transfer.transferID)",
                                   details: ["field": "transferID"])
                }
                return existing
            }
            try transfers.insert(incoming, offer: bytes, on: scope.connection)
            return incoming
        }
        CrashPoint.afterOfferStoredBeforeReply.reached(configuration.crashAt)
        return stored
    }

    func transferStatus(_ request: TransferReference, _ context: CallContext) async throws -> TrajectoryTransfer {
        try TransferRecords.checkID(request.transferID)
        let transfer = try await store.read(context) { [transfers] scope in
            let transfer = try transfers.require(request.transferID, .incoming, on: scope.connection)
            scope.touched(transfer.trajectoryID)
            return transfer
        }
        guard transfer.sourceRegion == context.peer.region else {
            throw RPCError(.permissionDenied, "only region \(transfer.sourceRegion)'s trajectory service follows transfer \(transfer.transferID)")
        }
        return transfer
    }

    /// Withdraws a transfer not yet decided. A withdrawal of a transfer whose offer never arrived is recorded too,
    /// so that the offer, should it still arrive, finds it revoked.
    func withdrawTransfer(_ request: TransferWithdrawal, _ context: CallContext) async throws -> TrajectoryTransfer {
        let transfer = try checkFromSource(request.transfer, context)
        let reason = try TrajectoryRules.reason(request.reason)
        let today = today
        return try await store.change(context, request: request, person: transfer.trajectoryID) { [transfers] scope in
            guard var current = try transfers.load(transfer.transferID, on: scope.connection) else {
                let withdrawn = TrajectoryTransfer(
                    transferID: transfer.transferID, direction: .incoming, trajectoryID: transfer.trajectoryID, sourceRegion: transfer.sourceRegion,
                    targetRegion: transfer.targetRegion, municipality: transfer.municipality, reason: transfer.reason,
                    requestedOn: transfer.requestedOn, state: .revoked, outcomeReason: reason, decidedOn: today, acknowledged: true)
                try transfers.insert(withdrawn, on: scope.connection)
                return withdrawn
            }
            guard current.state == .requested else { return current }
            current.state = .revoked
            current.outcomeReason = reason
            current.decidedOn = today
            // The source learns it from this answer, or asks again (`transfers.status`).
            current.acknowledged = true
            try transfers.save(current, on: scope.connection)
            return current
        }
    }

    /// Makes the trajectory live here under a new id, in the transaction that decides the transfer.
    func acceptTransfer(_ request: TransferReference, _ context: CallContext) async throws -> TrajectoryTransfer {
        try TransferRecords.checkID(request.transferID)
        let today = today
        let region = region
        let accepted = try await decide(request.transferID, request: request, context) { [records, transfers] transfer, scope in
            guard let bytes = try transfers.offer(transfer.transferID, on: scope.connection) else {
                throw RPCError(.internal, "transfer \(transfer.transferID) is requested but its offer is missing")
            }
            let offer = try StoredFile.decode(TransferOffer.self, from: bytes)
            if let live = try records.live(personID: offer.file.personID, on: scope.connection) {
                throw RPCError(.alreadyExists, "the person of transfer \(transfer.transferID) already has live trajectory \(live) in region \(region)",
                               details: ["field": "transferID", "trajectoryID": live])
            }
            let seq = try records.nextSeq(on: scope.connection)
            var file = offer.file
            file.trajectoryID = records.trajectoryID(for: seq)
            file.region = region
            file.version = 1
            file.origins = (file.origins ?? []) + [TrajectoryOrigin(trajectoryID: offer.file.trajectoryID, region: offer.file.region,
                                                                    transferID: transfer.transferID, acceptedOn: today)]
            // The source's counsellors are not this region's: the history keeps them, a planner here assigns one.
            if let current = file.counsellorHistory.indices.last, file.counsellorHistory[current].until == nil {
                file.counsellorHistory[current].until = today
            }
            file.counsellor = nil
            try records.insert(file, seq: seq, on: scope.connection)
            try records.markMovedIn(seq: seq, on: scope.connection)
            scope.touched(file.trajectoryID)
            transfer.state = .accepted
            transfer.newTrajectoryID = file.trajectoryID
        }
        CrashPoint.afterAcceptBeforeNotify.reached(configuration.crashAt)
        startReconciling(accepted)
        return accepted
    }

    func refuseTransfer(_ request: TransferDecision, _ context: CallContext) async throws -> TrajectoryTransfer {
        try TransferRecords.checkID(request.transferID)
        let reason = try TrajectoryRules.reason(request.reason)
        let refused = try await decide(request.transferID, request: request, context) { transfer, _ in
            transfer.state = .refused
            transfer.outcomeReason = reason
        }
        startReconciling(refused)
        return refused
    }

    /// A staff decision on an incoming transfer still requested, in one audited, idempotent transaction.
    private func decide<Request: Encodable & Sendable>(
        _ transferID: String, request: Request, _ context: CallContext,
        _ body: @escaping @Sendable (inout TrajectoryTransfer, inout AuditScope) throws -> Void) async throws -> TrajectoryTransfer {
        let named = try await store.database.read { [transfers] connection in try transfers.load(transferID, on: connection) }
        let today = today
        return try await store.change(context, request: request, person: named?.trajectoryID) { [transfers] scope in
            var transfer = try transfers.require(transferID, .incoming, on: scope.connection)
            guard transfer.state == .requested else {
                throw RPCError(.failedPrecondition, "transfer \(transferID) is already \(transfer.state.rawValue)"
                                   + (transfer.newTrajectoryID.map { " as \($0)" } ?? ""),
                               details: ["field": "transferID", "state": transfer.state.rawValue])
            }
            try body(&transfer, &scope)
            transfer.decidedOn = today
            transfer.acknowledged = false
            try transfers.save(transfer, on: scope.connection)
            return transfer
        }
    }

    /// Checks a transfer a source sends: its id, regions and trajectory id, and that the caller is that source.
    private func checkFromSource(_ transfer: TrajectoryTransfer, _ context: CallContext) throws(RPCError) -> TrajectoryTransfer {
        try TransferRecords.checkID(transfer.transferID, field: "transfer.transferID")
        try TrajectoryRecords.checkID(transfer.trajectoryID, field: "transfer.trajectoryID")
        guard TransferRecords.sourceRegion(of: transfer.transferID) == transfer.sourceRegion else {
            throw TrajectoryRules.invalid("transfer.sourceRegion", "is not the region of transfer id \(transfer.transferID)")
        }
        guard transfer.targetRegion == region else {
            throw TrajectoryRules.invalid("transfer.targetRegion", "is \(transfer.targetRegion), not this region (\(region))")
        }
        guard context.peer.region == transfer.sourceRegion else {
            throw RPCError(.permissionDenied, "only region \(transfer.sourceRegion)'s trajectory service speaks for transfer \(transfer.transferID)")
        }
        return transfer
    }
}
