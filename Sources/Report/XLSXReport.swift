import Compare
import Foundation
import ZIPFoundation

/// `--format xlsx`: a real Office Open XML workbook (SpreadsheetML), zipped with ZIPFoundation,
/// every part written with libxml2's writer (`XMLWriter`), so plan text is always escaped and
/// characters XML cannot hold are dropped. Strings are inline (`t="inlineStr"`), never
/// formulas, so a cell starting with `=` stays text.
///
/// Sheets:
/// - 網羅状況: the matrix, one row per item (分類, グループ, 項目ID, 項目名) and one column per
///   municipality ("朝霞市（埼玉県）" over its code), each cell the status as "● 掲載", filled
///   with the status colour; the header row and the four item columns are frozen.
/// - 根拠: one row per piece of evidence (municipality, item, status, excerpt, matched words,
///   section path, document, line, page, place in the file (DOCX paragraph, XLSX cell …),
///   match kind, score, alias).
/// - 未記載: one row per item a plan does not name (記載なし, or 一括言及 only), with its near miss
///   (the closest place below the fuzzy threshold: excerpt, document and line, similarity) when
///   the batch looked for them.
/// - 集計: named items per municipality and group, with the percentage.
/// - 都道府県別: per prefecture (`PrefectureSummary`), its plans and 市区町村, the share of items
///   named per group and in all, pooled over its plans; beside it a native bar chart of that
///   share (`xl/charts/chart1.xml`, drawn by `xl/drawings/drawing1.xml`), its values cached in
///   the chart so a reader shows them without recomputing.
///
/// The chart is written by hand, after what Debian's libxlsxwriter 1.1.4 writes for a bar chart:
/// that library writes the whole workbook to a file of its own (shared strings, a theme, a
/// timestamp in `docProps/core.xml`), so using it would mean giving up this writer's inline
/// strings and same-bytes output, and it ships only as a shared library, a new run-time
/// dependency of the relocatable binary.
///
/// The output is deterministic (fixed entry dates, no timestamps in the parts): the same
/// matrix gives the same bytes.
enum XLSXReport {
    struct Sheet {
        let name: String
        let xml: Data
    }

    static func render(_ matrix: CoverageMatrix) throws -> Data {
        let summary = ReportSummary(matrix)
        let prefectures = PrefectureSummary(summary, roster: Roster.national, allPrefectures: false)
        let sheets = [
            Sheet(name: "網羅状況", xml: try matrixSheet(summary)),
            Sheet(name: "根拠", xml: try evidenceSheet(summary)),
            Sheet(name: "未記載", xml: try missingSheet(summary)),
            Sheet(name: "集計", xml: try summarySheet(summary)),
            Sheet(name: prefectureSheetName, xml: try prefectureSheet(prefectures, summary)),
        ]
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", try contentTypes(sheets.count)),
            ("_rels/.rels", try packageRelationships()),
            ("xl/workbook.xml", try workbook(sheets, matrix: matrix)),
            ("xl/_rels/workbook.xml.rels", try workbookRelationships(sheets.count)),
            ("xl/styles.xml", try styles()),
        ]
        for (n, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(n + 1).xml", sheet.xml)) }
        parts += [
            ("xl/worksheets/_rels/sheet\(sheets.count).xml.rels", try relationships([("drawing", "../drawings/drawing1.xml")])),
            ("xl/drawings/drawing1.xml", try drawing(rows: prefectures.prefectures.count, column: prefectureColumns(summary).count + 1)),
            ("xl/drawings/_rels/drawing1.xml.rels", try relationships([("chart", "../charts/chart1.xml")])),
            ("xl/charts/chart1.xml", try chart(prefectures, summary)),
        ]
        return try zip(parts)
    }

    // MARK: - Cell styles (indices into cellXfs of styles.xml)

    enum Style: Int {
        case plain = 0, header, listed, mentioned, group, absent, wrap, score, bold

