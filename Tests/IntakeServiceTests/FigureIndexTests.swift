@testable import IntakeService
import SamenTestSupport
import XCTest

/// The annual report's intake figures count a year of a large region from an index alone: a plan that reads each
/// person's row (with the whole file) took half a second per figure at 333,000 people (samen-bench report).
final class FigureIndexTests: XCTestCase {
    func testTheReportsFiguresReadACoveringIndex() async throws {
        let mesh = try TestMesh()
        for figure in [IntakeFigure.newInhabitantsByNationality, .newInhabitantsByDoelgroep, .registrationsByDoelgroep, .registrationsByNationality,
                       .registrationsByMonth] {
            let plan = try await mesh.queryPlan(figure.query.sql, service: "intake", migrations: IntakeSchema.migrations)
            XCTAssertTrue(plan.contains { $0.contains("USING COVERING INDEX") }, "\(figure.rawValue): \(plan)")
        }
    }
}
