import Foundation
import SamenAgencyKit
import SamenContracts
import SamenRPC
import SamenStorage

/// Tolkdienst's figures for reporting, each one SQL count over the requests dated (translations delivered) in the
/// period, per region (the request's or translation's, its organisation's when made); the list is the contract
/// (docs/TOLKDIENST.md, "Figures").
enum TolkdienstFigure: String, FigureCatalogue {
    /// Organisations that had at least one assignment completed (service `interpreting`) or one translation delivered
    /// (`translation`): the report's effective users per sector.
    case organisationsBySector = "organisations.bySector"
    /// Minutes actually interpreted per mode (the report's hours per mode are these divided by 60).
    case minutesByMode = "minutes.byMode"
    /// Requests per mode and outcome: open, assigned, confirmed, completed, no-show, cancelled, cancelled-late.
    case requestsByOutcome = "requests.byOutcome"

    /// Organisations whose cooperation agreement covers at least one day of the period, per sector: the report's
    /// "samenwerkingsovereenkomst met N diensten en organisaties".
    case organisationsWithAgreement = "organisations.withAgreement"

    /// Pages translated per kind (informative, official), by delivery date; taken from the library counts none.
    case pagesByKind = "pages.byKind"

    var query: FigureQuery {
        switch self {
        case .organisationsBySector:
            // ?1 and ?2 are the period's days, used by both halves. The region is the request's or translation's,
            // as in the other figures, so every figure puts the same work in the same region.
            FigureQuery(dimensions: ["region", "sector", "service"], measure: "organisations", sql: """
                SELECT r.region AS k0, o.sector AS k1, 'interpreting' AS k2, COUNT(DISTINCT o.id) AS n
                FROM organisations o JOIN requests r ON r.organisation_id = o.id
                WHERE r.state = 'completed' AND r.date BETWEEN ?1 AND ?2 GROUP BY k0, k1
                UNION ALL
                SELECT t.region AS k0, o.sector AS k1, 'translation' AS k2, COUNT(DISTINCT o.id) AS n
                FROM organisations o JOIN translations t ON t.organisation_id = o.id
                WHERE t.state = 'delivered' AND t.delivered_on BETWEEN ?1 AND ?2 GROUP BY k0, k1
                """)
        case .minutesByMode:
            FigureQuery(dimensions: ["region", "mode"], measure: "minutes", sql: """
                SELECT region AS k0, mode AS k1, SUM(minutes) AS n FROM requests WHERE state = 'completed' AND date BETWEEN ? AND ? GROUP BY k0, k1
                """)
        case .requestsByOutcome:
            FigureQuery(dimensions: ["region", "mode", "outcome"], measure: "requests", sql: """
                SELECT region AS k0, mode AS k1, CASE WHEN state = 'cancelled' AND late = 1 THEN 'cancelled-late' ELSE state END AS k2,
                       COUNT(*) AS n
                FROM requests WHERE date BETWEEN ? AND ? GROUP BY k0, k1, k2
                """)
        case .organisationsWithAgreement:
            FigureQuery(dimensions: ["region", "sector"], measure: "organisations", sql: """
                SELECT region AS k0, sector AS k1, COUNT(*) AS n FROM organisations
                WHERE agreement_from <= ?2 AND (agreement_until IS NULL OR agreement_until >= ?1) GROUP BY k0, k1
                """)
        case .pagesByKind:
            FigureQuery(dimensions: ["region", "kind"], measure: "pages", sql: """
                SELECT region AS k0, kind AS k1, SUM(pages) AS n FROM translations
                WHERE state = 'delivered' AND reused = 0 AND delivered_on BETWEEN ? AND ? GROUP BY k0, k1
                """)
        }
    }
}

extension TolkdienstService {
    /// Every figure tolkdienst answers (`tolkdienst/figures`, `tolkdienst/figures.batch`).
    static let figureBook = FigureBook(service: TolkdienstAPI.service).adding(TolkdienstFigure.self)
}

extension TolkdienstService {
    /// Gives organisations stored before schema 102 their agreement columns from their record; afterwards every
    /// insert and save writes them, so later calls find nothing (one scan of the small organisations table).
    func fillAgreementColumns() async throws {
        // Almost always nothing to fill: a read says so without taking the write lock every instance shares.
        let unfilled = try await store.database.read { connection in
            try connection.queryFirst("SELECT 1 AS one FROM organisations WHERE agreement_from IS NULL LIMIT 1") != nil
        }
        guard unfilled else { return }
        try await store.database.write { [records] connection in
            let ids = try connection.query("SELECT id FROM organisations WHERE agreement_from IS NULL").map { try $0.text("id") }
            for id in ids {
                let organisation = try records.require(.organisations, id, as: Organisation.self, field: "organisationID", on: connection)
                try records.save(organisation, on: connection)
            }
        }
    }
}