        static func of(_ status: CellStatus) -> Style {
            switch status {
            case .listed: return .listed
            case .mentioned: return .mentioned
            case .group: return .group
            case .absent, .notInForce: return .absent
            }
        }
    }

    /// What a cell of the matrix sheet says: "● 掲載".
    static func statusText(_ status: CellStatus) -> String { "\(status.symbol) \(status.japanese)" }

    // MARK: - Sheets

    enum Value {
        case text(String)
        case number(Double)
        case empty
    }

    /// Builds one worksheet part. `rows` holds the values; `styles` gives each cell's style.
    final class SheetWriter {
        let w = XMLWriter()
        private var row = 0
        private var lastColumn = 0

        init(columns widths: [Double], rows: Int, freeze: (columns: Int, rows: Int), headerHeight: Double? = nil) {
            self.headerHeight = headerHeight
            w.startDocument()
            w.start("worksheet")
            w.attribute("xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main")
            w.attribute("xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
            w.start("dimension")
            w.attribute("ref", "A1:\(XLSXReport.column(max(0, widths.count - 1)))\(max(1, rows))")
            w.end()
            w.start("sheetViews")
            w.start("sheetView")
            w.attribute("workbookViewId", "0")
            let topLeft = "\(XLSXReport.column(freeze.columns))\(freeze.rows + 1)"
            w.start("pane")
            if freeze.columns > 0 { w.attribute("xSplit", String(freeze.columns)) }
            if freeze.rows > 0 { w.attribute("ySplit", String(freeze.rows)) }
            w.attribute("topLeftCell", topLeft)
            let pane = freeze.columns > 0 && freeze.rows > 0 ? "bottomRight" : freeze.columns > 0 ? "topRight" : "bottomLeft"
            w.attribute("activePane", pane)
            w.attribute("state", "frozen")
            w.end()
            w.start("selection")
            w.attribute("pane", pane)
            w.attribute("activeCell", topLeft)
            w.attribute("sqref", topLeft)
            w.end()
            w.fullEnd()
            w.fullEnd()
            w.start("sheetFormatPr")
            w.attribute("defaultRowHeight", "16")
            w.end()
            w.start("cols")
            for (n, width) in widths.enumerated() {
                w.start("col")
                w.attribute("min", String(n + 1))
                w.attribute("max", String(n + 1))
                w.attribute("width", String(width))
                w.attribute("customWidth", "1")
                w.end()
            }
            w.fullEnd()
            w.start("sheetData")
            lastColumn = widths.count - 1
        }

        private let headerHeight: Double?

        func add(_ values: [Value], styles: [Style]) {
            row += 1
            w.start("row")
            w.attribute("r", String(row))
            if row == 1, let headerHeight {
                w.attribute("ht", String(headerHeight))
                w.attribute("customHeight", "1")
            }
            for (n, value) in values.enumerated() {
                let style = n < styles.count ? styles[n] : styles.last ?? .plain
                w.start("c")
                w.attribute("r", "\(XLSXReport.column(n))\(row)")
                if style != .plain { w.attribute("s", String(style.rawValue)) }
                switch value {
                case .text(let text):
                    w.attribute("t", "inlineStr")
                    w.start("is")
                    w.start("t")
                    // Excel holds at most 32,767 characters in a cell.
                    let text = text.count > 32_000 ? String(text.prefix(32_000)) + "…" : text
                    if text.first?.isWhitespace == true || text.last?.isWhitespace == true { w.attribute("xml:space", "preserve") }
                    w.text(text)
                    w.fullEnd()
                    w.fullEnd()
                case .number(let number):
                    w.element("v", text: number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number))
                case .empty:
                    break
                }
                w.end()
            }
            w.fullEnd()
        }

