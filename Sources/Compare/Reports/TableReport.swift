import CICU

/// `--format table`: the matrix for a terminal, columns aligned by display width (ICU's
/// East_Asian_Width: 漢字 take two columns). With many municipalities the matrix would not
/// fit, so it becomes a per-group summary.
enum TableReport {
    static let maxMatrixColumns = 12

    static func render(_ matrix: CoverageMatrix, color: Bool) -> String {
        matrix.municipalities.count <= maxMatrixColumns ? renderMatrix(matrix, color: color) : renderSummary(matrix)
    }

    static func renderMatrix(_ matrix: CoverageMatrix, color: Bool) -> String {
        let header = ["item"] + matrix.municipalities.map(\.name)
        var rows = [[String]]()
        var groupOfRow = [String?]()
        var lastGroup: String?
        for (i, item) in matrix.items.enumerated() {
            if item.group != lastGroup {
                rows.append(["【\(item.group)】"] + matrix.municipalities.map { _ in "" })
                groupOfRow.append(item.group)
                lastGroup = item.group
            }
            rows.append([item.name] + matrix.municipalities.indices.map { matrix.cell($0, i).status.symbol })
            groupOfRow.append(nil)
        }
        let nameWidth = min(40, ([header] + rows).map { displayWidth($0[0]) }.max() ?? 0)
        let columnWidths = header.dropFirst().map { max(displayWidth($0), 2) }
        var out = line([pad(truncate(header[0], nameWidth), nameWidth)] + zip(header.dropFirst(), columnWidths).map { pad($0, $1) })
        out += String(repeating: "─", count: nameWidth + columnWidths.reduce(0) { $0 + $1 + 2 }) + "\n"
        for row in rows {
            var cells = [pad(truncate(row[0], nameWidth), nameWidth)]
            for (value, width) in zip(row.dropFirst(), columnWidths) {
                cells.append(colored(center(value, width), status: value, enabled: color))
            }
            out += line(cells)
        }
        out += "\n" + CellStatus.legend + "\n"
        return out + errorsSection(matrix)
    }

    static func renderSummary(_ matrix: CoverageMatrix) -> String {
        let groups = MarkdownReport.orderedGroups(matrix)
        let header = ["municipality"] + groups
        var rows = [[String]]()
        for (m, municipality) in matrix.municipalities.enumerated() {
            rows.append(["\(municipality.name) (\(municipality.code))"] + groups.map { group in
                let items = matrix.items.indices.filter { matrix.items[$0].group == group }
                let named = items.filter { [.listed, .mentioned].contains(matrix.cell(m, $0).status) }.count
                return "\(named)/\(items.count)"
            })
        }
        let widths = header.indices.map { column in ([header] + rows).map { displayWidth($0[column]) }.max() ?? 0 }
        var out = line(zip(header, widths).map { pad($0, $1) })
        for row in rows { out += line(zip(row, widths).map { pad($0, $1) }) }
        out += "\n(named items / items per group; \(matrix.municipalities.count) municipalities)\n"
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
        case .absent: code = "90"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
