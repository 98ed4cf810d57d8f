import Foundation
import SamenContracts

/// The report as one self-contained HTML page: inline CSS, a section per table with the table and an inline SVG
/// chart, no scripts and nothing loaded from elsewhere, so it prints and archives as it is.
public enum ReportHTML {
    public static let mediaType = "text/html; charset=utf-8"

    public static func render(_ report: Report) -> String {
        let scope = report.scope == "all" ? "alle regio's (\(report.regions.joined(separator: ", ")))" : report.scope
        var html = """
            <!DOCTYPE html>
            <html lang="nl"><head><meta charset="utf-8"><title>Jaarverslag \(report.year) – \(escape(scope))</title>
            <style>
            body{font-family:sans-serif;margin:2em;color:#222;max-width:60em}
            table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #bbb;padding:.2em .5em}td.n{text-align:right}
            tr.total td{font-weight:bold}.rising{color:#1a7f37}.falling{color:#b42318}.missing{color:#b42318;font-style:italic}
            section{break-inside:avoid;page-break-inside:avoid;margin-bottom:2em}svg text{font-size:11px}
            @media print{body{margin:0}a{color:inherit}}
            </style></head><body>
            <h1>Jaarverslag \(report.year) naast \(report.previousYear)</h1>
            <p>Regio: \(escape(scope)).</p>
            \(closedNote(report))\(report.suppressBelow > 1 ? "<p>Cijfers van 1 tot \(report.suppressBelow - 1) zijn verborgen (&lt;\(report.suppressBelow)), en waar één verborgen cijfer uit het totaal af te leiden is, ook het kleinste cijfer ernaast.</p>\n" : "")<nav><ul>
            """
        for table in report.tables { html += "<li><a href=\"#\(escape(table.id))\">\(escape(table.title))</a></li>\n" }
        html += "</ul></nav>\n"
        for table in report.tables { html += section(table, report) }
        html += "</body></html>\n"
        return html
    }

    /// A closed year says when, by whom and from which versions; an open one that it is computed live.
    static func closedNote(_ report: Report) -> String {
        guard let closed = report.closed else {
            return "<p>Open jaar: berekend op het moment van opvragen.</p>\n"
        }
        let when = Date(timeIntervalSince1970: Double(closed.closedMilliseconds) / 1000).ISO8601Format()
        let versions = closed.versions.map { "\($0.service) \($0.region)/\($0.instance) \($0.version)" }.joined(separator: ", ")
        return "<p>Afgesloten op \(escape(when)) door \(escape(closed.closedBy)); versies: \(escape(versions)).</p>\n"
    }

    static func section(_ table: ReportTable, _ report: Report) -> String {
        var html = "<section id=\"\(escape(table.id))\"><h2>\(escape(table.title))</h2>\n"
        html += "<p><small>Bron: \(escape(table.source)); \(escape(table.measure)).</small></p>\n"
        if let missing = table.missing {
            return html + "<p class=\"missing\">Niet beschikbaar: \(escape(missing))</p></section>\n"
        }
        let ranked = table.rows.contains { $0.rank != nil }
        html += "<table><thead><tr>\(ranked ? "<th>#</th>" : "")<th>\(escape(table.dimension.isEmpty ? table.measure : table.dimension))</th>"
            + "<th>\(report.year)</th><th>\(report.previousYear)</th><th>verschil</th><th></th></tr></thead><tbody>\n"
        for row in table.rows { html += line(row, ranked: ranked, total: false, suppressBelow: report.suppressBelow) }
        if let total = table.total { html += line(total, ranked: ranked, total: true, suppressBelow: report.suppressBelow) }
        html += "</tbody></table>\n"
        // A chart of nothing but zeros says less than the table above it.
        guard table.rows.contains(where: { $0.current != 0 || $0.previous != 0 }) else { return html + "</section>\n" }
        switch table.chart {
        case .bars: html += bars(table.rows.filter { !$0.suppressed }, year: report.year)
        case .groupedBars: html += groupedBars(table.rows.filter { !$0.suppressed }, year: report.year, previousYear: report.previousYear)
        case .stackedShares: html += stackedShares(table.rows.filter { !$0.suppressed }, year: report.year, previousYear: report.previousYear)
        case .none: break
        }
        return html + "</section>\n"
    }

