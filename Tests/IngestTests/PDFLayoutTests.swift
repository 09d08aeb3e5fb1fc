import Foundation
import Testing
@testable import Ingest

func pdfFixture(_ name: String) -> String { repositoryRoot.appendingPathComponent("Tests/Fixtures/pdf/\(name)").path }

/// How a PDF's pages are laid out as text (`PageLayout`), on fixtures that each show one trait
/// of real municipal PDFs (Tests/Fixtures/pdf, made by scripts/make-pdf-fixtures.py).
struct PDFLayoutTests {
    func read(_ name: String) throws -> Document { try DocumentReader().read(path: pdfFixture(name)) }

    func lines(_ document: Document) -> [String] {
        (1...document.lineStarts.count).map { document.text(document.lineRange($0)) }
    }

    /// pdftotext -layout puts an empty line after each line of a double-spaced page; the laid
    /// out text keeps a paragraph's lines next to each other, each line as printed.
    @Test func aDoubleSpacedParagraphIsOneParagraph() throws {
        let document = try read("double-spaced.pdf")
        #expect(document.text.contains("見固\n定資産税"))
        #expect(document.text.contains("見介\n護保険"))
        #expect(document.text.contains("順国民健\n康保険"))
        #expect(!document.text.contains("- 1 -"), "the page number is furniture")
        #expect(document.pageStarts?.count == 2)
    }

    @Test func runningHeadersAndPageNumbersAreNeitherTextNorHeadings() throws {
        let document = try read("header-footer.pdf")
        #expect(!document.text.contains("国民年金"), "the running header names it; the body never does")
        #expect(!document.text.contains("/ 3"))
        #expect(document.outline.map(\.title) == ["１　計画の趣旨", "２　標準化の取組", "３　推進体制"])
        #expect(document.pageStarts?.count == 3)
    }

    @Test func textBoxesOnOneLineAreOneLineAndABoxIsReadWhole() throws {
        let lines = self.lines(try read("text-boxes.pdf"))
        #expect(lines.contains("基幹系 20 業務"))
        #expect(lines.contains("子育て・介護関係の 26 手続"))
        // The box of ① and ② is read before the box beside it, though they share baselines.
        let order = ["① 住民基本台帳", "② 印鑑登録", "③ 戸籍の附票", "④ 選挙人名簿管理"].map { lines.firstIndex(of: $0) }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        #expect(lines.first == "自治体システム標準化の進め方", "the title is first, though written third")
    }

    @Test func twoColumnsAreReadColumnByColumn() throws {
        let text = try read("two-columns.pdf").text
        let positions = ["自治体情報システムの標準化", "児童\n扶養手当", "後期高\n齢者医療", "生活\n保護", "健康\n管理"].map { text.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(text)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test func verticalWritingIsReadTopToBottomRightToLeft() throws {
        let document = try read("vertical.pdf")
        #expect(document.text.contains("子ども・\n子育て支援"))
        #expect(document.text.contains("後期\n高齢者医療"))
        let first = try #require(document.text.range(of: "子ども"))
        let last = try #require(document.text.range(of: "障害者福祉"))
        #expect(first.lowerBound < last.lowerBound)
        // Lines follow each other leftwards.
        let boxes = try #require(document.lineBoxes).compactMap { $0 }
        #expect(boxes.count >= 4)
        #expect(zip(boxes, boxes.dropFirst()).allSatisfy { $0.right > $1.right })
    }

    @Test func everyLineHasItsBoxOnThePage() throws {
        let document = try read("double-spaced.pdf")
        let boxes = try #require(document.lineBoxes)
        #expect(boxes.count == document.lineStarts.count)
        for (index, box) in boxes.enumerated() {
            let blank = document.text(document.lineRange(index + 1)).allSatisfy { $0 == "\u{0C}" || $0 == " " }
            #expect((box == nil) == blank, "line \(index + 1)")
            if let box { #expect(box.left >= 0 && box.right <= 595 && box.top >= 0 && box.bottom <= 842 && box.width > 0) }
        }
    }

    @Test func anEncryptedPDFSaysItNeedsAPassword() {
        #expect(throws: IngestFailure(path: pdfFixture("hostile/encrypted.pdf"), error: .encryptedPDF)) {
            try DocumentReader().read(path: pdfFixture("hostile/encrypted.pdf"))
        }
    }

    @Test func textOfFontsWithoutAUnicodeMapIsRefused() {
        #expect(throws: IngestFailure(path: pdfFixture("hostile/garbled.pdf"), error: .garbledText(percent: 100))) {
            try DocumentReader().read(path: pdfFixture("hostile/garbled.pdf"))
        }
    }

    /// 2,000 pages of one line each: read whole, a page each (made here: a PDF of standard
    /// 14 font text needs nothing but its objects and offsets).
    @Test func aTwoThousandPagePDFIsReadPageByPage() throws {
        let pages = 2000
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>",
                       "<< /Type /Pages /Kids [\((0..<pages).map { "\(4 + 2 * $0) 0 R" }.joined(separator: " "))] /Count \(pages) >>",
                       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
        var streams = [Int: String]()
        for page in 0..<pages {
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents \(5 + 2 * page) 0 R >>")
            let content = "BT /F1 12 Tf 72 700 Td (Section \(page + 1) of the plan) Tj ET"
            objects.append("<< /Length \(content.utf8.count) >>")
            streams[5 + 2 * page] = content
        }
        var pdf = "%PDF-1.4\n"
        var offsets = [Int]()
        for (index, body) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(body)\n" + (streams[index + 1].map { "stream\n\($0)\nendstream\n" } ?? "") + "endobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n" + offsets.map { String(repeating: "0", count: 10 - String($0).count) + "\($0) 00000 n \n" }.joined()
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        let document = try DocumentReader().document(from: Array(pdf.utf8), path: "long.pdf")
        #expect(document.pageStarts?.count == pages)
        let last = try #require(document.text.range(of: "Section 2000 of the plan"))
        #expect(document.page(at: document.text.unicodeScalars.distance(from: document.text.unicodeScalars.startIndex, to: last.lowerBound)) == pages)
    }

    @Test func structuredTextThatIsNotJSONIsAnErrorNotACrash() {
        for broken in ["", "[", "[{\"blocks\":[{\"type\":\"text\",\"lines\":[{\"text\":\"ab", String(repeating: "[", count: 100_000), "[]x",
                       "{\"pages\":[{\"blocks\":[{\"lines\":[{\"bbox\":{\"x\":1e999}}]}]}]}"] {
            #expect(throws: MuPDFJSON.Malformed.self) { try MuPDFJSON.pages(Array(broken.utf8)) }
        }
        let escaped = try? MuPDFJSON.pages(Array(#"[{"blocks":[{"type":"text","lines":[{"wmode":1,"bbox":{"x":1,"y":2,"w":3,"h":4},"font":{"size":12},"text":"\u56fa\ud83d\ude00\"x"}]}]}]"#.utf8))
        #expect(escaped?.first?.first?.text == Array("固😀\"x".unicodeScalars.map(\.value)))
        #expect(escaped?.first?.first?.box == PageBox(left: 1, top: 2, right: 4, bottom: 6))
        #expect(escaped?.first?.first?.vertical == true)
    }
}
