import SamenContracts

/// The report as CSV (RFC 4180, comma-separated, CRLF): one line per row of every table, totals included, with
/// the table's id first so one file holds them all. A missing table is one line saying why, never zeros; a
/// suppressed row shows `<N` for both years and leaves the difference and mark empty.
public enum ReportCSV {
    public static let mediaType = "text/csv; charset=utf-8"
    public static let header = ["table", "label", "rank", "year", "previous_year", "difference", "mark", "missing"]

    public static func render(_ report: Report) -> String {
        var lines = [header.joined(separator: ",")]
        for table in report.tables {
            if let missing = table.missing {
                lines.append([table.id, "", "", "", "", "", "", missing].map(field).joined(separator: ","))
                continue
            }
            for row in table.rows + (table.total.map { [$0] } ?? []) {
                let small = "<\(report.suppressBelow)"
                let cells = row.suppressed ? [small, small, "", ""] : [String(row.current), String(row.previous), String(row.difference), row.mark.rawValue]
                lines.append(([table.id, row.label, row.rank.map(String.init) ?? ""] + cells + [""]).map(field).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-` or `@` is prefixed with `'` so a
    /// spreadsheet does not run a label as a formula.
    static func field(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@".contains(first), Int64(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