        func finish(autoFilter: Bool = true, landscape: Bool = true, drawing: Bool = false) throws -> Data {
            w.fullEnd() // sheetData
            if autoFilter {
                w.start("autoFilter")
                w.attribute("ref", "A1:\(XLSXReport.column(lastColumn))\(max(1, row))")
                w.end()
            }
            w.start("pageMargins")
            for (key, value) in [("left", "0.4"), ("right", "0.4"), ("top", "0.5"), ("bottom", "0.5"), ("header", "0.3"), ("footer", "0.3")] {
                w.attribute(key, value)
            }
            w.end()
            w.start("pageSetup")
            w.attribute("paperSize", "9") // A4
            w.attribute("orientation", landscape ? "landscape" : "portrait")
            w.end()
            if drawing { w.element("drawing", ["r:id": "rId1"], full: false) }
            w.fullEnd() // worksheet
            return try w.finish()
        }

        var rowCount: Int { row }
    }

    static func matrixSheet(_ summary: ReportSummary) throws -> Data {
        let matrix = summary.matrix
        let sheet = SheetWriter(columns: [18, 16, 30, 44] + matrix.municipalities.map { _ in 15 },
                                rows: matrix.items.count + 1, freeze: (4, 1), headerHeight: 34)
        sheet.add([.text("分類"), .text("グループ"), .text("項目ID"), .text("項目名")]
                  + matrix.municipalities.map { .text(ReportSummary.municipalityLabel($0) + "\n" + $0.code) },
                  styles: [.header])
        for group in summary.groups {
            for i in group.items {
                let item = matrix.items[i]
                let statuses = matrix.municipalities.indices.map { matrix.status($0, i) }
                sheet.add([.text(matrix.categoryName(item.category)), .text(item.group), .text(item.id), .text(item.name)]
                          + statuses.map { .text(statusText($0)) },
                          styles: [.plain, .plain, .plain, .plain] + statuses.map(Style.of))
            }
        }
        return try sheet.finish()
    }

    static let evidenceColumns = ["団体コード", "団体名", "項目ID", "項目名", "グループ", "状況", "抜粋", "一致語",
                                  "章節", "文書", "行", "ページ", "場所", "一致の種類", "類似度", "別名"]

    static func evidenceSheet(_ summary: ReportSummary) throws -> Data {
        let matrix = summary.matrix
        let count = matrix.cells.reduce(0) { $0 + $1.evidence.count }
        let sheet = SheetWriter(columns: [11, 12, 28, 36, 14, 11, 60, 28, 40, 34, 7, 7, 16, 12, 8, 20],
                                rows: count + 1, freeze: (0, 1))
        sheet.add(evidenceColumns.map { .text($0) }, styles: [.header])
        for (m, municipality) in matrix.municipalities.enumerated() {
            for group in summary.groups {
                for i in group.items {
                    let cell = matrix.cell(m, i), item = matrix.items[i]
                    for evidence in cell.evidence {
                        sheet.add([
                            .text(municipality.code), .text(municipality.name), .text(item.id), .text(item.name), .text(item.group),
                            .text(statusText(cell.status)), .text(evidence.excerpt), .text(evidence.matched),
                            .text(evidence.section.joined(separator: " › ")), .text(evidence.document),
                            .number(Double(evidence.line)), evidence.page.map { .number(Double($0)) } ?? .empty,
                            evidence.location.map { .text($0) } ?? .empty,
                            .text(evidence.match.japanese), .number(evidence.score), evidence.alias.map { .text($0) } ?? .empty,
                        ], styles: [.plain, .plain, .plain, .plain, .plain, Style.of(cell.status), .wrap, .plain, .wrap, .plain,
                                    .plain, .plain, .plain, .plain, .score, .plain])
                    }
                }
            }
        }
        return try sheet.finish()
    }