    static func line(_ row: ReportRow, ranked: Bool, total: Bool, suppressBelow: Int) -> String {
        let start = "<tr\(total ? " class=\"total\"" : "")>\(ranked ? "<td class=\"n\">\(row.rank.map(String.init) ?? "")</td>" : "")"
            + "<td>\(escape(row.label))</td>"
        if row.suppressed {
            return start + "<td class=\"n\">&lt;\(suppressBelow)</td><td class=\"n\">&lt;\(suppressBelow)</td><td></td><td></td></tr>\n"
        }
        let arrow = switch row.mark { case .rising: "▲"; case .falling: "▼"; case .equal: "=" }
        let difference = row.difference > 0 ? "+\(row.difference)" : "\(row.difference)"
        return start + "<td class=\"n\">\(row.current)</td><td class=\"n\">\(row.previous)</td>"
            + "<td class=\"n\">\(difference)</td><td class=\"\(row.mark.rawValue)\" title=\"\(row.mark.rawValue)\">\(arrow)</td></tr>\n"
    }

    static let labelWidth = 150
    static let barWidth = 400

    /// Horizontal bars of this year's figures, one per row.
    static func bars(_ rows: [ReportRow], year: Int) -> String {
        let largest = max(rows.map(\.current).max() ?? 0, 1)
        let height = rows.count * 18 + 10
        var svg = "<svg width=\"\(labelWidth + barWidth + 60)\" height=\"\(height)\" role=\"img\" "
            + "aria-label=\"\(year)\">\n"
        for (index, row) in rows.enumerated() {
            let y = 5 + index * 18
            let width = length(row.current, of: largest)
            svg += "<text x=\"\(labelWidth - 4)\" y=\"\(y + 12)\" text-anchor=\"end\">\(escape(row.label))</text>"
                + "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(width)\" height=\"14\" fill=\"#2f6f9f\"/>"
                + "<text x=\"\(labelWidth + width + 4)\" y=\"\(y + 12)\">\(row.current)</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Per row, this year's bar above the previous year's, with a legend.
    static func groupedBars(_ rows: [ReportRow], year: Int, previousYear: Int) -> String {
        let largest = max(rows.map { max($0.current, $0.previous) }.max() ?? 0, 1)
        let height = rows.count * 30 + 30
        var svg = "<svg width=\"\(labelWidth + barWidth + 60)\" height=\"\(height)\" role=\"img\" "
            + "aria-label=\"\(year) / \(previousYear)\">\n"
            + "<rect x=\"\(labelWidth)\" y=\"4\" width=\"10\" height=\"10\" fill=\"#2f6f9f\"/><text x=\"\(labelWidth + 14)\" y=\"13\">\(year)</text>"
            + "<rect x=\"\(labelWidth + 60)\" y=\"4\" width=\"10\" height=\"10\" fill=\"#a9c4d9\"/><text x=\"\(labelWidth + 74)\" y=\"13\">\(previousYear)</text>\n"
        for (index, row) in rows.enumerated() {
            let y = 24 + index * 30
            let current = length(row.current, of: largest)
            let previous = length(row.previous, of: largest)
            svg += "<text x=\"\(labelWidth - 4)\" y=\"\(y + 16)\" text-anchor=\"end\">\(escape(row.label))</text>"
                + "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(current)\" height=\"12\" fill=\"#2f6f9f\"/>"
                + "<text x=\"\(labelWidth + current + 4)\" y=\"\(y + 10)\">\(row.current)</text>"
                + "<rect x=\"\(labelWidth)\" y=\"\(y + 13)\" width=\"\(previous)\" height=\"12\" fill=\"#a9c4d9\"/>"
                + "<text x=\"\(labelWidth + previous + 4)\" y=\"\(y + 23)\">\(row.previous)</text>\n"
        }
        return svg + "</svg>\n"
    }

    static let palette = ["#2f6f9f", "#e0a030", "#5a9e5a", "#b0506a", "#7a6fb0", "#8c8c8c"]

    /// Per year one bar of the full width, split into each row's share of that year, with a legend of the shares.
    static func stackedShares(_ rows: [ReportRow], year: Int, previousYear: Int) -> String {
        let totals = (TableDeclaration.sum(rows.map(\.current)), TableDeclaration.sum(rows.map(\.previous)))
        var svg = "<svg width=\"\(labelWidth + barWidth + 60)\" height=\"\(64 + rows.count * 16)\" role=\"img\" aria-label=\"\(year) / \(previousYear)\">\n"
        for (line, (label, total, values)) in [(String(year), totals.0, rows.map(\.current)), (String(previousYear), totals.1, rows.map(\.previous))].enumerated() {
            let y = 4 + line * 22
            svg += "<text x=\"\(labelWidth - 4)\" y=\"\(y + 13)\" text-anchor=\"end\">\(label)</text>"
            var x = labelWidth
            for (index, value) in values.enumerated() where total > 0 && value > 0 {
                let width = length(value, of: total)
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(width)\" height=\"18\" fill=\"\(palette[index % palette.count])\"/>"
                x += width
            }
            svg += "\n"
        }
        for (index, row) in rows.enumerated() {
            let y = 52 + index * 16
            let shares = [(row.current, totals.0), (row.previous, totals.1)].map { value, total in
                total > 0 ? "\(Int((Double(value) / Double(total) * 100).rounded()))%" : "–"
            }
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y - 9)\" width=\"10\" height=\"10\" fill=\"\(palette[index % palette.count])\"/>"
                + "<text x=\"\(labelWidth + 14)\" y=\"\(y)\">\(escape(row.label)): \(shares[0]) (\(previousYear): \(shares[1]))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// A bar's length in pixels, proportional to the largest value of its chart.
    static func length(_ value: Int64, of largest: Int64) -> Int {
        Int((Double(max(value, 0)) / Double(largest) * Double(barWidth)).rounded())
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
