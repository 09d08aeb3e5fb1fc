import Batch
import Foundation
import Testing
@testable import Compare
import Ingest
@testable import Report

struct ReportTests {
    var matrix: CoverageMatrix { CorpusMatrix.matrix }

    @Test func jsonFollowsTheContract() throws {
        let data = try ReportFormat.json.render(matrix)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "plancov.coverage/1")
        #expect(Set(object.keys) == ["schema", "catalog", "municipalities", "items", "categories", "groups", "cells", "errors", "warnings"])
        // The README promises contract order, one element a line.
        let text = String(decoding: data, as: UTF8.self)
        let order = ["\"schema\"", "\n  \"catalog\"", "\n  \"municipalities\"", "\n  \"items\"", "\n  \"categories\"", "\n  \"groups\"",
                     "\n  \"cells\"", "\n  \"errors\"", "\n  \"warnings\""]
            .map { text.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
        #expect(text.components(separatedBy: "\n    {\"municipality\": ").count - 1 == matrix.cells.count)
        let cells = try #require(object["cells"] as? [[String: Any]])
        #expect(cells.count == matrix.municipalities.count * matrix.items.count)
        let withEvidence = try #require(cells.first { !(($0["evidence"] as? [Any])?.isEmpty ?? true) })
        let evidence = try #require((withEvidence["evidence"] as? [[String: Any]])?.first)
        for key in ["document", "line", "page", "section", "excerpt", "match", "score"] {
            #expect(evidence.keys.contains(key), "evidence lacks \(key)")
        }
        #expect(evidence["page"] is NSNull)
        #expect(try JSONDecoder().decode(CoverageMatrix.self, from: data) == matrix, "the JSON round-trips")
    }

