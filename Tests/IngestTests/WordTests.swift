import Foundation
import Testing
import ZIPFoundation
@testable import Ingest

struct WordTests {
    let reader = DocumentReader()

    @Test func theFixtureHasHeadingStylesAndParagraphNumbers() throws {
        let document = try reader.read(path: formatFixture("112275_asaka.docx"))
        let text = try reader.read(path: plan("112275_asaka.txt"))
        #expect(document.format == .docx)
        #expect(document.outline.map(\.title) == text.outline.map(\.title))
        #expect(document.outline.map(\.level) == text.outline.map(\.level))
        // One paragraph per non-blank line of the plan: "p N" is its N-th non-blank line.
        let lines = try nonBlankLines("112275_asaka.txt")
        for (index, label) in try #require(document.lineLocations).enumerated() {
            let number = try #require(Int(label.dropFirst(2)))
            let line = document.text(document.lineRange(index + 1))
            #expect(lines[number - 1].trimmingCharacters(in: .whitespaces).hasSuffix(line.trimmingCharacters(in: .whitespaces)),
                    "line \(index + 1) is paragraph \(number)")
        }
    }

    @Test func localisedHeadingStylesTablesRubyFootnotesAndTrackedChanges() throws {
        let styles = """
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
            <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="見出し ２"/></w:style>
            <w:style w:type="paragraph" w:styleId="mine"><w:name w:val="My Section"/><w:basedOn w:val="a5"/></w:style>
            <w:style w:type="paragraph" w:styleId="lvl"><w:name w:val="Outline"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            """
        let body = """
            <w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>第1章 計画</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="mine"/></w:pPr><w:r><w:t>1 行政手続のオンライン化</w:t></w:r></w:p>
            <w:p><w:r><w:ruby><w:rt><w:r><w:t>り</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>罹</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>災証明書</w:t></w:r><w:del><w:r><w:delText>削除</w:delText></w:r></w:del><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>妊娠の</w:t></w:r></w:p><w:p><w:r><w:t>届出</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:pPr><w:pStyle w:val="lvl"/></w:pPr><w:r><w:t>(1) 小節</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">タブ</w:t><w:tab/><w:t>区切り</w:t><w:br/><w:t>改行</w:t></w:r></w:p>
            """
        let footnotes = """
            <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
            <w:footnote w:id="1"><w:p><w:r><w:t>脚注の本文</w:t></w:r></w:p></w:footnote>
            """
        let document = try reader.document(from: docx(body: body, styles: styles, footnotes: footnotes), path: "plan.docx")
        #expect(document.text == "第1章 計画\n1 行政手続のオンライン化\n罹災証明書\n1\t妊娠の 届出\n(1) 小節\nタブ\t区切り\n改行\n脚注\n脚注の本文\n")
        #expect(document.outline.map(\.title) == ["第1章 計画", "1 行政手続のオンライン化", "(1) 小節", "脚注"])
        #expect(document.outline.map(\.level) == [1, 2, 3, 1])
        #expect(document.lineLocations == ["p 1", "p 2", "p 3", "p 4\tp 5", "p 7", "p 8", "p 8", "footnote", "footnote 1"])
        #expect(document.location(at: document.lineRange(4).upperBound - 1) == "p 5")
    }

    @Test func aWordFileWithoutHeadingStylesGetsTheOutlineFromItsNumbering() throws {
        let body = ["第1章 はじめに", "本文です。", "第2章 行政手続のオンライン化", "児童手当等の現況届"]
            .map { "<w:p><w:r><w:t>\($0)</w:t></w:r></w:p>" }.joined()
        let document = try reader.document(from: docx(body: body), path: "plan.docx")
        #expect(document.outline.map(\.title) == ["第1章 はじめに", "第2章 行政手続のオンライン化"])
    }

    @Test func odtHeadingsComeFromOutlineLevels() throws {
        let document = try reader.read(path: formatFixture("012165_ashibetsu.odt"))
        let text = try reader.read(path: plan("012165_ashibetsu.txt"))
        #expect(document.format == .odt)
        #expect(document.outline.map(\.title) == text.outline.map(\.title))
        #expect(document.lineLocations?.first == "p 1")
    }
}