    static func missingSheet(_ summary: ReportSummary) throws -> Data {
        let matrix = summary.matrix
        var rows = [(Int, Int)]()
        for m in matrix.municipalities.indices {
            let missing = Set(summary.missing(municipality: m))
            for group in summary.groups { for i in group.items where missing.contains(i) { rows.append((m, i)) } }
        }
        let sheet = SheetWriter(columns: [11, 12, 10, 18, 16, 30, 44, 13, 44, 30, 8, 8], rows: rows.count + 1, freeze: (0, 1))
        sheet.add(["団体コード", "団体名", "都道府県", "分類", "グループ", "項目ID", "項目名", "状況",
                   "近い記載", "文書", "行", "類似度"].map { .text($0) }, styles: [.header])
        for (m, i) in rows {
            let municipality = matrix.municipalities[m], item = matrix.items[i], cell = matrix.cell(m, i)
            let near: [Value] = cell.near.map { [.text($0.excerpt), .text($0.document), .number(Double($0.line)), .number($0.score)] }
                ?? [.empty, .empty, .empty, .empty]
            sheet.add([.text(municipality.code), .text(municipality.name), .text(municipality.prefecture ?? ""),
                       .text(matrix.categoryName(item.category)), .text(item.group), .text(item.id), .text(item.name),
                       .text(statusText(cell.status))] + near,
                      styles: [.plain, .plain, .plain, .plain, .plain, .plain, .plain, Style.of(cell.status), .plain, .plain, .plain, .plain])
        }
        return try sheet.finish()
    }

    static func summarySheet(_ summary: ReportSummary) throws -> Data {
        let matrix = summary.matrix
        let columns = ["団体コード", "団体名", "都道府県", "グループ", "項目数", "掲載", "言及", "一括言及", "記載なし", "記載率(%)"]
        let sheet = SheetWriter(columns: [11, 12, 10, 18, 8, 8, 8, 9, 9, 10],
                                rows: matrix.municipalities.count * (summary.groups.count + 1) + 1, freeze: (0, 1))
        sheet.add(columns.map { .text($0) }, styles: [.header])
        for (m, municipality) in matrix.municipalities.enumerated() {
            let rows = summary.groups.map { ($0.name, summary.counts(municipality: m, group: $0)) } + [("合計", summary.total(municipality: m))]
            for (name, counts) in rows {
                sheet.add([.text(municipality.code), .text(municipality.name), .text(municipality.prefecture ?? ""), .text(name),
                           .number(Double(counts.total)), .number(Double(counts.listed)), .number(Double(counts.mentioned)),
                           .number(Double(counts.group)), .number(Double(counts.absent)), .number(Double(counts.percent))],
                          styles: name == "合計" ? [.bold] : [.plain])
            }
        }
        return try sheet.finish(landscape: false)
    }

    static let prefectureSheetName = "都道府県別"

    /// The columns of 都道府県別: the prefecture, its plans and 市区町村, the share named per
    /// group, then the named items, the items and the share over all groups (the chart's values).
    static func prefectureColumns(_ summary: ReportSummary) -> [String] {
        ["都道府県コード", "都道府県", "計画数", "市区町村数"] + summary.groups.map { "\($0.name) 記載率(%)" } + ["記載項目", "項目数", "記載率(%)"]
    }

    static func prefectureSheet(_ prefectures: PrefectureSummary, _ summary: ReportSummary) throws -> Data {
        let columns = prefectureColumns(summary)
        let sheet = SheetWriter(columns: [9, 12, 8, 9] + summary.groups.map { _ in 11 } + [9, 9, 9],
                                rows: prefectures.prefectures.count + 1, freeze: (2, 1), headerHeight: 48)
        sheet.add(columns.map { .text($0) }, styles: [.header])
        for prefecture in prefectures.prefectures {
            sheet.add([.text(prefecture.code), .text(prefecture.name), .number(Double(prefecture.rows.count)),
                       prefecture.registered.isEmpty ? .empty : .number(Double(prefecture.registered.count))]
                      + prefecture.counts.map { .number(Double($0.percent)) }
                      + [.number(Double(prefecture.total.named)), .number(Double(prefecture.total.total)),
                         .number(Double(prefecture.total.percent))],
                      styles: [.plain])
        }
        return try sheet.finish(landscape: false, drawing: true)
    }

