import Foundation
import Testing
import ZIPFoundation
@testable import Ingest

struct SpreadsheetTests {
    let reader = DocumentReader()

    @Test func sheetsAreSectionsAndRowsAreTableRows() throws {
        let document = try reader.read(path: formatFixture("112275_asaka-procedures.xlsx"))
        #expect(document.outline.map(\.title) == ["オンライン化手続一覧", "標準化対象業務"])
        #expect(document.text.contains("⑩\t児童手当等の現況届\t子育て関係（15手続）"))
        let line = try #require(document.lineStarts.indices.first { document.text(document.lineRange($0 + 1)).contains("児童手当等の現況届") })
        let range = document.lineRange(line + 1)
        #expect(document.location(at: range.lowerBound + 3) == "オンライン化手続一覧!B\(line)")
    }

    @Test func inlineStringsSharedStringsAndPhoneticGuides() throws {
        let bytes = try zip([
            ("[Content_Types].xml", "<Types/>"),
            ("xl/workbook.xml", """
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="手続" sheetId="1" r:id="rId1"/></sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
                """),
            ("xl/sharedStrings.xml", """
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>妊娠の</t></r><r><t>届出</t></r><rPh sb="0" eb="2"><t>ニンシン</t></rPh></si></sst>
                """),
            ("xl/worksheets/sheet1.xml", """
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="3"><c r="A3"><v>15</v></c><c r="C3" t="s"><v>0</v></c><c r="D3" t="inlineStr"><is><t>子育て</t></is></c></row></sheetData></worksheet>
                """),
        ])
        let document = try reader.document(from: bytes, path: "list.xlsx")
        #expect(document.text == "手続\n15\t妊娠の届出\t子育て\n")
        #expect(document.lineLocations == ["手続", "手続!A3\t手続!C3\t手続!D3"])
    }
}
