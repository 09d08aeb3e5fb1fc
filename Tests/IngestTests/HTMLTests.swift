import Foundation
import Testing
import ZIPFoundation
@testable import Ingest

struct HTMLTests {
    let reader = DocumentReader()

    func read(_ html: String, path: String = "page.html") throws -> Document {
        try reader.document(from: Array(html.utf8), path: path)
    }

    @Test func blocksHeadingsAndElementPaths() throws {
        let document = try read("""
            <!DOCTYPE html><html><head><title>t</title><script>var x = "戸籍";</script></head><body>
            <header>ヘッダー 戸籍</header><nav><a>戸籍</a></nav>
            <div><p>前書き</p></div>
            <div><h2>1 行政手続のオンライン化</h2><p>一つ目</p><p>二つ目</p><p><ruby>罹<rp>(</rp><rt>り</rt><rp>)</rp></ruby>災証明書の&amp;発行申請</p>
            <ul><li>児童手当</li><li>介護<br>保険</li></ul>
            <table><tr><th>番号</th><th>手続</th></tr><tr><td>1</td><td>妊娠の届出</td></tr></table></div>
            <style>p { color: red }</style><footer>フッター</footer></body></html>
            """)
        #expect(document.format == .html)
        #expect(document.text == "前書き\n1 行政手続のオンライン化\n一つ目\n二つ目\n罹災証明書の&発行申請\n児童手当\n介護\n保険\n番号\t手続\n1\t妊娠の届出\n")
        #expect(document.outline.map(\.title) == ["1 行政手続のオンライン化"])
        #expect(document.outline.first?.level == 2)
        #expect(document.outline.first?.line == 2)
        #expect(document.lineLocations?[0] == "body/div[1]/p")
        #expect(document.lineLocations?[4] == "body/div[2]/p[3]")
        #expect(document.lineLocations?[5] == "body/div[2]/ul/li[1]")
        let row = document.lineRange(10)
        #expect(document.location(at: row.lowerBound) == "body/div[2]/table/tr[2]/td[1]")
        #expect(document.location(at: row.upperBound - 1) == "body/div[2]/table/tr[2]/td[2]")
    }

    /// Every cell of a wide row has its own place, found without splitting the row's labels
    /// once per mention (a 300,000-cell page used to take half a minute in evidence).
    @Test func everyCellOfAWideRowHasItsPlace() throws {
        let cells = (1...400).map { "<td>戸籍\($0)</td>" }.joined()
        let document = try read("<html><body><table><tr>\(cells)</tr></table></body></html>")
        let row = document.lineRange(1)
        let starts = [row.lowerBound] + row.filter { document.scalars[$0] == 0x09 }.map { $0 + 1 }
        #expect(starts.count == 400)
        for (index, start) in starts.enumerated() {
            #expect(document.location(at: start) == "body/table/tr/td[\(index + 1)]")
            #expect(document.location(at: start + 2) == "body/table/tr/td[\(index + 1)]")
        }
    }

    @Test func shiftJISPagesDecodeAsTheirMetaTagSays() throws {
        let utf8 = try reader.read(path: formatFixture("112275_asaka.html"))
        let sjis = try reader.read(path: formatFixture("112275_asaka.sjis.html"))
        #expect(sjis.encoding == "Shift_JIS")
        #expect(sjis.text == utf8.text)
        #expect(sjis.outline.map(\.title) == utf8.outline.map(\.title))
    }

    @Test func aMetaTagThatLiesLosesToTheBytes() throws {
        let document = try read("<html><head><meta charset=\"Shift_JIS\"></head><body><p>児童手当等の現況届</p></body></html>")
        #expect(document.encoding == "UTF-8")
        #expect(document.text == "児童手当等の現況届\n")
    }

    @Test func theFixtureKeepsThePlansOutlineAndDropsScriptsAndNavigation() throws {
        let document = try reader.read(path: formatFixture("112275_asaka.html"))
        let text = try reader.read(path: plan("112275_asaka.txt"))
        #expect(document.outline.map(\.title) == text.outline.map(\.title))
        #expect(document.outline.map(\.level) == text.outline.map(\.level))
        #expect(document.outline.first?.isTableOfContents == true)
        #expect(!document.text.contains("ワンストップ"), "script, nav, header and footer are dropped")
        #expect(document.text.contains("⑩ 児童手当等の現況届"), "ruby keeps its base text only")
    }

    @Test func xhtmlIsReadAndOtherXMLIsRefusedByName() throws {
        let xhtml = try reader.document(from: Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <html xmlns="http://www.w3.org/1999/xhtml"><body><h1>計画</h1><p>戸籍</p></body></html>
            """.utf8), path: "plan.xhtml")
        #expect(xhtml.format == .html)
        #expect(xhtml.text == "計画\n戸籍\n")
        #expect(throws: IngestError.unsupportedFormat(.xml, "an XML document whose root is <plan>, not XHTML; plancov reads XHTML, DOCX, ODT and XLSX")) {
            try reader.document(from: Array("<?xml version=\"1.0\"?><plan>戸籍</plan>".utf8), path: "plan.xml")
        }
    }
}