    static let chartNamespace = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    static let drawingMLNamespace = "http://schemas.openxmlformats.org/drawingml/2006/main"

    /// The chart's anchor on 都道府県別: from `column` on the first row, 8 columns wide and one row
    /// per prefecture high (20 at least), so every prefecture's bar has its label.
    static func drawing(rows: Int, column: Int) throws -> Data {
        let w = XMLWriter()
        w.startDocument()
        w.start("xdr:wsDr")
        w.attribute("xmlns:xdr", "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing")
        w.attribute("xmlns:a", drawingMLNamespace)
        w.start("xdr:twoCellAnchor")
        for (element, col, row) in [("xdr:from", column, 0), ("xdr:to", column + 8, max(20, rows + 2))] {
            w.start(element)
            w.element("xdr:col", text: String(col))
            w.element("xdr:colOff", text: "0")
            w.element("xdr:row", text: String(row))
            w.element("xdr:rowOff", text: "0")
            w.fullEnd()
        }
        w.start("xdr:graphicFrame")
        w.attribute("macro", "")
        w.start("xdr:nvGraphicFramePr")
        w.element("xdr:cNvPr", ["id": "2", "name": "都道府県別 記載率"], full: false)
        w.element("xdr:cNvGraphicFramePr", full: false)
        w.fullEnd()
        w.start("xdr:xfrm")
        w.element("a:off", ["x": "0", "y": "0"], full: false)
        w.element("a:ext", ["cx": "0", "cy": "0"], full: false)
        w.fullEnd()
        w.start("a:graphic")
        w.start("a:graphicData")
        w.attribute("uri", chartNamespace)
        w.start("c:chart")
        w.attribute("xmlns:c", chartNamespace)
        w.attribute("xmlns:r", relationshipNamespace)
        w.attribute("r:id", "rId1")
        w.end()
        w.fullEnd()
        w.fullEnd()
        w.fullEnd() // graphicFrame
        w.element("xdr:clientData", full: false)
        w.fullEnd()
        w.fullEnd()
        return try w.finish()
    }

