import CICU
import Compare

/// `--format table`: the matrix for a terminal, columns aligned by display width (ICU's
/// East_Asian_Width: 漢字 take two columns), one symbol per cell and the legend below. Each
/// group's heading row carries the named items of the group per municipality (listed +
/// mentioned / items), and a last row the totals. Colour (status symbols) only when the
/// caller allows it: on a TTY and never with NO_COLOR. With many municipalities the matrix
/// would not fit, so it becomes a summary per group: one row per prefecture (its plans pooled,
/// as `PrefectureSummary` counts), or one per municipality when they are all of one prefecture.
enum TableReport {
    static let maxMatrixColumns = 12

    static func render(_ matrix: CoverageMatrix, color: Bool) -> String {
        if matrix.municipalities.count <= maxMatrixColumns { return renderMatrix(matrix, color: color) }
        let summary = ReportSummary(matrix)
        let prefectures = PrefectureSummary(summary, roster: nil, allPrefectures: false)
        return prefectures.prefectures.count > 1 ? renderPrefectures(prefectures, summary) : renderSummary(matrix)
    }

    static func renderMatrix(_ matrix: CoverageMatrix, color: Bool) -> String {
        let summary = ReportSummary(matrix)
        let header = ["item"] + matrix.municipalities.map(\.name)
        var rows = [[String]]()
        for group in summary.groups {
            rows.append(["【\(group.name)】"] + matrix.municipalities.indices.map {
                let counts = summary.counts(municipality: $0, group: group)
                return "\(counts.named)/\(counts.total)"
            })
            for i in group.items {
                rows.append([matrix.items[i].name] + matrix.municipalities.indices.map { matrix.status($0, i).symbol })
            }
        }
        rows.append(["named / items"] + matrix.municipalities.indices.map {
            let counts = summary.total(municipality: $0)
            return "\(counts.named)/\(counts.total)"
        })
        let nameWidth = min(40, ([header] + rows).map { displayWidth($0[0]) }.max() ?? 0)
        let columnWidths = header.indices.dropFirst().map { column in ([header] + rows).map { displayWidth($0[column]) }.max() ?? 2 }
        var out = line([pad(truncate(header[0], nameWidth), nameWidth)] + zip(header.dropFirst(), columnWidths).map { center($0, $1) })
        out += String(repeating: "─", count: nameWidth + columnWidths.reduce(0) { $0 + $1 + 2 }) + "\n"
        for row in rows {
            var cells = [pad(truncate(row[0], nameWidth), nameWidth)]
            for (value, width) in zip(row.dropFirst(), columnWidths) {
                cells.append(colored(center(value, width), status: value, enabled: color))
            }
            out += line(cells)
        }
        out += "\n" + CellStatus.legend + "\n"
        out += "【group】 and last row: named items (listed + mentioned) / items, per municipality\n"
        return out + errorsSection(matrix)
    }

    static func renderSummary(_ matrix: CoverageMatrix) -> String {
        let summary = ReportSummary(matrix)
        let header = ["municipality"] + summary.groups.map(\.name) + ["total"]
        var rows = [[String]]()
        for (m, municipality) in matrix.municipalities.enumerated() {
            rows.append(["\(municipality.name) (\(municipality.code))"]
                        + summary.groups.map { summary.counts(municipality: m, group: $0).fraction }
                        + [summary.total(municipality: m).fraction])
        }
        let widths = header.indices.map { column in ([header] + rows).map { displayWidth($0[column]) }.max() ?? 0 }
        var out = line(zip(header, widths).map { pad($0, $1) })
        for row in rows { out += line(zip(row, widths).map { pad($0, $1) }) }
        out += "\n(named items / items per group; \(matrix.municipalities.count) municipalities)\n"
        return out + errorsSection(matrix)
    }

    static func renderPrefectures(_ prefectures: PrefectureSummary, _ summary: ReportSummary) -> String {
        let matrix = summary.matrix
        let header = ["prefecture", "plans"] + summary.groups.map(\.name) + ["total"]
        var rows = [[String]]()
        for prefecture in prefectures.prefectures {
            rows.append([prefecture.code.isEmpty ? prefecture.name : "\(prefecture.name) (\(prefecture.code))", String(prefecture.rows.count)]
                        + prefecture.counts.map(\.fraction) + [prefecture.total.fraction])
        }
        let widths = header.indices.map { column in ([header] + rows).map { displayWidth($0[column]) }.max() ?? 0 }
        var out = line(zip(header, widths).map { pad($0, $1) })
        for row in rows { out += line(zip(row, widths).map { pad($0, $1) }) }
        out += "\n(named items / items per group, pooled over each prefecture's plans; \(matrix.municipalities.count) municipalities "
            + "in \(prefectures.prefectures.count) prefectures: --prefecture NAME for one, or --format md / html for each municipality)\n"
        return out + errorsSection(matrix)
    }

    static func errorsSection(_ matrix: CoverageMatrix) -> String {
        guard !matrix.errors.isEmpty else { return "" }
        return "\nnot read (\(matrix.errors.count)):\n" + matrix.errors.map { "  \($0.document): \($0.message)\n" }.joined()
    }

    static func line(_ cells: [String]) -> String {
        var text = cells.joined(separator: "  ")
        while text.hasSuffix(" ") { text.removeLast() }
        return text + "\n"
    }

    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + Int(plancov_column_width($1.value)) }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - displayWidth(text)))
    }

    static func center(_ text: String, _ width: Int) -> String {
        let space = max(0, width - displayWidth(text))
        return String(repeating: " ", count: space / 2) + text + String(repeating: " ", count: space - space / 2)
    }

    static func truncate(_ text: String, _ width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        var out = "", used = 0
        for scalar in text.unicodeScalars {
            let w = Int(plancov_column_width(scalar.value))
            if used + w > width - 1 { break }
            out.unicodeScalars.append(scalar)
            used += w
        }
        return out + "…"
    }

    static func colored(_ text: String, status symbol: String, enabled: Bool) -> String {
        guard enabled, let status = CellStatus.allCases.first(where: { $0.symbol == symbol }) else { return text }
        let code: String
        switch status {
        case .listed: code = "32"
        case .mentioned: code = "36"
        case .group: code = "33"
        case .absent, .notInForce: code = "90"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
