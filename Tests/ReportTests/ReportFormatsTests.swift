import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation
@testable import Compare
@testable import Report

/// A small DOM from Foundation's XMLParser: enough to walk a report's elements.
final class XMLTree: NSObject, XMLParserDelegate {
    final class Node {
        let name: String
        let attributes: [String: String]
        var children = [Node]()
        var pieces = [Piece]()
        enum Piece { case text(String), child(Node) }
        init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }

        /// The text content, descendants included.
        var text: String {
            pieces.map { piece in
                switch piece {
                case .text(let text): return text
                case .child(let node): return node.text
                }
            }.joined()
        }

        /// Every descendant element named `name`, in document order.
        func all(_ name: String) -> [Node] {
            children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) }
        }
    }

    private var stack = [Node]()
    private var root: Node?

    static func parse(_ data: Data) throws -> Node {
        let parser = XMLParser(data: data)
        let tree = XMLTree()
        parser.delegate = tree
        guard parser.parse(), let root = tree.root else {
            throw parser.parserError ?? CocoaError(.fileReadCorruptFile)
        }
        return root
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let node = Node(name: elementName, attributes: attributes)
        if let parent = stack.last { parent.children.append(node); parent.pieces.append(.child(node)) } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.pieces.append(.text(string))
    }
}

/// The reports people read (HTML, XLSX, CSV, Markdown) say what the JSON says, cell for cell,
/// and no text from a plan can become markup in them.
struct ReportFormatsTests {
    var matrix: CoverageMatrix { CorpusMatrix.matrix }

    // MARK: - Plan text cannot break or inject

