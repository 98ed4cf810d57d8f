import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

/// Reads and writes the region's transfers in `transfers`, inside the transaction of the connection given.
struct TransferRecords {
    let region: String

    /// Refuses anything that is not a transfer id (`<region>-x<number>`) before it reaches the store or the audit trail.
    static func checkID(_ id: String, field: String = "transferID") throws(RPCError) {
        try AgencyFields.checkID(id, prefix: "x", kind: "transfer", field: field)
    }

    /// The region that made the id, which is the transfer's source.
    static func sourceRegion(of id: String) -> String? {
        try? AgencyFields.region(ofID: id, prefix: "x", kind: "transfer", field: "transferID")
    }

    /// The id of the next outgoing transfer.
    func nextID(on connection: SQLiteConnection) throws -> String {
        let next = try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM transfers")!.int("next")
        return "\(region)-x\(next)"
    }

    func load(_ id: String, on connection: SQLiteConnection) throws -> TrajectoryTransfer? {
        try connection.queryFirst("SELECT record FROM transfers WHERE transfer_id = ?", [.text(id)])
            .map { try StoredFile.decode(TrajectoryTransfer.self, from: $0.blob("record")) }
    }

    /// The transfer on this region's side `direction`, or `not_found` naming the id.
    func require(_ id: String, _ direction: TransferDirection, field: String = "transferID",
                 on connection: SQLiteConnection) throws -> TrajectoryTransfer {
        guard let found = try load(id, on: connection), found.direction == direction else {
            throw RPCError(.notFound, "no \(direction.rawValue) transfer with id '\(id.prefix(64))' in region \(region)", details: ["field": field])
        }
        return found
    }

    /// The offer as the target stored it (nil for one withdrawn before it arrived).
    func offer(_ id: String, on connection: SQLiteConnection) throws -> [UInt8]? {
        try connection.queryFirst("SELECT offer FROM transfers WHERE transfer_id = ?", [.text(id)])?.optionalBlob("offer")
    }

    func insert(_ transfer: TrajectoryTransfer, offer: [UInt8]? = nil, on connection: SQLiteConnection) throws {
        try connection.run("""
            INSERT INTO transfers (transfer_id, direction, trajectory_id, state, acknowledged, record, offer) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(transfer.transferID), .text(transfer.direction.rawValue), .text(transfer.trajectoryID),
                  .text(transfer.state.rawValue), .integer(transfer.acknowledged ? 1 : 0), .blob(try StoredFile.encode(transfer)),
                  offer.map { .blob($0) } ?? .null])
    }

    func save(_ transfer: TrajectoryTransfer, on connection: SQLiteConnection) throws {
        try connection.run("UPDATE transfers SET state = ?, acknowledged = ?, record = ? WHERE transfer_id = ?",
                           [.text(transfer.state.rawValue), .integer(transfer.acknowledged ? 1 : 0),
                            .blob(try StoredFile.encode(transfer)), .text(transfer.transferID)])
    }

    /// The outgoing transfer that holds the trajectory frozen, if any.
    func openOutgoing(trajectoryID: String, on connection: SQLiteConnection) throws -> TrajectoryTransfer? {
        try connection.queryFirst("""
            SELECT record FROM transfers WHERE trajectory_id = ? AND direction = 'outgoing' AND state = 'requested'
            """, [.text(trajectoryID)]).map { try StoredFile.decode(TrajectoryTransfer.self, from: $0.blob("record")) }
    }

    /// What the reconciler still has to drive: outgoing transfers not yet decided, incoming ones decided but whose
    /// source has not acknowledged the outcome.
    func unsettled(on connection: SQLiteConnection) throws -> [TrajectoryTransfer] {
        try connection.query("""
            SELECT record FROM transfers WHERE (direction = 'outgoing' AND state = 'requested')
               OR (direction = 'incoming' AND state IN ('accepted', 'refused', 'revoked') AND acknowledged = 0)
            ORDER BY seq
            """).map { try StoredFile.decode(TrajectoryTransfer.self, from: $0.blob("record")) }
    }

    /// Refuses a change of a trajectory that moved away (its tombstone) or is moving (an open outgoing transfer),
    /// with `failed_precondition` naming the transfer and the region.
    func checkWritable(_ file: TrajectoryFile, field: String, on connection: SQLiteConnection) throws {
        if let moved = file.tombstone {
            throw RPCError(.failedPrecondition, "trajectory \(file.trajectoryID) was transferred to region \(moved.region) as \(moved.trajectoryID) "
                               + "(transfer \(moved.transferID)); it is read-only here, change it in \(moved.region)",
                           details: ["field": field, "region": moved.region, "trajectoryID": moved.trajectoryID, "transferID": moved.transferID])
        }
        if let open = try openOutgoing(trajectoryID: file.trajectoryID, on: connection) {
            throw RPCError(.failedPrecondition, "trajectory \(file.trajectoryID) is being transferred to region \(open.targetRegion) "
                               + "(transfer \(open.transferID)); it cannot change until \(open.targetRegion) accepts or refuses it or it is revoked",
                           details: ["field": field, "region": open.targetRegion, "transferID": open.transferID])
        }
    }
}
