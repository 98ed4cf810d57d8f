import SamenAgencyKit

/// The records' figures for reporting (the annual report's trajectory section), each counted over the period's
/// days by the kit's `aggregate` (docs/TRAJECTORY-RECORDS.md, "Figures"). Referrals and certificates travel in the
/// trajectory file, so they count where the trajectory is now, never in the tombstone a transfer left.
enum RecordsFigure: String, FigureCatalogue {
    /// Referrals made in the period, by kind.
    case referralsByKind = "referrals.byKind"
    /// Diploma recognition files opened in the period, by kind (the report's inburgeraars, niet-inburgeraars, VDAB).
    case diplomasByKind = "diplomas.byKind"
    /// Certificates issued in the period: the row `certificates` counts them, the row `months` sums their durations,
    /// so a reader divides the two for the average exactly (the table carries whole numbers only).
    case certificates = "certificates"

    var query: FigureQuery {
        switch self {
        case .referralsByKind:
            FigureQuery(dimensions: ["kind"], measure: "referrals",
                        sql: """
                            SELECT r.kind AS k0, COUNT(*) AS n FROM referrals r JOIN trajectories t ON t.seq = r.trajectory_seq
                            WHERE r.referred_on BETWEEN ?1 AND ?2 AND t.moved_out = 0 GROUP BY k0
                            """)
        case .diplomasByKind:
            FigureQuery(dimensions: ["kind"], measure: "files",
                        sql: "SELECT kind AS k0, COUNT(*) AS n FROM diploma_files WHERE opened_on BETWEEN ?1 AND ?2 GROUP BY k0")
        case .certificates:
            FigureQuery(dimensions: ["quantity"], measure: "certificates, and the sum of their durations in months", sql: """
                SELECT 'certificates' AS k0, COUNT(*) AS n FROM certificates c JOIN trajectories t ON t.seq = c.trajectory_seq
                WHERE c.issued_on BETWEEN ?1 AND ?2 AND t.moved_out = 0
                UNION ALL SELECT 'months' AS k0, COALESCE(SUM(c.months), 0) AS n FROM certificates c JOIN trajectories t ON t.seq = c.trajectory_seq
                WHERE c.issued_on BETWEEN ?1 AND ?2 AND t.moved_out = 0
                """)
        }
    }
}