    /// A matrix whose every text is hostile: markup, ampersands, quotes, a form feed.
    static let hostile: CoverageMatrix = {
        let json = #"""
        {"schema": "plancov.coverage/1", "catalog": {"name": "c&<b>", "version": "1"},
         "municipalities": [{"code": "999999", "name": "<script>alert(1)</script>市", "prefecture": "\"県\" & <i>", "documents": ["plans/<x>&y.txt"],
                             "kana": null, "prefecture_code": null, "kind": null, "identified_by": "file name",
                             "identification": [{"document": "plans/<x>&y.txt", "by": "file name"}]}],
         "items": [{"id": "procedure.x.1", "name": "A&B \"<児童手当>\"", "category": "procedure", "group": "子育て</th>"},
                   {"id": "procedure.x.2", "name": "罹災証明", "category": "procedure", "group": "被災者支援"}],
         "categories": [{"id": "procedure", "name": "<b>手続</b> & \"co\""}],
         "groups": [{"name": "子育て</th>", "category": "procedure"}, {"name": "被災者支援", "category": "procedure"}],
         "cells": [{"municipality": "999999", "item": "procedure.x.1", "status": "listed",
                    "evidence": [{"document": "plans/<x>&y.txt", "line": 3, "page": 2,
                                  "section": ["1 <img src=x onerror=alert(1)>", "(1) A & B"], "topics": ["procedure"],
                                  "excerpt": "前</td></tr><script>alert(\"x\")</script>&amp; A&B \"<児童手当>\"\u000C後",
                                  "matched": "A&B \"<児童手当>\"", "match": "fuzzy", "score": 0.9, "alias": "<b>alias</b>"}]},
                   {"municipality": "999999", "item": "procedure.x.2", "status": "absent", "evidence": []}],
         "errors": [{"document": "bad</style>.pdf", "message": "<!-- not read -->"}],
         "warnings": [{"document": "plans/<x>&y.txt", "message": "<b>ambiguous</b>"}]}
        """#
        return try! JSONDecoder().decode(CoverageMatrix.self, from: Data(json.utf8))
    }()

    @Test func planTextWithScriptAndAmpersandCannotInjectIntoTheHTMLReport() throws {
        let data = try HTMLReport.render(Self.hostile)
        let html = String(decoding: data, as: UTF8.self)
        // The page is well-formed XML: nothing from the plan opened or closed an element.
        let root = try XMLTree.parse(data)
        #expect(root.name == "html")
        #expect(root.attributes["lang"] == "ja")
        #expect(root.all("script").count == 1, "only the report's own script")
        #expect(root.all("img").isEmpty && root.all("i").isEmpty && root.all("x").isEmpty)
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;市"))
        #expect(html.contains("A&amp;B"))
        #expect(html.contains("&lt;b&gt;手続&lt;/b&gt; &amp;"), "a catalog's category name is text too")
        // The excerpt comes back exactly (less the form feed XML cannot carry), with the
        // matched words in <mark>.
        let excerpt = try #require(root.all("blockquote").first)
        #expect(excerpt.text == "前</td></tr><script>alert(\"x\")</script>&amp; A&B \"<児童手当>\"後")
        #expect(excerpt.all("mark").map(\.text) == ["A&B \"<児童手当>\""])
        let cell = try #require(root.all("details").first)
        #expect(cell.attributes["id"] == "e-999999-procedure.x.1")
        #expect(root.all("dd").map(\.text).contains("1 <img src=x onerror=alert(1)> › (1) A & B"))
        #expect(root.all("code").map(\.text) == ["bad</style>.pdf"])
        // Nothing external: no src, no href outside the page, no url().
        #expect(root.all("a").allSatisfy { $0.attributes["href"]?.hasPrefix("#") == true })
        #expect(!html.contains("src=\"") && !html.contains("url("))
    }

    @Test func planTextCannotBreakTheWorkbook() throws {
        let parts = try Self.unzip(XLSXReport.render(Self.hostile))
        for (path, data) in parts where path.hasSuffix(".xml") || path.hasSuffix(".rels") {
            #expect((try? XMLTree.parse(data)) != nil, "\(path) is well-formed")
        }
        let evidence = try XMLTree.parse(#require(parts["xl/worksheets/sheet2.xml"]))
        let texts = evidence.all("t").map(\.text)
        #expect(texts.contains("前</td></tr><script>alert(\"x\")</script>&amp; A&B \"<児童手当>\"後"))
        #expect(evidence.all("f").isEmpty, "no formulas")
    }

    @Test func theMarkdownEscapesPlanText() {
        let markdown = MarkdownReport.render(Self.hostile)
        #expect(!markdown.contains("<script>"))
        #expect(markdown.contains("\\<script\\>"))
    }

    // MARK: - Every report agrees with the JSON, cell for cell

    /// (municipality code, item id) → status word, from the JSON report.
    func jsonCells() throws -> [String: String] {
        let object = try #require(try JSONSerialization.jsonObject(with: JSONReport.render(matrix)) as? [String: Any])
        let cells = try #require(object["cells"] as? [[String: Any]])
        var result = [String: String]()
        for cell in cells { result["\(cell["municipality"]!)|\(cell["item"]!)"] = cell["status"] as? String }
        #expect(result.count == matrix.municipalities.count * matrix.items.count)
        return result
    }

    static func status(fromSymbolOrWord text: String) -> String? {
        CellStatus.allCases.first { text == $0.symbol || text == $0.japanese || text == "\($0.symbol) \($0.japanese)" || text == $0.rawValue }?.rawValue
    }

    @Test func theHTMLAgreesWithTheJSON() throws {
        let expected = try jsonCells()
        let root = try XMLTree.parse(HTMLReport.render(matrix))
        var found = [String: String]()
        for row in root.all("tr") where row.attributes["data-item"] != nil {
            for cell in row.children where cell.name == "td" {
                found["\(cell.attributes["data-m"]!)|\(row.attributes["data-item"]!)"] = cell.attributes["data-status"]
            }
        }
        #expect(found == expected)
        // Every cell that is not absent (or not yet in force) opens its evidence, and every evidence is there.
        let details = root.all("details")
        #expect(details.count == matrix.cells.filter { ($0.status != .absent && $0.status != .notInForce) || !$0.evidence.isEmpty }.count)
        #expect(root.all("blockquote").count == matrix.cells.reduce(0) { $0 + $1.evidence.count })
        #expect(root.all("mark").count == matrix.cells.flatMap(\.evidence).filter { $0.excerpt.contains($0.matched) }.count)
        let headers = root.all("thead").flatMap { $0.all("th") }.filter { $0.attributes["data-col"] != nil }
        #expect(headers.map { $0.all("small").first?.text } == matrix.municipalities.map { "\($0.prefecture!) \($0.code)" })
    }

    @Test func theWorkbookAgreesWithTheJSON() throws {
        let expected = try jsonCells()
        let parts = try Self.unzip(XLSXReport.render(matrix))
        let rows = try Self.sheetRows(#require(parts["xl/worksheets/sheet1.xml"]))
        let header = try #require(rows.first)
        #expect(Array(header.prefix(4)) == ["分類", "グループ", "項目ID", "項目名"])
        let codes = header.dropFirst(4).map { String($0.split(whereSeparator: \.isNewline).last!) }
        #expect(codes == matrix.municipalities.map(\.code))
        var found = [String: String]()
        for row in rows.dropFirst() {
            for (code, value) in zip(codes, row.dropFirst(4)) { found["\(code)|\(row[2])"] = Self.status(fromSymbolOrWord: value) }
        }
        #expect(found == expected)
        // One row per evidence; one row per missing item.
        let evidenceRows = try Self.sheetRows(#require(parts["xl/worksheets/sheet2.xml"]))
        #expect(evidenceRows.count == 1 + matrix.cells.reduce(0) { $0 + $1.evidence.count })
        let missingRows = try Self.sheetRows(#require(parts["xl/worksheets/sheet3.xml"]))
        #expect(missingRows.count == 1 + matrix.cells.filter { $0.status == .absent || $0.status == .group }.count)
    }

    @Test func theCSVAgreesWithTheJSON() throws {
        let expected = try jsonCells()
        let text = String(decoding: CSVReport.render(matrix).dropFirst(3), as: UTF8.self)
        let rows = Self.parseCSV(text)
        let codes = rows[0].dropFirst(4).map { String($0.split(separator: "(").last!.dropLast()) }
        #expect(codes == matrix.municipalities.map(\.code))
        var found = [String: String]()
        for row in rows.dropFirst() { for (code, value) in zip(codes, row.dropFirst(4)) { found["\(code)|\(row[0])"] = value } }
        #expect(found == expected)
    }

    @Test func theMarkdownAgreesWithTheJSON() throws {
        let expected = try jsonCells()
        let itemByName = Dictionary(uniqueKeysWithValues: matrix.items.map { (MarkdownReport.escape($0.name), $0.id) })
        let codeByName = Dictionary(uniqueKeysWithValues: matrix.municipalities.map { (MarkdownReport.escape($0.name), $0.code) })
        var found = [String: String]()
        var columns = [String]()
        for line in MarkdownReport.render(matrix).split(separator: "\n") where line.hasPrefix("| ") {
            let fields = line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
            if fields[0] == "item" { columns = fields.dropFirst().map { codeByName[$0]! }; continue }
            guard let item = itemByName[fields[0]], !columns.isEmpty else { continue }
            for (code, symbol) in zip(columns, fields.dropFirst()) { found["\(code)|\(item)"] = Self.status(fromSymbolOrWord: symbol) }
        }
        #expect(found == expected)
    }

    @Test func theTerminalTableAgreesWithTheJSON() throws {
        let expected = try jsonCells()
        // Item rows are the lines ending in one status symbol per municipality, in the order
        // of the report's groups (names may be truncated with …, so rows are matched by order).
        let symbols = Set(CellStatus.allCases.map(\.symbol))
        let rows = TableReport.render(matrix, color: false).split(separator: "\n").compactMap { line -> [String]? in
            let fields = line.split(separator: " ").map(String.init)
            let cells = Array(fields.suffix(matrix.municipalities.count))
            return fields.count > cells.count && cells.allSatisfy(symbols.contains) ? cells : nil
        }
        let items = ReportSummary(matrix).groups.flatMap(\.items)
        #expect(rows.count == items.count)
        var found = [String: String]()
        for (i, row) in zip(items, rows) {
            for (municipality, symbol) in zip(matrix.municipalities, row) {
                found["\(municipality.code)|\(matrix.items[i].id)"] = Self.status(fromSymbolOrWord: symbol)
            }
        }
        #expect(found == expected)
    }

    @Test func theTerminalTableAlignsByDisplayWidthAndColoursOnlyWhenAsked() {
        let plain = TableReport.render(matrix, color: false)
        let lines = plain.split(separator: "\n").filter { $0.hasSuffix("●") || $0.hasSuffix("○") || $0.hasSuffix("△") || $0.hasSuffix("-") }
        let widths = Set(lines.map { TableReport.displayWidth(String($0)) })
        #expect(widths.count == 1, "every item row ends at the same column: \(widths)")
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.contains(CellStatus.legend))
        #expect(TableReport.render(matrix, color: true).contains("\u{1B}[32m"))
    }

    // MARK: - The workbook is a real one

    @Test func theWorkbookIsAZipWithTheExpectedParts() throws {
        let data = try XLSXReport.render(matrix)
        #expect(data.prefix(2) == Data("PK".utf8))
        let parts = try Self.unzip(data)
        #expect(Set(parts.keys) == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                    "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml",
                                    "xl/worksheets/sheet5.xml", "xl/worksheets/_rels/sheet5.xml.rels", "xl/drawings/drawing1.xml",
                                    "xl/drawings/_rels/drawing1.xml.rels", "xl/charts/chart1.xml"])
        let workbook = try XMLTree.parse(#require(parts["xl/workbook.xml"]))
        #expect(workbook.all("sheet").map { $0.attributes["name"] } == ["網羅状況", "根拠", "未記載", "集計", "都道府県別"])
        let types = try XMLTree.parse(#require(parts["[Content_Types].xml"]))
        #expect(types.all("Override").compactMap { $0.attributes["PartName"] }.count == 9)
        // Header row and the four item columns frozen; status fills.
        let sheet = try XMLTree.parse(#require(parts["xl/worksheets/sheet1.xml"]))
        let pane = try #require(sheet.all("pane").first)
        #expect(pane.attributes["state"] == "frozen" && pane.attributes["xSplit"] == "4" && pane.attributes["ySplit"] == "1")
        let styles = try XMLTree.parse(#require(parts["xl/styles.xml"]))
        let xfs = try #require(styles.all("cellXfs").first).children.filter { $0.name == "xf" }
        for status in CellStatus.allCases {
            #expect(xfs[XLSXReport.Style.of(status).rawValue].attributes["applyFill"] == "1")
        }
        // The same matrix gives the same bytes.
        #expect(try XLSXReport.render(matrix) == data)
    }

    /// LibreOffice opens the workbook and its matrix sheet, exported as CSV, equals the JSON.
    /// Skipped where LibreOffice Calc is not installed (`apt-get install libreoffice-calc-nogui`).
    @Test(.enabled(if: ReportFormatsTests.soffice != nil, "LibreOffice (soffice) is not installed"))
    func libreOfficeReadsTheWorkbookAsTheJSONSays() throws {
        let expected = try jsonCells()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let workbook = directory.appendingPathComponent("matrix.xlsx")
        try XLSXReport.render(matrix).write(to: workbook)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReportFormatsTests.soffice!)
        process.arguments = ["-env:UserInstallation=file://\(directory.path)/profile", "--headless",
                             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                             "--outdir", directory.path, workbook.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let csv = try String(contentsOf: directory.appendingPathComponent("matrix.csv"), encoding: .utf8)
        let rows = Self.parseCSV(csv)
        let codes = rows[0].dropFirst(4).map { String($0.split(whereSeparator: \.isNewline).last!) }
        #expect(codes == matrix.municipalities.map(\.code))
        var found = [String: String]()
        for row in rows.dropFirst() where row.count > 4 {
            for (code, value) in zip(codes, row.dropFirst(4)) { found["\(code)|\(row[2])"] = Self.status(fromSymbolOrWord: value) }
        }
        #expect(found == expected)
    }

    /// LibreOffice with Calc: Writer alone (installed to make document fixtures) cannot open
    /// a workbook, so the test needs Calc's library beside the program.
    static let soffice: String? = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/lib/libreoffice/program/soffice"]
        .first { path in
            let program = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
            return FileManager.default.isExecutableFile(atPath: path)
                && FileManager.default.fileExists(atPath: program.appendingPathComponent("libsclo.so").path)
        }

    // MARK: - Helpers

    static func unzip(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts = [String: Data]()
        for entry in archive {
            var content = Data()
            _ = try archive.extract(entry) { content.append($0) }
            parts[entry.path] = content
        }
        return parts
    }

    /// The rows of a worksheet as strings, cells placed by their references.
    static func sheetRows(_ data: Data) throws -> [[String]] {
        let sheet = try XMLTree.parse(data)
        return sheet.all("row").map { row in
            var values = [String]()
            for cell in row.children where cell.name == "c" {
                let reference = cell.attributes["r"]!
                let letters = reference.prefix { $0.isLetter }
                let column = letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
                while values.count < column { values.append("") }
                values.append(cell.all("t").first?.text ?? cell.all("v").first?.text ?? "")
            }
            return values
        }
    }

    /// RFC 4180 (CRLF or LF records), quoted fields with doubled quotes and line breaks.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows = [[String]](), row = [String](), field = "", quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append(c); characters.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(field); field = ""
            } else if c == "\n" || (c == "\r" && characters.first == "\n") {
                if c == "\r" { characters.removeFirst() }
                row.append(field); rows.append(row); row = []; field = ""
            } else { field.unicodeScalars.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
