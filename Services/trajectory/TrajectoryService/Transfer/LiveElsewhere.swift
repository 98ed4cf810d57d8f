import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

/// "No live trajectory in any region" for signing (docs/TRAJECTORY-TRANSFER.md, "Signing across regions"): the
/// regions are asked by person id, and every tombstone an answer shows is followed to the region it points to,
/// asked after the pointer was read, so a trajectory moving between regions while the signing asks is found where
/// it went.
extension TrajectoryService {
    /// How many regions one signing may ask before giving up: every region once, and the regions tombstones
    /// point to again, over a chain of transfers no longer than this.
    static let maximumLiveChecks = 64

    func findLive(_ query: LiveTrajectoryQuery, _ context: CallContext) async throws -> LiveTrajectoryAnswer {
        guard (1...80).contains(query.personID.utf8.count) else { throw TrajectoryRules.invalid("personID", "must be 1...80 bytes") }
        let region = region
        return try await store.read(context) { [records] scope in
            let (live, movedTo) = try records.trajectories(personID: query.personID, on: scope.connection)
            if let live { scope.touched(live) }
            return LiveTrajectoryAnswer(region: region, live: live, movedTo: movedTo)
        }
    }

    /// Throws `already_exists` naming the region and trajectory when the person has a live trajectory in another
    /// region, `unavailable` when a region could not be asked (nothing is signed then).
    func checkNoLiveTrajectoryElsewhere(personID: String) async throws {
        let (_, localMoves) = try await store.database.read { [records] connection in try records.trajectories(personID: personID, on: connection) }
        // Each tombstone is followed once, after it was read; a region may be asked again for a newer one.
        var followed = Set(localMoves.map(\.transferID))
        var pending = try await peers.regions().filter { $0 != region } + localMoves.map(\.region)
        var asked = 0
        while !pending.isEmpty {
            let other = pending.removeFirst()
            guard other != region else { continue }
            asked += 1
            guard asked <= Self.maximumLiveChecks else {
                throw RPCError(.aborted, "the person's trajectory keeps moving between regions; try again", details: ["field": "personID"])
            }
            let answer: LiveTrajectoryAnswer
            do {
                answer = try await peers.transfers(in: other).findLive(personID, options: CallOptions(timeout: configuration.peerWork.peerTimeout))
            } catch {
                throw RPCError(.unavailable, "region \(other) could not be asked whether the person has a live trajectory there "
                                   + "(\(Self.describe(error))); nothing was signed, try again", details: ["field": "personID", "region": other])
            }
            if let live = answer.live {
                throw RPCError(.alreadyExists, "person \(personID) already has live trajectory \(live) in region \(other)",
                               details: ["field": "personID", "trajectoryID": live, "region": other])
            }
            for moved in answer.movedTo where followed.insert(moved.transferID).inserted {
                pending.append(moved.region)
            }
        }
    }
}

extension TrajectoryRecords {
    /// The person's live trajectory in this region, and the tombstones of theirs that moved away.
    func trajectories(personID: String, on connection: SQLiteConnection) throws -> (live: String?, movedTo: [TrajectoryTombstone]) {
        var live: String?
        var movedTo: [TrajectoryTombstone] = []
        for row in try connection.query("SELECT live, file FROM trajectories WHERE person_id = ? ORDER BY seq", [.text(personID)]) {
            let file = try StoredFile.decode(TrajectoryFile.self, from: row.blob("file"))
            if try row.int("live") == 1 { live = file.trajectoryID }
            if let tombstone = file.tombstone { movedTo.append(tombstone) }
        }
        return (live, movedTo)
    }
}
