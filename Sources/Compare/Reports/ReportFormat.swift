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

extension CellStatus {
    /// One-character marks for tables, and their Japanese legend.
    public var symbol: String {
        switch self {
        case .listed: return "●"
        case .mentioned: return "○"
        case .group: return "△"
        case .absent: return "-"
        }
    }

    /// The word used in Japanese reports.
    public var japanese: String {
        switch self {
        case .listed: return "掲載"
        case .mentioned: return "言及"
        case .group: return "一括言及"
        case .absent: return "記載なし"
        }
    }

    public static var legend: String {
        allCases.map { "\($0.symbol) \($0.rawValue) (\($0.japanese))" }.joined(separator: "  ")
    }
}

/// Writes `data` to `path` atomically: a temporary file in the same folder, renamed into
/// place, so that a crash or an interrupt never leaves half a report.
public func writeAtomically(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).plancov-\(getpid()).tmp")
    // Registered while it exists, so that SIGINT or SIGTERM deletes it (see TemporaryFiles).
    try TemporaryFiles.with(temporary.path) { try writeTemporaryAndRename(data, temporary: temporary, to: url, path: path) }
}

private func writeTemporaryAndRename(_ data: Data, temporary: URL, to url: URL, path: String) throws {
    do {
        try data.write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw error
    }
}
