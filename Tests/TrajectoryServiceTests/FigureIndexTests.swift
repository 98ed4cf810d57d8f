@testable import TrajectoryService
import SamenTestSupport
import XCTest

/// Contracts per doelgroep over a year come from an index alone, not from each trajectory's row with its file.
final class FigureIndexTests: XCTestCase {
    func testContractsByDoelgroepReadsACoveringIndex() async throws {
        let mesh = try TestMesh()
        let plan = try await mesh.queryPlan(TrajectoryFigure.contractsByDoelgroep.query.sql, service: "trajectory", migrations: TrajectoryService.migrations)
        XCTAssertTrue(plan.contains { $0.contains("USING COVERING INDEX trajectories_figures") }, "\(plan)")
    }
}
