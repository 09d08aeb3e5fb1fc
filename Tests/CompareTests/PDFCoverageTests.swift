import Batch
import Foundation
import Testing
@testable import Compare
import Ingest

/// What a reader of the PDF sees is what plancov finds: names broken across double-spaced
/// lines, collective names split across slide text boxes, nothing from page furniture; each
/// with its page and its box on the page (Tests/Fixtures/pdf, scripts/make-pdf-fixtures.py).
struct PDFCoverageTests {
    static func pdf(_ name: String) -> String { repositoryRoot.appendingPathComponent("Tests/Fixtures/pdf/\(name)").path }

    func cell(_ path: String, _ item: String) throws -> CoverageMatrix.Cell {
        let matrix = try FormatCoverageTests.matrix(path, code: "000000")
        return matrix.cell(0, try #require(matrix.items.firstIndex { $0.id == item }))
    }

    @Test(arguments: [("system.fixed-asset-tax", "固 定資産税", 1), ("system.long-term-care-insurance", "介 護保険", 1),
                      ("system.national-health-insurance", "国民健 康保険", 1)])
    func aNameBrokenAcrossADoubleSpacedLineIsFoundWithItsPage(item: String, matched: String, page: Int) throws {
        let cell = try cell(Self.pdf("double-spaced.pdf"), item)
        #expect(cell.status == .mentioned)
        let evidence = try #require(cell.evidence.first)
        #expect(evidence.matched == matched, "the original lines, joined by a space in the excerpt")
        #expect(evidence.page == page)
        let box = try #require(evidence.bbox)
        #expect(box.height > 20 && box.height < 60, "the two lines the name stands on")
    }

    @Test func theSecondPageGivesItsOwnPage() throws {
        let pages = try cell(Self.pdf("double-spaced.pdf"), "system.fixed-asset-tax").evidence.map(\.page)
        #expect(pages == [1, 2])
    }

    @Test func collectiveNamesSplitAcrossTextBoxesAreFound() throws {
        #expect(try cell(Self.pdf("text-boxes.pdf"), "system.fixed-asset-tax").status == .group, "基幹系 / 20 / 業務")
        #expect(try cell(Self.pdf("text-boxes.pdf"), "procedure.kosodate.01").status == .group, "子育て・介護関係の / 26 / 手続")
        #expect(try cell(Self.pdf("text-boxes.pdf"), "procedure.kaigo.01").status == .group)
    }

    @Test func aRunningHeaderNeverGivesAMention() throws {
        #expect(try cell(Self.pdf("header-footer.pdf"), "system.national-pension").status == .absent)
        #expect(try cell(Self.pdf("header-footer.pdf"), "system.family-register-attachment").evidence.first?.page == 2)
    }

    @Test(arguments: [("two-columns.pdf", "system.child-rearing-allowance"), ("two-columns.pdf", "system.public-assistance"),
                      ("vertical.pdf", "system.child-and-childcare-support"), ("vertical.pdf", "system.late-elderly-medical-care")])
    func namesBrokenInColumnsAndVerticalLinesAreFound(file: String, item: String) throws {
        let cell = try cell(Self.pdf(file), item)
        // Under 自治体情報システムの標準化 a system is listed; the vertical page has no heading.
        #expect(cell.status == (file == "two-columns.pdf" ? .listed : .mentioned))
        #expect(cell.evidence.first?.page == 1)
    }

    // MARK: - The real plans of ../shared/real (read only when that folder is there)

    static let real = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/real")
    static let speech = real.appendingPathComponent("392049_nankoku_shisei_hoshin_425_R0402.pdf").path
    static let report = real.appendingPathComponent("392049_nankoku_shisei_hokoku_426_R0406.pdf").path

    /// 南国市's 施政方針 breaks 固定資産税 after 固 on page 6, with a blank line in between in
    /// pdftotext's output.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: speech)))
    func fixedAssetTaxInNankokusPolicySpeechIsFound() throws {
        let cell = try cell(Self.speech, "system.fixed-asset-tax")
        let evidence = try #require(cell.evidence.first)
        #expect(evidence.page == 6)
        #expect(evidence.matched.replacingOccurrences(of: " ", with: "") == "固定資産税")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: report)))
    func nankokusPageNumbersAreNeitherTextNorHeadings() throws {
        let document = try DocumentReader().read(path: Self.report)
        #expect(document.pageStarts?.count == 15)
        #expect(!document.text.contains("- 1 -") && !document.text.contains("- 15 -"))
        #expect(document.outline.allSatisfy { !$0.title.hasPrefix("-") })
        for item in ["system.national-health-insurance", "system.public-assistance"] {
            #expect(try cell(Self.report, item).status == .mentioned, "\(item)")
        }
        // 介護保険 stands there only in 介護保険特別会計, a special account of the budget: a
        // compound that names something else (matching rule 7a), not the system.
        #expect(try cell(Self.report, "system.long-term-care-insurance").status == .absent)
    }
}
