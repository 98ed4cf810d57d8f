import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// The MO exemption test (vrijstellingstoets) of one region's trajectory service, in both of its roles: as the
/// **offering region** it plans slots, keeps their seat counts, records results and delivers them from an outbox;
/// as the **booking region** it books seats for its trajectories (in its own slots or another region's, through that
/// region's trajectory service) and stores the results in the trajectory files. docs/TRAJECTORY-EXEMPTION.md.
///
/// Its tables share the trajectory service's `AgencyStore`, so a result and the MO exemption it causes commit in
/// one transaction with the audit rows.
public final class MOExemption: Sendable {
    let store: AgencyStore
    let records: TrajectoryRecords
    let region: String
    let persons: IntakePersons
    /// Another region's trajectory service.
    let peer: @Sendable (String) -> ExemptionClient
    let peerWork: PeerWork
    let logger: Logger
    let outbox = BackgroundTask()
    /// The outbox's loop and every recorded result ask for passes; one runs at a time, so a result is sent once.
    let outboxPasses = SerialPasses()

    init(store: AgencyStore, records: TrajectoryRecords, persons: IntakePersons, peerWork: PeerWork, logger: Logger,
         peer: @escaping @Sendable (String) -> ExemptionClient) {
        self.store = store
        self.records = records
        region = records.region
        self.persons = persons
        self.peerWork = peerWork
        self.logger = logger
        self.peer = peer
    }

    /// Registers every ExemptionAPI method with the policy its contract declares.
    func register(on server: RPCServer) {
        server.register(ExemptionAPI.createSlot) { [self] plan, context in try await createSlot(plan, context) }
        server.register(ExemptionAPI.listSlots) { [self] query, context in try await listSlots(query, context) }
        server.register(ExemptionAPI.slot) { [self] request, context in try await slot(request, context) }
        server.register(ExemptionAPI.book) { [self] request, context in try await book(request, context) }
        server.register(ExemptionAPI.cancel) { [self] request, context in try await cancel(request, context) }
        server.register(ExemptionAPI.bookFor) { [self] request, context in try await bookFor(request, context) }
        server.register(ExemptionAPI.cancelFor) { [self] request, context in try await cancelFor(request, context) }
        server.register(ExemptionAPI.recordResult) { [self] request, context in try await recordResult(request, context) }
        server.register(ExemptionAPI.deliverResult) { [self] delivery, context in try await deliverResult(delivery, context) }
    }

    var today: CivilDate { CivilDate.today(at: store.currentTime) }

    /// The other region's exemption methods, through its trajectory service.
    func client(of otherRegion: String) -> ExemptionClient { peer(otherRegion) }

    /// A call to another region failed: its refusals (with their fields) are passed on, anything else means the
    /// region could not be reached and nothing was done there that this side relies on.
    static func passOn(_ error: any Error, region: String, doing what: String) -> RPCError {
        if let error = error as? RPCError, ![.unavailable, .deadlineExceeded, .internal, .cancelled].contains(error.status) {
            return RPCError(error.status, "trajectory of \(region): \(error.message)", details: error.details)
        }
        let reason = (error as? RPCError).map { "\($0.status.name): \($0.message)" } ?? "\(error)"
        return RPCError(.unavailable, "the trajectory service of region \(region) could not be reached to \(what): \(reason)")
    }
}
