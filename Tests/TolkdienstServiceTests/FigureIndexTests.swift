@testable import TolkdienstService
import SamenTestSupport
import XCTest

/// Minutes per mode and organisations per sector over a year come from an index of the requests alone.
final class FigureIndexTests: XCTestCase {
    func testTheReportsFiguresReadACoveringIndexOfTheRequests() async throws {
        let mesh = try TestMesh()
        for figure in [TolkdienstFigure.minutesByMode, .organisationsBySector] {
            let plan = try await mesh.queryPlan(figure.query.sql, service: "tolkdienst", migrations: TolkdienstSchema.migrations)
            XCTAssertTrue(plan.contains { $0.contains("USING COVERING INDEX requests_figures") }, "\(figure.rawValue): \(plan)")
        }
    }
}
