import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// The MO course supply's figures for reporting (the annual report's "MO courses and students per language"): a
/// group counts in a period when its own period overlaps it.
public enum MOFigure: String, CaseIterable, Sendable {
    case coursesByLanguage = "mo.courses.byLanguage"
    /// Persons who had a place (enrolled at once or moved up), whether or not they cancelled later.
    case studentsByLanguage = "mo.students.byLanguage"
    /// Persons still waiting for a place, now, in groups running in the period.
    case waitingByLanguage = "mo.waiting.byLanguage"

    /// Dimensions, measure, and the query (`?1` the period's first day, `?2` its last).
    var query: (dimensions: [String], measure: String, sql: String) {
        let running = "g.through_date >= ?1 AND g.from_date <= ?2"
        return switch self {
        case .coursesByLanguage:
            (["language", "contactLanguage"], "courses",
             "SELECT g.language AS k0, g.contact_language AS k1, COUNT(*) AS n FROM mo_groups g WHERE \(running) GROUP BY k0, k1")
        case .studentsByLanguage:
            (["language"], "persons", """
                SELECT g.language AS k0, COUNT(DISTINCT e.person_id) AS n FROM mo_enrolments e JOIN mo_groups g ON g.seq = e.group_seq
                WHERE \(running) AND e.placed_ms IS NOT NULL GROUP BY k0
                """)
        case .waitingByLanguage:
            (["language"], "persons", """
                SELECT g.language AS k0, COUNT(DISTINCT e.person_id) AS n FROM mo_enrolments e JOIN mo_groups g ON g.seq = e.group_seq
                WHERE \(running) AND e.state = 'waiting' GROUP BY k0
                """)
        }
    }
}

extension MOCourses {
    /// The figure `request` names if it is one of `MOFigure`, else nil: trajectory's figures method asks this first.
    public func figure(_ request: AggregateRequest) async throws -> AggregateTable? {
        guard let figure = MOFigure(rawValue: request.figure) else { return nil }
        guard request.through >= request.from else { throw MORules.invalid("through", "(\(request.through)) is before 'from' (\(request.from))") }
        let (dimensions, measure, sql) = figure.query
        let asOf = Self.milliseconds(store.currentTime)
        return try await store.database.read { connection in
            let rows = try connection.query(sql, [.text(request.from.description), .text(request.through.description)]).map { row in
                AggregateRow(keys: try (0..<dimensions.count).map { index in
                    // contact_language is stored as 0/1; the figure shows it as a word.
                    if dimensions[index] == "contactLanguage" { return try row.int("k\(index)") != 0 ? "contact" : "own" }
                    return try row.optionalText("k\(index)") ?? ""
                }, value: try row.int("n"))
            }
            return AggregateTable(figure: figure.rawValue, dimensions: dimensions, measure: measure,
                                  rows: rows.sorted { $0.keys.lexicographicallyPrecedes($1.keys) }, asOfMilliseconds: asOf)
        }
    }
}
