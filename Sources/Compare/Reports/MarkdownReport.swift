/// `--format md`: a summary table per group and the missing items per municipality, fit for
/// an issue tracker or a report appendix.
enum MarkdownReport {
    static func render(_ matrix: CoverageMatrix) -> String {
        var out = "# plancov coverage: \(matrix.catalog.name) \(matrix.catalog.version)\n\n"
        out += "Legend: " + CellStatus.allCases.map { "\($0.symbol) \($0.rawValue) (\($0.japanese))" }.joined(separator: ", ") + "\n\n"
        let groups = orderedGroups(matrix)
        out += "## Summary (named items / items per group)\n\n"
        out += "| municipality | " + groups.map { escape($0) }.joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---:|", count: groups.count) + "\n"
        for (m, municipality) in matrix.municipalities.enumerated() {
            let counts = groups.map { group -> String in
                let items = matrix.items.indices.filter { matrix.items[$0].group == group }
                let named = items.filter { [.listed, .mentioned].contains(matrix.cell(m, $0).status) }.count
                return "\(named)/\(items.count)"
            }
            out += "| \(escape(municipality.name)) (\(municipality.code)) | " + counts.joined(separator: " | ") + " |\n"
        }
        for group in groups {
            out += "\n## \(escape(group))\n\n"
            out += "| item | " + matrix.municipalities.map { escape($0.name) }.joined(separator: " | ") + " |\n"
            out += "|---|" + String(repeating: ":---:|", count: matrix.municipalities.count) + "\n"
            for (i, item) in matrix.items.enumerated() where item.group == group {
                out += "| \(escape(item.name)) | " + matrix.municipalities.indices.map { matrix.cell($0, i).status.symbol }.joined(separator: " | ") + " |\n"
            }
        }
        out += "\n## Missing items\n"
        for (m, municipality) in matrix.municipalities.enumerated() {
            out += "\n### \(escape(municipality.name)) (\(municipality.code))\n\n"
            let missing = matrix.items.indices.filter { [.absent, .group].contains(matrix.cell(m, $0).status) }
            if missing.isEmpty { out += "Nothing missing.\n"; continue }
            for group in groups {
                let names = missing.filter { matrix.items[$0].group == group }
                guard !names.isEmpty else { continue }
                out += "- **\(escape(group))** (\(names.count)): " + names.map {
                    escape(matrix.items[$0].name) + (matrix.cell(m, $0).status == .group ? " △" : "")
                }.joined(separator: "、") + "\n"
            }
        }
        if !matrix.errors.isEmpty {
            out += "\n## Files that could not be read\n\n"
            for error in matrix.errors { out += "- `\(error.document)`: \(escape(error.message))\n" }
        }
        return out
    }

    static func orderedGroups(_ matrix: CoverageMatrix) -> [String] {
        var seen = Set<String>()
        return matrix.items.map(\.group).filter { seen.insert($0).inserted }
    }

    /// Plan text must not break the table or inject markup.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|", "\\", "*", "_", "`", "<", ">", "[", "]": out += "\\\(character)"
            case "\n", "\r", "\t": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
