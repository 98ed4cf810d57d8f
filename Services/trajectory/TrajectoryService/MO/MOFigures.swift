import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// The MO course supply's figures for reporting (the annual report's "MO courses and students per language"): a
/// group counts in a period when its own period overlaps it.
public enum MOFigure: String, FigureCatalogue {
    case coursesByLanguage = "mo.courses.byLanguage"
    /// Persons who had a place (enrolled at once or moved up), whether or not they cancelled later.
    case studentsByLanguage = "mo.students.byLanguage"
    /// Persons still waiting for a place, now, in groups running in the period.
    case waitingByLanguage = "mo.waiting.byLanguage"

    /// The query (`?1` the period's first day, `?2` its last); `contact_language` is stored as 0/1 and shown as a word.
    public var query: FigureQuery {
        let running = "g.through_date >= ?1 AND g.from_date <= ?2"
        return switch self {
        case .coursesByLanguage:
            FigureQuery(dimensions: ["language", "contactLanguage"], measure: "courses", sql: """
                SELECT g.language AS k0, CASE g.contact_language WHEN 0 THEN 'own' ELSE 'contact' END AS k1, COUNT(*) AS n
                FROM mo_groups g WHERE \(running) GROUP BY k0, k1
                """)
        case .studentsByLanguage:
            FigureQuery(dimensions: ["language"], measure: "persons", sql: """
                SELECT g.language AS k0, COUNT(DISTINCT e.person_id) AS n FROM mo_enrolments e JOIN mo_groups g ON g.seq = e.group_seq
                WHERE \(running) AND e.placed_ms IS NOT NULL GROUP BY k0
                """)
        case .waitingByLanguage:
            FigureQuery(dimensions: ["language"], measure: "persons", sql: """
                SELECT g.language AS k0, COUNT(DISTINCT e.person_id) AS n FROM mo_enrolments e JOIN mo_groups g ON g.seq = e.group_seq
                WHERE \(running) AND e.state = 'waiting' GROUP BY k0
                """)
        }
    }
}
