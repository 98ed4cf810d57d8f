import SamenContracts

/// Suppression of small figures for reports meant for the public (docs/REPORTING.md, "Small figures"): a row with a
/// figure from 1 to `below - 1` in either year keeps its label and rank but not its numbers (primary suppression).
/// A total that small is hidden too. Where a table shows its total and exactly one row is hidden, that row could be
/// worked out from the total, so the smallest other row with a figure is hidden with it (complementary
/// suppression). A declaration's average row is hidden with the rows it comes from, and they with it.
enum SmallCells {
    static let limit = 0...1000

    static func suppress(_ report: Report, below: Int, declarations: [TableDeclaration]) -> Report {
        guard below > 1 else { return report }
        var report = report
        report.suppressBelow = below
        let averages = Dictionary(declarations.compactMap { declaration in declaration.average.map { (declaration.id, $0) } }) { first, _ in first }
        for index in report.tables.indices {
            report.tables[index] = suppress(report.tables[index], below: Int64(below), average: averages[report.tables[index].id])
        }
        return report
    }

    static func suppress(_ table: ReportTable, below: Int64, average: TableDeclaration.Average?) -> ReportTable {
        func small(_ row: ReportRow) -> Bool { (1..<below).contains(row.current) || (1..<below).contains(row.previous) }
        func index(_ label: String) -> Int? { table.rows.firstIndex { $0.label == label } }
        let averageRow = average.flatMap { index($0.label) }
        // An average is not a count of people: it is hidden only with the rows it is worked out from.
        var hidden = Set(table.rows.indices.filter { $0 != averageRow && small(table.rows[$0]) })
        var table = table
        if let total = table.total {
            if small(total) {
                table.total = hide(total)
            } else if hidden.count == 1 {
                let candidates = table.rows.indices.filter { !hidden.contains($0) && $0 != averageRow && (table.rows[$0].current > 0 || table.rows[$0].previous > 0) }
                if let complement = candidates.min(by: { first, second in
                    let (a, b) = (table.rows[first], table.rows[second])
                    return (max(a.current, a.previous), a.label) < (max(b.current, b.previous), b.label)
                }) {
                    hidden.insert(complement)
                }
            }
        }
        if let average, let averageRow, let of = index(average.of), let per = index(average.per), !hidden.isDisjoint(with: [of, per]) {
            hidden.formUnion([of, per, averageRow])
        }
        for row in hidden { table.rows[row] = hide(table.rows[row]) }
        return table
    }

    private static func hide(_ row: ReportRow) -> ReportRow {
        ReportRow(label: row.label, rank: row.rank, current: 0, previous: 0, suppressed: true)
    }
}
