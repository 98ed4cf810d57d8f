import Foundation
import SamenContracts
import SamenStorage

/// A closed year's report as stored: the report and the two documents rendered from it at closing.
struct ClosedReport: Sendable {
    let report: Report
    let csv: String
    let html: String
}

/// The closed years, in `<data>/reporting.sqlite`.
struct ClosedReports: Sendable {
    let database: Database

    func load(year: Int, scope: String) async throws -> ClosedReport? {
        let row = try await database.read { connection in
            try connection.queryFirst("SELECT report_json, csv, html FROM closed_reports WHERE year = ? AND scope = ?",
                                      [.integer(Int64(year)), .text(scope)]).map { row in
                (try row.blob("report_json"), try row.text("csv"), try row.text("html"))
            }
        }
        guard let (json, csv, html) = row else { return nil }
        return ClosedReport(report: try JSONDecoder().decode(Report.self, from: Data(json)), csv: csv, html: html)
    }

    /// Stores the closed report; false when the year was closed for this scope already (the first one stays).
    func store(_ closed: ClosedReport) async throws -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = [UInt8](try encoder.encode(closed.report))
        let report = closed.report
        return try await database.write { connection in
            try connection.run("""
                INSERT INTO closed_reports (year, scope, closed_ms, report_json, csv, html) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (year, scope) DO NOTHING
                """, [.integer(Int64(report.year)), .text(report.scope), .integer(report.closed?.closedMilliseconds ?? 0), .blob(json),
                      .text(closed.csv), .text(closed.html)]) == 1
        }
    }
}