    /// A bar chart of 記載率(%) over all groups, one bar per row of 都道府県別 (北海道 at the top),
    /// its labels and values cached from the same `PrefectureSummary` the sheet holds.
    static func chart(_ prefectures: PrefectureSummary, _ summary: ReportSummary) throws -> Data {
        let rows = prefectures.prefectures
        let last = rows.count + 1
        let valueColumn = column(prefectureColumns(summary).count - 1)
        let sheet = "'\(prefectureSheetName)'"
        let w = XMLWriter()
        w.startDocument()
        w.start("c:chartSpace")
        w.attribute("xmlns:c", chartNamespace)
        w.attribute("xmlns:a", drawingMLNamespace)
        w.attribute("xmlns:r", relationshipNamespace)
        w.element("c:lang", ["val": "ja-JP"], full: false)
        w.start("c:chart")
        w.start("c:title")
        w.start("c:tx")
        w.start("c:rich")
        w.element("a:bodyPr", full: false)
        w.start("a:p")
        w.start("a:r")
        w.element("a:t", text: "都道府県別 記載率(%)（全項目、計画を合算）")
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        w.element("c:overlay", ["val": "0"], full: false)
        w.fullEnd()
        w.element("c:autoTitleDeleted", ["val": "0"], full: false)
        w.start("c:plotArea")
        w.element("c:layout", full: false)
        w.start("c:barChart")
        w.element("c:barDir", ["val": "bar"], full: false)
        w.element("c:grouping", ["val": "clustered"], full: false)
        w.element("c:varyColors", ["val": "0"], full: false)
        w.start("c:ser")
        w.element("c:idx", ["val": "0"], full: false)
        w.element("c:order", ["val": "0"], full: false)
        w.start("c:tx")
        w.start("c:strRef")
        w.element("c:f", text: "\(sheet)!$\(valueColumn)$1")
        w.start("c:strCache")
        w.element("c:ptCount", ["val": "1"], full: false)
        w.start("c:pt")
        w.attribute("idx", "0")
        w.element("c:v", text: "記載率(%)")
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        w.start("c:spPr")
        w.start("a:solidFill")
        w.element("a:srgbClr", ["val": "2E7D5B"], full: false)
        w.fullEnd()
        w.fullEnd()
        w.element("c:invertIfNegative", ["val": "0"], full: false)
        w.start("c:cat")
        w.start("c:strRef")
        w.element("c:f", text: "\(sheet)!$B$2:$B$\(last)")
        w.start("c:strCache")
        w.element("c:ptCount", ["val": String(rows.count)], full: false)
        for (n, prefecture) in rows.enumerated() {
            w.start("c:pt")
            w.attribute("idx", String(n))
            w.element("c:v", text: prefecture.name)
            w.fullEnd()
        }
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        w.start("c:val")
        w.start("c:numRef")
        w.element("c:f", text: "\(sheet)!$\(valueColumn)$2:$\(valueColumn)$\(last)")
        w.start("c:numCache")
        w.element("c:formatCode", text: "General")
        w.element("c:ptCount", ["val": String(rows.count)], full: false)
        for (n, prefecture) in rows.enumerated() {
            w.start("c:pt")
            w.attribute("idx", String(n))
            w.element("c:v", text: String(prefecture.total.percent))
            w.fullEnd()
        }
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        w.fullEnd() // ser
        w.element("c:gapWidth", ["val": "40"], full: false)
        w.element("c:axId", ["val": "50010001"], full: false)
        w.element("c:axId", ["val": "50010002"], full: false)
        w.fullEnd() // barChart
        w.start("c:catAx")
        w.element("c:axId", ["val": "50010001"], full: false)
        w.start("c:scaling")
        w.element("c:orientation", ["val": "maxMin"], full: false)
        w.fullEnd()
        w.element("c:delete", ["val": "0"], full: false)
        w.element("c:axPos", ["val": "l"], full: false)
        w.element("c:tickLblPos", ["val": "nextTo"], full: false)
        w.element("c:crossAx", ["val": "50010002"], full: false)
        w.element("c:crosses", ["val": "autoZero"], full: false)
        w.element("c:auto", ["val": "1"], full: false)
        w.element("c:lblAlgn", ["val": "ctr"], full: false)
        w.element("c:lblOffset", ["val": "100"], full: false)
        w.element("c:tickLblSkip", ["val": "1"], full: false)
        w.fullEnd()
        w.start("c:valAx")
        w.element("c:axId", ["val": "50010002"], full: false)
        w.start("c:scaling")
        w.element("c:orientation", ["val": "minMax"], full: false)
        w.element("c:max", ["val": "100"], full: false)
        w.element("c:min", ["val": "0"], full: false)
        w.fullEnd()
        w.element("c:delete", ["val": "0"], full: false)
        w.element("c:axPos", ["val": "t"], full: false)
        w.element("c:majorGridlines", full: false)
        w.element("c:numFmt", ["formatCode": "General", "sourceLinked": "1"], full: false)
        w.element("c:tickLblPos", ["val": "nextTo"], full: false)
        w.element("c:crossAx", ["val": "50010001"], full: false)
        w.element("c:crosses", ["val": "autoZero"], full: false)
        w.element("c:crossBetween", ["val": "between"], full: false)
        w.fullEnd()
        w.fullEnd() // plotArea
        w.element("c:plotVisOnly", ["val": "1"], full: false)
        w.fullEnd() // chart
        w.fullEnd()
        return try w.finish()
    }

