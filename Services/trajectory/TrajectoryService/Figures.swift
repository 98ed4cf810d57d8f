import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

/// Trajectory's figures for reporting, each one SQL count over the trajectories signed in the period; the list is
/// the contract (docs/TRAJECTORY.md, "Figures").
enum TrajectoryFigure: String, CaseIterable {
    case contractsByDoelgroep = "contracts.byDoelgroep"
    case componentsByState = "components.byState"

    /// Dimensions, measure, and the query (`?` twice: the period's first and last day).
    var query: (dimensions: [String], measure: String, sql: String) {
        switch self {
        case .contractsByDoelgroep:
            (["doelgroep"], "contracts", "SELECT doelgroep AS k0, COUNT(*) AS n FROM trajectories WHERE signed_on BETWEEN ? AND ? GROUP BY k0")
        case .componentsByState:
            (["component", "state"], "components", """
                SELECT c.component AS k0, c.state AS k1, COUNT(*) AS n FROM components c JOIN trajectories t ON t.seq = c.trajectory_seq
                WHERE t.signed_on BETWEEN ? AND ? GROUP BY k0, k1
                """)
        }
    }
}

extension TrajectoryService {
    func figures(_ request: AggregateRequest) async throws -> AggregateTable {
        guard let figure = TrajectoryFigure(rawValue: request.figure) else {
            throw TrajectoryRules.invalid("figure", "'\(request.figure.prefix(60))' is not one of trajectory's figures "
                                              + "(\(TrajectoryFigure.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard request.through >= request.from else { throw TrajectoryRules.invalid("through", "is before 'from'") }
        let (dimensions, measure, sql) = figure.query
        let asOf = Int64((store.currentTime.timeIntervalSince1970 * 1000).rounded(.down))
        return try await store.database.read { connection in
            let rows = try connection.query(sql, [.text(request.from.description), .text(request.through.description)]).map { row in
                AggregateRow(keys: try (0..<dimensions.count).map { try row.optionalText("k\($0)") ?? "" }, value: try row.int("n"))
            }
            return AggregateTable(figure: figure.rawValue, dimensions: dimensions, measure: measure,
                                  rows: rows.sorted { $0.keys.lexicographicallyPrecedes($1.keys) }, asOfMilliseconds: asOf)
        }
    }
}
