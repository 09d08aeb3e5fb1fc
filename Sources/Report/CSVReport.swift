import Compare
import Foundation

/// `--format csv`: the matrix as a spreadsheet, items down, municipalities across, one status
/// word per cell. UTF-8 with a byte-order mark, CRLF line ends: what Excel needs to open
/// Japanese text without mojibake.
enum CSVReport {
    static func render(_ matrix: CoverageMatrix) -> Data {
        var rows = [["id", "name", "category", "group"] + matrix.municipalities.map { "\($0.name) (\($0.code))" }]
        for (i, item) in matrix.items.enumerated() {
            rows.append([item.id, item.name, item.category, item.group]
                + matrix.municipalities.indices.map { matrix.status($0, i).rawValue })
        }
        let text = rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    }

    static func field(_ value: String) -> String {
        // Quote when needed; a leading = + - @ is neutralized so a spreadsheet never runs it.
        var value = value
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
