import Compare
import Foundation

/// The report formats of `plancov compare`. Every one is made from the same `CoverageMatrix`,
/// so they agree cell for cell.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, json, csv, md, html, xlsx

    /// The format a file name asks for (`report.json`, `matrix.csv`, `summary.md`,
    /// `report.html`, `matrix.xlsx`).
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "json": self = .json
        case "csv": self = .csv
        case "md", "markdown": self = .md
        case "txt": self = .table
        case "html", "htm": self = .html
        case "xlsx": self = .xlsx
        default: return nil
        }
    }

    public func render(_ matrix: CoverageMatrix, options: RenderOptions = .init()) throws -> Data {
        switch self {
        case .json: return try JSONReport.render(matrix)
        case .csv: return CSVReport.render(matrix)
        case .md: return Data(MarkdownReport.render(matrix).utf8)
        case .table: return Data(TableReport.render(matrix, color: options.color).utf8)
        case .html: return try HTMLReport.render(matrix)
        case .xlsx: return try XLSXReport.render(matrix)
        }
    }
}

public struct RenderOptions: Sendable {
    /// ANSI colours in the terminal table (on a TTY without NO_COLOR only).
    public var color: Bool
    public init(color: Bool = false) { self.color = color }
}

extension ReportFormat {
    /// Renders `matrix` into the file at `path`, atomically. The JSON report is written part by
    /// part while its threads render the next ones (see `JSONReport.stream`).
    ///
    /// HTML of more than `HTMLSite.singlePageLimit` municipalities is a site: `path` is its entry
    /// page and the folder beside it, named after it, holds the pages it links to (see
    /// `HTMLSite`); a smaller batch gets one page, and a site an earlier run left there is deleted.
    public func write(_ matrix: CoverageMatrix, to path: String) throws {
        switch self {
        case .json:
            try writeAtomically(to: path) { write in
                try JSONReport.stream(matrix) { part in try write(part.bytes) }
            }
        case .html where HTMLSite.isSite(matrix, path: path):
            try HTMLSite.write(matrix, to: path)
        case .html:
            try writeAtomically(render(matrix), to: path)
            HTMLSite.removeStaleSite(besides: path)
        default:
            try writeAtomically(render(matrix), to: path)
        }
    }
}
