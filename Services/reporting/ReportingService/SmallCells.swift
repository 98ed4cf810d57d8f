import SamenContracts

/// Suppression of small figures for reports meant for the public: a row with a figure from 1 to `below - 1` in
/// either year keeps its label and rank but not its numbers. Totals stay exact, so a table with a single suppressed
/// row can still be worked out from its total: this is the primary suppression only (docs/REPORTING.md).
enum SmallCells {
    static let limit = 0...1000

    static func suppress(_ report: Report, below: Int) -> Report {
        guard below > 1 else { return report }
        var report = report
        report.suppressBelow = below
        for index in report.tables.indices {
            report.tables[index].rows = report.tables[index].rows.map { row in
                let small = (1..<Int64(below)).contains(row.current) || (1..<Int64(below)).contains(row.previous)
                return small ? ReportRow(label: row.label, rank: row.rank, current: 0, previous: 0, suppressed: true) : row
            }
        }
        return report
    }
}