    // MARK: - Package parts

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(_ sheetCount: Int) throws -> Data {
        let w = XMLWriter()
        w.startDocument()
        w.start("Types")
        w.attribute("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")
        w.element("Default", ["Extension": "rels", "ContentType": "application/vnd.openxmlformats-package.relationships+xml"], full: false)
        w.element("Default", ["Extension": "xml", "ContentType": "application/xml"], full: false)
        w.element("Override", ["PartName": "/xl/workbook.xml",
                               "ContentType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"], full: false)
        w.element("Override", ["PartName": "/xl/styles.xml",
                               "ContentType": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"], full: false)
        for n in 1...sheetCount {
            w.element("Override", ["PartName": "/xl/worksheets/sheet\(n).xml",
                                   "ContentType": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"], full: false)
        }
        w.element("Override", ["PartName": "/xl/drawings/drawing1.xml",
                               "ContentType": "application/vnd.openxmlformats-officedocument.drawing+xml"], full: false)
        w.element("Override", ["PartName": "/xl/charts/chart1.xml",
                               "ContentType": "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"], full: false)
        return try w.finish()
    }

    static func packageRelationships() throws -> Data {
        let w = XMLWriter()
        w.startDocument()
        w.start("Relationships")
        w.attribute("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")
        w.element("Relationship", ["Id": "rId1", "Type": "\(relationshipNamespace)/officeDocument", "Target": "xl/workbook.xml"], full: false)
        return try w.finish()
    }

    static func workbook(_ sheets: [Sheet], matrix: CoverageMatrix) throws -> Data {
        let w = XMLWriter()
        w.startDocument()
        w.start("workbook")
        w.attribute("xmlns", mainNamespace)
        w.attribute("xmlns:r", relationshipNamespace)
        w.start("bookViews")
        w.element("workbookView", ["activeTab": "0"], full: false)
        w.fullEnd()
        w.start("sheets")
        for (n, sheet) in sheets.enumerated() {
            w.element("sheet", ["name": sheet.name, "sheetId": String(n + 1), "r:id": "rId\(n + 1)"], full: false)
        }
        w.fullEnd()
        return try w.finish()
    }

    /// A part's relationships: `rId1`, `rId2` … to each (type, target).
    static func relationships(_ targets: [(type: String, target: String)]) throws -> Data {
        let w = XMLWriter()
        w.startDocument()
        w.start("Relationships")
        w.attribute("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")
        for (n, target) in targets.enumerated() {
            w.element("Relationship", ["Id": "rId\(n + 1)", "Type": "\(relationshipNamespace)/\(target.type)", "Target": target.target], full: false)
        }
        return try w.finish()
    }

    static func workbookRelationships(_ sheetCount: Int) throws -> Data {
        let w = XMLWriter()
        w.startDocument()
        w.start("Relationships")
        w.attribute("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")
        for n in 1...sheetCount {
            w.element("Relationship", ["Id": "rId\(n)", "Type": "\(relationshipNamespace)/worksheet",
                                       "Target": "worksheets/sheet\(n).xml"], full: false)
        }
        w.element("Relationship", ["Id": "rId\(sheetCount + 1)", "Type": "\(relationshipNamespace)/styles", "Target": "styles.xml"], full: false)
        return try w.finish()
    }

    /// Fonts, fills and borders for the `Style` cases, in their order.
    static func styles() throws -> Data {
        let w = XMLWriter()
        w.startDocument()
        w.start("styleSheet")
        w.attribute("xmlns", mainNamespace)
        w.start("fonts")
        w.attribute("count", "2")
        for bold in [false, true] {
            w.start("font")
            if bold { w.element("b", full: false) }
            w.element("sz", ["val": "11"], full: false)
            w.element("name", ["val": "Yu Gothic"], full: false)
            w.element("family", ["val": "3"], full: false)
            w.element("charset", ["val": "128"], full: false)
            w.fullEnd()
        }
        w.fullEnd()
        // Fills 0 and 1 are reserved (none, gray125); then header, listed, mentioned, group, absent.
        let colours = ["FFEEF1F4", "FFC8ECD1", "FFD3E5FB", "FFFBEAB8", "FFF1F1F1"]
        w.start("fills")
        w.attribute("count", String(2 + colours.count))
        for pattern in ["none", "gray125"] {
            w.start("fill")
            w.element("patternFill", ["patternType": pattern], full: false)
            w.fullEnd()
        }
        for colour in colours {
            w.start("fill")
            w.start("patternFill")
            w.attribute("patternType", "solid")
            w.element("fgColor", ["rgb": colour], full: false)
            w.element("bgColor", ["indexed": "64"], full: false)
            w.fullEnd()
            w.fullEnd()
        }
        w.fullEnd()
        w.start("borders")
        w.attribute("count", "2")
        w.start("border")
        for side in ["left", "right", "top", "bottom", "diagonal"] { w.element(side, full: false) }
        w.fullEnd()
        w.start("border")
        for side in ["left", "right", "top", "bottom"] {
            w.start(side)
            w.attribute("style", "thin")
            w.element("color", ["rgb": "FFD0D4D9"], full: false)
            w.fullEnd()
        }
        w.element("diagonal", full: false)
        w.fullEnd()
        w.fullEnd()
        w.start("cellStyleXfs")
        w.attribute("count", "1")
        w.element("xf", ["numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0"], full: false)
        w.fullEnd()
        // One xf per Style case, in its raw-value order.
        struct XF { var numFmt = 0, font = 0, fill = 0, border = 0, horizontal: String? = nil, vertical: String? = nil, wrap = false }
        let xfs: [XF] = [
            XF(),                                                                          // plain
            XF(font: 1, fill: 2, border: 1, horizontal: "center", vertical: "center", wrap: true), // header
            XF(fill: 3, border: 1, horizontal: "center"),                                  // listed
            XF(fill: 4, border: 1, horizontal: "center"),                                  // mentioned
            XF(fill: 5, border: 1, horizontal: "center"),                                  // group
            XF(fill: 6, border: 1, horizontal: "center"),                                  // absent
            XF(vertical: "top", wrap: true),                                               // wrap
            XF(numFmt: 2),                                                                 // score (0.00)
            XF(font: 1),                                                                   // bold
        ]
        w.start("cellXfs")
        w.attribute("count", String(xfs.count))
        for xf in xfs {
            w.start("xf")
            w.attribute("numFmtId", String(xf.numFmt))
            w.attribute("fontId", String(xf.font))
            w.attribute("fillId", String(xf.fill))
            w.attribute("borderId", String(xf.border))
            w.attribute("xfId", "0")
            if xf.numFmt != 0 { w.attribute("applyNumberFormat", "1") }
            if xf.font != 0 { w.attribute("applyFont", "1") }
            if xf.fill != 0 { w.attribute("applyFill", "1") }
            if xf.border != 0 { w.attribute("applyBorder", "1") }
            if xf.horizontal != nil || xf.vertical != nil || xf.wrap {
                w.attribute("applyAlignment", "1")
                w.start("alignment")
                if let horizontal = xf.horizontal { w.attribute("horizontal", horizontal) }
                if let vertical = xf.vertical { w.attribute("vertical", vertical) }
                if xf.wrap { w.attribute("wrapText", "1") }
                w.end()
            }
            w.end()
        }
        w.fullEnd()
        w.start("cellStyles")
        w.attribute("count", "1")
        w.element("cellStyle", ["name": "Normal", "xfId": "0", "builtinId": "0"], full: false)
        w.fullEnd()
        return try w.finish()
    }

    // MARK: - Helpers

    /// "A", "B", …, "Z", "AA" … for a zero-based column index.
    static func column(_ index: Int) -> String {
        var n = index + 1, letters = ""
        while n > 0 {
            let remainder = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    /// A fixed date for every entry, so the same matrix gives the same bytes.
    static let entryDate = Date(timeIntervalSince1970: 1_577_836_800) // 2020-01-01

    static func zip(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: entryDate,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "the workbook could not be zipped"])
        }
        return data
    }
}
