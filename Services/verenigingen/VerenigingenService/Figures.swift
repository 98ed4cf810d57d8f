import Foundation
import SamenAgencyKit
import SamenRPC

/// Verenigingen's figures for reporting, each one SQL count over a period; the list is the contract
/// (docs/VERENIGINGEN.md, "Figures"). Women's organisations and the gender network are dimensions of every figure
/// about associations, so reporting shows them as such.
enum VerenigingenFigure: String, FigureCatalogue {
    case contactsByKind = "contacts.byKind"
    case associationsReached = "associations.reached"
    case eventsHeld = "events.held"
    case eventsAttendance = "events.attendance"
    case subsidiesAsked = "subsidies.askedByCall"
    case subsidiesGranted = "subsidies.grantedByCall"

    private static let markDimensions = ["womensOrganisation", "genderNetwork"]

    var query: FigureQuery {
        switch self {
        case .contactsByKind:
            FigureQuery(dimensions: ["kind"] + Self.markDimensions, measure: "contacts", sql: """
                SELECT c.kind AS k0, \(Self.marks("k1", "k2")), COUNT(*) AS n FROM support_contacts c JOIN associations a ON a.seq = c.association_seq
                WHERE c.on_date BETWEEN ? AND ? GROUP BY k0, k1, k2
                """)
        case .associationsReached:
            FigureQuery(dimensions: Self.markDimensions, measure: "associations", sql: """
                SELECT \(Self.marks("k0", "k1")), COUNT(DISTINCT c.association_seq) AS n FROM support_contacts c
                JOIN associations a ON a.seq = c.association_seq WHERE c.on_date BETWEEN ? AND ? GROUP BY k0, k1
                """)
        case .eventsHeld:
            FigureQuery(dimensions: ["genderNetwork"], measure: "events", sql: """
                SELECT CASE gender_network WHEN 1 THEN 'yes' ELSE 'no' END AS k0, COUNT(*) AS n FROM network_events
                WHERE on_date BETWEEN ? AND ? GROUP BY k0
                """)
        case .eventsAttendance:
            FigureQuery(dimensions: ["genderNetwork"], measure: "persons", sql: """
                SELECT CASE gender_network WHEN 1 THEN 'yes' ELSE 'no' END AS k0, SUM(attendance) AS n FROM network_events
                WHERE on_date BETWEEN ? AND ? GROUP BY k0
                """)
        case .subsidiesAsked:
            FigureQuery(dimensions: ["call"] + Self.markDimensions, measure: "euroCents", sql: """
                SELECT s.call_id AS k0, \(Self.marks("k1", "k2")), SUM(p.asked_cents) AS n FROM subsidy_applications p
                JOIN subsidy_calls s ON s.seq = p.call_seq JOIN associations a ON a.seq = p.association_seq
                WHERE p.submitted_on BETWEEN ? AND ? GROUP BY k0, k1, k2
                """)
        case .subsidiesGranted:
            FigureQuery(dimensions: ["call"] + Self.markDimensions, measure: "euroCents", sql: """
                SELECT s.call_id AS k0, \(Self.marks("k1", "k2")), SUM(p.granted_cents) AS n FROM subsidy_applications p
                JOIN subsidy_calls s ON s.seq = p.call_seq JOIN associations a ON a.seq = p.association_seq
                WHERE p.state = 'granted' AND p.decided_on BETWEEN ? AND ? GROUP BY k0, k1, k2
                """)
        }
    }

    /// The two marks as `yes`/`no` columns named `first` and `second`.
    private static func marks(_ first: String, _ second: String) -> String {
        "CASE a.women WHEN 1 THEN 'yes' ELSE 'no' END AS \(first), CASE a.gender_network WHEN 1 THEN 'yes' ELSE 'no' END AS \(second)"
    }
}

extension VerenigingenService {
    /// Every figure verenigingen answers (`verenigingen/figures`, `verenigingen/figures.batch`).
    static let figureBook = FigureBook(service: VerenigingenAPI.service).adding(VerenigingenFigure.self)
}
