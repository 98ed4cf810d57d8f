import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

/// Drives every transfer this region takes part in to the state both sides agree on: the source offers what the
/// target has not stored and asks the target for its decision; the target tells the source what it decided until
/// the source acknowledges. Every step is idempotent, so running it again after a crash, a lost reply or a cut
/// link only finishes what was left.
extension TrajectoryService {
    /// Runs at start-up and then every `peerWork.interval`, sooner (with the kit's `Backoff`) while a peer fails.
    func startReconcilingTransfers() {
        let work = configuration.peerWork
        let interval = work.interval
        reconciler.set(Task { [self] in
            var backoff = Backoff(initial: work.retryInitial, maximum: work.retryMaximum, jitter: true)
            while !Task.isCancelled {
                let delay: Duration
                if await reconcileTransfers() {
                    backoff.reset()
                    delay = interval
                } else {
                    delay = backoff.nextDelay()
                }
                try? await Task.sleep(for: delay)
            }
        })
    }

    /// One pass over every unsettled transfer; false when a step failed.
    func reconcileTransfers() async -> Bool {
        guard let pending = try? await store.database.read({ [transfers] connection in try transfers.unsettled(on: connection) }) else {
            return false
        }
        var allDone = true
        for transfer in pending {
            do {
                try await reconcile(transfer)
            } catch {
                allDone = false
                configuration.logger.info("a transfer step will be retried",
                                          [("transfer", transfer.transferID), ("error", Self.describe(error))])
            }
        }
        return allDone
    }

    /// Tries the transfer's next step once, now, in the background (after the call that made it due).
    func startReconciling(_ transfer: TrajectoryTransfer) {
        Task { [self] in try? await reconcile(transfer) }
    }

    func reconcile(_ transfer: TrajectoryTransfer) async throws {
        let options = CallOptions(timeout: configuration.peerWork.peerTimeout)
        switch transfer.direction {
        case .outgoing:
            guard transfer.state == .requested else { return }
            let target = peers.transfers(in: transfer.targetRegion)
            var answer: TrajectoryTransfer?
            if transfer.acknowledged {
                do {
                    answer = try await target.status(transfer.transferID, options: options)
                } catch let error as RPCError where error.status == .notFound {
                    answer = nil  // the target lost the offer: offer it again
                }
            }
            if answer == nil {
                let file = try await store.database.read { [records] connection in try records.require(transfer.trajectoryID, on: connection).file }
                answer = try await target.offer(TransferOffer(transfer: transfer, file: file), options: options)
            }
            guard let answer, answer.state != .requested || !transfer.acknowledged else { return }
            _ = try await store.systemChange(method: TransferAPI.settle.name, person: transfer.trajectoryID) { [self] connection in
                try recordOutcome(answer, on: connection)
            }
        case .incoming:
            guard transfer.state.isFinal, !transfer.acknowledged else { return }
            _ = try await peers.transfers(in: transfer.sourceRegion).settle(transfer, options: options)
            _ = try await store.systemChange(method: TransferAPI.settle.name, person: transfer.trajectoryID) { [transfers] connection in
                guard var current = try transfers.load(transfer.transferID, on: connection), current.state == transfer.state else { return }
                current.acknowledged = true
                if current.state == .accepted { current.state = .completed }
                try transfers.save(current, on: connection)
            }
        }
    }
}
