import Compare
/// `--format md`: a summary table per group and the missing items per municipality, fit for
/// an issue tracker or a report appendix.
enum MarkdownReport {
    static func render(_ matrix: CoverageMatrix) -> String {
        var out = "# plancov coverage: \(matrix.catalog.name) \(matrix.catalog.version)\n\n"
        out += "Legend: " + CellStatus.allCases.map { "\($0.symbol) \($0.rawValue) (\($0.japanese))" }.joined(separator: ", ") + "\n\n"
        let summary = ReportSummary(matrix)
        let groups = orderedGroups(matrix)
        out += "## Summary (named items / items per group)\n\n"
        out += "Named = listed (●) or mentioned (○). 記載率 = named ÷ the group's items.\n\n"
        out += "| municipality | " + summary.groups.map { escape($0.name) }.joined(separator: " | ") + " | total |\n"
        out += "|---|" + String(repeating: "---:|", count: summary.groups.count + 1) + "\n"
        for (m, municipality) in matrix.municipalities.enumerated() {
            let counts = summary.groups.map { summary.counts(municipality: m, group: $0).fraction }
            out += "| \(escape(municipality.name)) (\(escape(municipality.code))) | "
                + counts.joined(separator: " | ") + " | \(summary.total(municipality: m).fraction) |\n"
        }
        out += prefectureSection(summary)
        if matrix.municipalities.contains(where: { $0.listVersion != nil }) {
            out += "\n## Lists each plan is judged against\n\n"
            out += "The national lists in force at the plan's date (`--as-of` when given); items added later are 未 (not-in-force), not missing.\n\n"
            out += "| municipality | plan date | judged at | lists |\n|---|---|---|---|\n"
            for municipality in matrix.municipalities {
                out += "| \(escape(municipality.name)) (\(escape(municipality.code))) | \(escape(municipality.dateAsWritten ?? "—")) | "
                    + "\(municipality.asOf ?? "—") | \(escape(municipality.listVersion ?? "—")) |\n"
            }
        }
        for group in groups {
            out += "\n## \(escape(group))\n\n"
            out += "| item | " + matrix.municipalities.map { escape($0.name) }.joined(separator: " | ") + " |\n"
            out += "|---|" + String(repeating: ":---:|", count: matrix.municipalities.count) + "\n"
            for (i, item) in matrix.items.enumerated() where item.group == group {
                out += "| \(escape(item.name)) | " + matrix.municipalities.indices.map { matrix.status($0, i).symbol }.joined(separator: " | ") + " |\n"
            }
        }
        out += "\n## Missing items\n"
        for (m, municipality) in matrix.municipalities.enumerated() {
            out += "\n### \(escape(municipality.name)) (\(municipality.code))\n\n"
            let missing = summary.missing(municipality: m)
            if missing.isEmpty { out += "Nothing missing.\n"; continue }
            out += "\(missing.count) of \(summary.total(municipality: m).total) items not named (△ = only the whole group is referred to).\n\n"
            for group in groups {
                let names = missing.filter { matrix.items[$0].group == group }
                guard !names.isEmpty else { continue }
                out += "- **\(escape(group))** (\(names.count)): " + names.map {
                    escape(matrix.items[$0].name) + (matrix.status(m, $0) == .group ? " △" : "")
                }.joined(separator: "、") + "\n"
            }
        }
        if !matrix.errors.isEmpty {
            out += "\n## Files that could not be read\n\n"
            for error in matrix.errors { out += "- `\(error.document)`: \(escape(error.message))\n" }
        }
        if !matrix.warnings.isEmpty {
            out += "\n## Files read with a warning\n\n"
            for warning in matrix.warnings { out += "- `\(warning.document)`: \(escape(warning.message))\n" }
        }
        return out
    }

    /// The summary per prefecture (`PrefectureSummary`): its plans against the 市区町村 it has,
    /// and the named items per group pooled over its plans.
    static func prefectureSection(_ summary: ReportSummary) -> String {
        let prefectures = PrefectureSummary(summary, roster: Roster.national, allPrefectures: false)
        var out = "\n## By prefecture (named items / items per group, pooled over its plans)\n\n"
        out += "Plans = municipalities with a plan in the batch, of the prefecture's 市区町村 (国土数値情報 2025).\n\n"
        out += "| prefecture | plans | " + summary.groups.map { escape($0.name) }.joined(separator: " | ") + " | total |\n"
        out += "|---|---:|" + String(repeating: "---:|", count: summary.groups.count + 1) + "\n"
        for prefecture in prefectures.prefectures {
            let label = prefecture.code.isEmpty ? prefecture.name : "\(prefecture.name) (\(prefecture.code))"
            let plans = prefecture.registered.isEmpty ? "\(prefecture.rows.count)" : "\(prefecture.rows.count) / \(prefecture.registered.count)"
            out += "| \(escape(label)) | \(plans) | " + prefecture.counts.map(\.fraction).joined(separator: " | ")
                + " | \(prefecture.total.fraction) |\n"
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
