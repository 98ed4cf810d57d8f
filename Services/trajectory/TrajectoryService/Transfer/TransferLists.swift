import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

extension TrajectoryService {
    func registerTransfers(on server: RPCServer) {
        server.register(TransferAPI.request) { [self] request, context in try await requestTransfer(request, context) }
        server.register(TransferAPI.list) { [self] request, context in try await listTransfers(request, context) }
        server.register(TransferAPI.accept) { [self] request, context in try await acceptTransfer(request, context) }
        server.register(TransferAPI.refuse) { [self] request, context in try await refuseTransfer(request, context) }
        server.register(TransferAPI.revoke) { [self] request, context in try await revokeTransfer(request, context) }
        server.register(TransferAPI.offer) { [self] offer, context in try await receiveOffer(offer, context) }
        server.register(TransferAPI.status) { [self] request, context in try await transferStatus(request, context) }
        server.register(TransferAPI.withdraw) { [self] request, context in try await withdrawTransfer(request, context) }
        server.register(TransferAPI.settle) { [self] decision, context in try await settleTransfer(decision, context) }
        server.register(TransferAPI.findLive) { [self] query, context in try await findLive(query, context) }
    }

    /// The region's transfers newest first; each trajectory a listed transfer names is recorded as read.
    func listTransfers(_ request: TransferListRequest, _ context: CallContext) async throws -> TransferPage {
        let limit = request.limit ?? Self.defaultPageSize
        guard (1...Self.maximumPageSize).contains(limit) else {
            throw TrajectoryRules.invalid("limit", "must be 1...\(Self.maximumPageSize), not \(limit)")
        }
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let direction = request.direction { conditions.append("direction = ?"); bindings.append(.text(direction.rawValue)) }
        if let state = request.state { conditions.append("state = ?"); bindings.append(.text(state.rawValue)) }
        if let after = request.after {
            guard let seq = Int64(after), seq > 0 else { throw TrajectoryRules.invalid("after", "is not a cursor this method gave") }
            conditions.append("seq < ?")
            bindings.append(.integer(seq))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT seq, record FROM transfers \(filter) ORDER BY seq DESC LIMIT \(limit + 1)"
        let values = bindings
        return try await store.read(context) { scope in
            let rows = try scope.connection.query(sql, values)
            var listed: [TrajectoryTransfer] = []
            for row in rows.prefix(limit) {
                let transfer = try StoredFile.decode(TrajectoryTransfer.self, from: row.blob("record"))
                scope.touched(transfer.trajectoryID)
                listed.append(transfer)
            }
            let next = rows.count > limit ? try rows[limit - 1].int("seq") : nil
            return TransferPage(transfers: listed, next: next.map(String.init))
        }
    }
}