    @Test func csvIsUTF8WithBOMAndAgreesWithTheMatrix() throws {
        let data = try ReportFormat.csv.render(matrix)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == matrix.items.count + 1)
        #expect(rows[0].hasPrefix("id,name,category,group,芦別市 (012165)"))
        for (i, row) in rows.dropFirst().enumerated() {
            let statuses = row.split(separator: ",").suffix(matrix.municipalities.count).map(String.init)
            #expect(statuses == matrix.municipalities.indices.map { matrix.cell($0, i).status.rawValue })
        }
    }

    @Test func csvNeutralizesFormulas() {
        #expect(CSVReport.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVReport.field("a,b") == "\"a,b\"")
    }

    @Test func markdownListsMissingItemsPerMunicipality() throws {
        let text = String(decoding: try ReportFormat.md.render(matrix), as: UTF8.self)
        #expect(text.contains("| 朝霞市 (112275) | 20/20 (100%) | 15/15 (100%) | 11/11 (100%) | 0/1 (0%) | 0/4 (0%) |"))
        #expect(text.contains("### 朝霞市 (112275)"))
        #expect(text.contains("- **被災者支援** (1): 罹災証明書の発行申請\n"))
        #expect(text.contains("- **被災者支援（優先手続）** (7): 応急仮設住宅の入居申請、"))
    }

    @Test func tableAlignsByDisplayWidth() throws {
        let text = String(decoding: try ReportFormat.table.render(matrix), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first)
        let row = try #require(lines.first { $0.hasPrefix("戸籍の附票") })
        // The mark of the first municipality sits under the middle of its column name.
        let headerColumn = TableReport.displayWidth(String(header.prefix(upTo: header.range(of: "芦別市")!.lowerBound)))
        let mark = try #require(row.range(of: CellStatus.listed.symbol))
        let rowColumn = TableReport.displayWidth(String(row.prefix(upTo: mark.lowerBound)))
        #expect(rowColumn >= headerColumn && rowColumn < headerColumn + 6)
        #expect(!text.contains("\u{1B}["), "no colour unless asked")
    }

    @Test func missingReportListsAbsentAndGroupItems() {
        let m = matrix.municipalityIndex(matching: "武蔵野")!
        let report = MissingReport(matrix: matrix, municipalities: [m], group: "標準化対象20業務")
        #expect(report.entries.first?.missing.count == 20)
        #expect(report.entries.first?.missing.allSatisfy { $0.status == .group } == true)
        #expect(report.text().contains("武蔵野市 (132039): 20 of 20 items not named"))
    }

    /// Evidence says where in the file it is (`location`) only when the format has a place of
    /// its own: an HTML element path, never for plain text.
    @Test func theLocationIsInTheJSONOnlyWhenKnown() throws {
        func json(_ path: String) throws -> String {
            let entry = CorpusEntry(path: repositoryRoot.appendingPathComponent(path).path,
                                    municipality: Municipality(code: "112275", name: "朝霞市", prefecture: nil))
            let matrix = try CoverageBatch(catalog: { try Catalog.bundled() }).run(entries: [entry]).matrix
            return String(decoding: try ReportFormat.json.render(matrix), as: UTF8.self)
        }
        #expect(try json("Tests/Fixtures/formats/112275_asaka.html").contains(#""location": "body/main/table[2]/tr[11]/td[2]""#))
        let text = try json("corpus/plans/112275_asaka.txt")
        #expect(text.contains(#""excerpt": "#) && !text.contains(#""location""#))
    }

    /// The reports print the catalog's own category names (the matrix carries them): a
    /// user's catalog is shown in its words, not by its ids.
    @Test func aCatalogsOwnCategoryNamesAppearInEveryReportThatNamesCategories() throws {
        let bundled = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/Compare/Resources/catalog.yaml"), encoding: .utf8)
        let renamed = bundled.replacingOccurrences(of: "name: 標準化対象システム", with: "name: 基幹システム（当市の分類）")
            .replacingOccurrences(of: "name: オンライン化手続", with: "name: 電子申請の対象（当市の分類）")
        #expect(renamed != bundled)
        let matrix = CorpusMatrix.matrix(catalog: { try Catalog.parse(yaml: renamed, source: "mine.yaml") })
        #expect(matrix.categories.map(\.name) == ["基幹システム（当市の分類）", "電子申請の対象（当市の分類）"])
        let json = String(decoding: try ReportFormat.json.render(matrix), as: UTF8.self)
        let html = String(decoding: try ReportFormat.html.render(matrix), as: UTF8.self)
        let sheets = try ReportFormatsTests.unzip(try ReportFormat.xlsx.render(matrix))
        let strings = sheets.filter { $0.key.hasPrefix("xl/worksheets/") }.values.map { String(decoding: $0, as: UTF8.self) }.joined()
        for name in ["基幹システム（当市の分類）", "電子申請の対象（当市の分類）"] {
            #expect(json.contains(name) && html.contains(name) && strings.contains(name), "\(name)")
        }
        #expect(json.contains(#"{"id": "system", "name": "基幹システム（当市の分類）"}"#))
        #expect(html.contains(#"class="category">基幹システム（当市の分類）<"#) && !html.contains(#"class="category">標準化対象システム<"#))
    }

    /// The page's missing items offer each one's near miss (issue 20), and evidence inside an
    /// exclusion says it is one.
    @Test func theHTMLShowsNearMissesAndExclusions() throws {
        var batch = CoverageBatch(catalog: { try Catalog.bundled() })
        batch.findsNearMisses = true
        let corpus = try batch.run(paths: [repositoryRoot.appendingPathComponent("corpus").path]).matrix
        let page = String(decoding: try ReportFormat.html.render(corpus), as: UTF8.self)
        #expect(page.contains("<small class=\"near\">（近い記載：「") && page.contains("289 行・類似度 0.77）"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-excluded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = folder.appendingPathComponent("112275_plan.txt")
        try "1 自治体情報システムの標準化\n\n就学及び印鑑登録以外の18業務を移行する。\n".write(to: plan, atomically: true, encoding: .utf8)
        let matrix = try CoverageBatch(catalog: { try Catalog.bundled() }).run(paths: [plan.path]).matrix
        let html = String(decoding: try ReportFormat.html.render(matrix), as: UTF8.self)
        #expect(html.contains("<dt>除外</dt>"), "the evidence of 就学 says it is excluded")
    }
}
