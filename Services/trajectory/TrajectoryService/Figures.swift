import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

/// Trajectory's figures for reporting, each one SQL count over the trajectories signed in the period; the list is
/// the contract (docs/TRAJECTORY.md, "Figures"). A transferred trajectory counts once across regions: its contract
/// where it was signed, its components where it is now (docs/TRAJECTORY-TRANSFER.md).
enum TrajectoryFigure: String, FigureCatalogue {
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
    /// Every figure trajectory answers (`trajectory/figures`, `trajectory/figures.batch`): its own, the MO course
    /// supply's, the exemption tests' and the records'.
    static let figureBook = FigureBook(service: TrajectoryAPI.service).adding(TrajectoryFigure.self).adding(MOFigure.self)
        .adding(ExemptionFigure.self).adding(RecordsFigure.self)
}
