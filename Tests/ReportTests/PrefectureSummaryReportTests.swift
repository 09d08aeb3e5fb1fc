import Foundation
import Testing
@testable import Compare
@testable import Report

/// The prefecture summary of the workbook (sheet 都道府県別 and its bar chart) and of the
/// Markdown report, read back without LibreOffice and checked against the matrix counted
/// directly: per prefecture, named cells (listed, mentioned) ÷ cells in force.
struct PrefectureSummaryReportTests {
    let matrix = CorpusMatrix.matrix

    /// Per 2-digit prefecture code, in code order: the prefecture's name, its plans and its share.
    var expected: [(code: String, name: String, plans: Int, named: Int, total: Int, percent: Int)] {
        var byCode = [String: (name: String, plans: Int, named: Int, total: Int)]()
        for (m, row) in matrix.municipalities.enumerated() {
            let code = String(row.prefectureCode!.prefix(2))
            var entry = byCode[code] ?? (row.prefecture!, 0, 0, 0)
            entry.plans += 1
            for i in matrix.items.indices {
                let status = matrix.cell(m, i).status
                if status == .listed || status == .mentioned { entry.named += 1 }
                if status != .notInForce { entry.total += 1 }
            }
            byCode[code] = entry
        }
        return byCode.keys.sorted().map { code in
            let e = byCode[code]!
            return (code, e.name, e.plans, e.named, e.total, Int((Double(e.named) * 100 / Double(e.total)).rounded()))
        }
    }

    @Test func theWorkbookHasTheSheetAndItsChartLinkedPartByPart() throws {
        let parts = try ReportFormatsTests.unzip(try XLSXReport.render(matrix))
        let workbook = try XMLTree.parse(try #require(parts["xl/workbook.xml"]))
        let sheets = workbook.all("sheet").map { $0.attributes["name"] ?? "" }
        #expect(sheets == ["網羅状況", "根拠", "未記載", "集計", "都道府県別"])
        let types = String(decoding: try #require(parts["[Content_Types].xml"]), as: UTF8.self)
        #expect(types.contains("PartName=\"/xl/charts/chart1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\""))
        #expect(types.contains("PartName=\"/xl/drawings/drawing1.xml\""))
        let sheet = try XMLTree.parse(try #require(parts["xl/worksheets/sheet5.xml"]))
        let drawingID = try #require(sheet.all("drawing").first?.attributes["r:id"])
        let sheetRels = try XMLTree.parse(try #require(parts["xl/worksheets/_rels/sheet5.xml.rels"]))
        #expect(sheetRels.all("Relationship").first { $0.attributes["Id"] == drawingID }?.attributes["Target"] == "../drawings/drawing1.xml")
        let drawing = try XMLTree.parse(try #require(parts["xl/drawings/drawing1.xml"]))
        let chartID = try #require(drawing.all("c:chart").first?.attributes["r:id"])
        let drawingRels = try XMLTree.parse(try #require(parts["xl/drawings/_rels/drawing1.xml.rels"]))
        #expect(drawingRels.all("Relationship").first { $0.attributes["Id"] == chartID }?.attributes["Target"] == "../charts/chart1.xml")
        #expect(parts["xl/charts/chart1.xml"] != nil)
    }

    @Test func theSheetAndTheChartSayWhatTheMatrixSays() throws {
        let expected = self.expected
        #expect(expected.map(\.code) == ["01", "11", "13", "46"])
        let parts = try ReportFormatsTests.unzip(try XLSXReport.render(matrix))
        let rows = try ReportFormatsTests.sheetRows(try #require(parts["xl/worksheets/sheet5.xml"]))
        #expect(rows.first?.prefix(4) == ["都道府県コード", "都道府県", "計画数", "市区町村数"])
        #expect(rows.first?.suffix(3) == ["記載項目", "項目数", "記載率(%)"])
        #expect(rows.count == expected.count + 1)
        for (row, want) in zip(rows.dropFirst(), expected) {
            #expect(Array(row.prefix(3)) == [want.code, want.name, String(want.plans)])
            #expect(Array(row.suffix(3)) == [String(want.named), String(want.total), String(want.percent)])
        }
        #expect(rows.dropFirst().map { $0[3] } == ["179", "63", "62", "43"])

        let chart = try XMLTree.parse(try #require(parts["xl/charts/chart1.xml"]))
        #expect(chart.all("c:barChart").count == 1)
        let labels = try #require(chart.all("c:cat").first?.all("c:pt").map(\.text))
        let values = try #require(chart.all("c:val").first?.all("c:pt").map(\.text))
        #expect(labels == expected.map(\.name))
        #expect(values == expected.map { String($0.percent) })
        let formulas = chart.all("c:f").map(\.text)
        #expect(formulas.contains("'都道府県別'!$B$2:$B$5"))
        let valueColumn = XLSXReport.column(rows[0].count - 1)
        #expect(formulas.contains("'都道府県別'!$\(valueColumn)$2:$\(valueColumn)$5"))
    }

    @Test func theMarkdownHasTheSectionWithTheSameShares() throws {
        let markdown = MarkdownReport.render(matrix)
        let section = try #require(markdown.components(separatedBy: "\n## By prefecture").dropFirst().first)
        let lines = section.components(separatedBy: "\n## ")[0].split(separator: "\n").filter { $0.hasPrefix("| ") }.dropFirst()
        #expect(lines.count == expected.count)
        for (line, want) in zip(lines, expected) {
            #expect(line.hasPrefix("| \(want.name) (\(want.code)) | \(want.plans) / "), "\(line)")
            #expect(line.hasSuffix("| \(want.named)/\(want.total) (\(want.percent)%) |"), "\(line)")
        }
    }
}
