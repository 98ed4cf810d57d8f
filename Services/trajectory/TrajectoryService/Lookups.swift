import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

extension TrajectoryService {
    func get(_ trajectoryID: String, _ context: CallContext) async throws -> TrajectoryFile {
        try TrajectoryRecords.checkID(trajectoryID)
        return try await store.read(context) { [records] scope in
            let file = try records.require(trajectoryID, on: scope.connection).file
            scope.touched(file.trajectoryID)
            return file
        }
    }

    static let defaultPageSize = 50
    static let maximumPageSize = 500

    /// Trajectories newest first; the cursor is the last row's sequence number. Each one listed is recorded as read.
    func list(_ request: TrajectoryListRequest, _ context: CallContext) async throws -> TrajectoryPage {
        let limit = request.limit ?? Self.defaultPageSize
        guard (1...Self.maximumPageSize).contains(limit) else {
            throw TrajectoryRules.invalid("limit", "must be 1...\(Self.maximumPageSize), not \(limit)")
        }
        if let from = request.from, let through = request.through, through < from {
            throw TrajectoryRules.invalid("through", "is before 'from'")
        }
        if request.unassigned == true, request.counsellor != nil {
            throw TrajectoryRules.invalid("counsellor", "cannot be combined with unassigned=true")
        }
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let from = request.from { conditions.append("signed_on >= ?"); bindings.append(.text(from.description)) }
        if let through = request.through { conditions.append("signed_on <= ?"); bindings.append(.text(through.description)) }
        if let counsellor = request.counsellor {
            try CounsellorRecords.checkUser(counsellor, field: "counsellor", region: region)
            conditions.append("counsellor = ?")
            bindings.append(.text(counsellor))
        }
        // A trajectory that moved away cannot be assigned here: the planner's list of work leaves it out.
        if request.unassigned == true { conditions.append("counsellor IS NULL AND moved_out = 0") }
        if let after = request.after {
            guard let seq = Int64(after), seq > 0 else { throw TrajectoryRules.invalid("after", "is not a cursor this method gave") }
            conditions.append("seq < ?")
            bindings.append(.integer(seq))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT seq, file FROM trajectories \(filter) ORDER BY seq DESC LIMIT \(limit + 1)"
        let values = bindings
        return try await store.read(context) { [records] scope in
            let rows = try scope.connection.query(sql, values)
            var listed: [TrajectorySummary] = []
            for row in rows.prefix(limit) {
                let file = try StoredFile.decode(TrajectoryFile.self, from: row.blob("file"))
                scope.touched(file.trajectoryID)
                listed.append(records.summary(file))
            }
            let next = rows.count > limit ? try rows[limit - 1].int("seq") : nil
            return TrajectoryPage(trajectories: listed, next: next.map(String.init))
        }
    }
}
