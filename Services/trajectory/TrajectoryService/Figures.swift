import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

/// Trajectory's figures for reporting, each one SQL count over the trajectories signed in the period; the list is
/// the contract (docs/TRAJECTORY.md, "Figures"). A transferred trajectory counts once across regions: its contract
/// where it was signed, its components where it is now (docs/TRAJECTORY-TRANSFER.md).
enum TrajectoryFigure: String, CaseIterable {
    case contractsByDoelgroep = "contracts.byDoelgroep"
    case componentsByState = "components.byState"

    var query: FigureQuery {
        switch self {
        case .contractsByDoelgroep:
            FigureQuery(dimensions: ["doelgroep"], measure: "contracts",
                        sql: "SELECT doelgroep AS k0, COUNT(*) AS n FROM trajectories WHERE signed_on BETWEEN ? AND ? AND moved_in = 0 GROUP BY k0")
        case .componentsByState:
            FigureQuery(dimensions: ["component", "state"], measure: "components", sql: """
                SELECT c.component AS k0, c.state AS k1, COUNT(*) AS n FROM components c JOIN trajectories t ON t.seq = c.trajectory_seq
                WHERE t.signed_on BETWEEN ? AND ? AND t.moved_out = 0 GROUP BY k0, k1
                """)
        }
    }
}

extension TrajectoryService {
    func figures(_ request: AggregateRequest) async throws -> AggregateTable {
        guard let query = TrajectoryFigure(rawValue: request.figure)?.query ?? RecordsFigure(rawValue: request.figure)?.query else {
            let names = TrajectoryFigure.allCases.map(\.rawValue) + MOFigure.allCases.map(\.rawValue) + ExemptionFigure.allCases.map(\.rawValue)
                + RecordsFigure.allCases.map(\.rawValue)
            throw TrajectoryRules.invalid("figure", "'\(request.figure.prefix(60))' is not one of trajectory's figures (\(names.joined(separator: ", ")))")
        }
        return try await store.aggregate(request.figure, query, over: request)
    }
}
