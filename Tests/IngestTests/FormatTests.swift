import Foundation
import Testing
import ZIPFoundation
@testable import Ingest

func formatFixture(_ name: String) -> String { repositoryRoot.appendingPathComponent("Tests/Fixtures/formats/\(name)").path }

/// The non-blank lines of a corpus plan: the fixture DOCX has one paragraph per such line.
func nonBlankLines(_ plan: String) throws -> [String] {
    try String(contentsOfFile: repositoryRoot.appendingPathComponent("corpus/plans/\(plan)").path, encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
}

/// A zip archive built in memory from (path, text) pairs: small DOCX/XLSX files for one rule each.
func zip(_ entries: [(String, String)], method: CompressionMethod = .deflate) throws -> [UInt8] {
    let archive = try Archive(data: Data(), accessMode: .create)
    for (path, text) in entries {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
    }
    return [UInt8](archive.data!)
}

let wordNamespace = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

func docx(body: String, styles: String? = nil, footnotes: String? = nil) throws -> [UInt8] {
    var entries = [("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
                   ("word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \(wordNamespace)><w:body>\(body)</w:body></w:document>")]
    if let styles { entries.append(("word/styles.xml", "<?xml version=\"1.0\"?><w:styles \(wordNamespace)>\(styles)</w:styles>")) }
    if let footnotes { entries.append(("word/footnotes.xml", "<?xml version=\"1.0\"?><w:footnotes \(wordNamespace)>\(footnotes)</w:footnotes>")) }
    return try zip(entries)
}

struct FormatSniffingTests {
    let reader = DocumentReader()

    @Test(arguments: [
        ("112275_asaka.html", DocumentFormat.html), ("112275_asaka.docx", .docx), ("112275_asaka.odt", .odt),
        ("112275_asaka.pdf", .pdf), ("112275_asaka-procedures.xlsx", .xlsx),
    ])
    func zipArchivesAreToldApartByTheirEntries(file: String, format: DocumentFormat) throws {
        #expect(try reader.read(path: formatFixture(file)).format == format)
    }

    @Test func contentWinsOverTheExtension() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: formatFixture("112275_asaka.docx"))))
        let document = try reader.document(from: bytes, path: "plan.txt")
        #expect(document.format == .docx)
    }

    @Test func textTakesNoNewPath() throws {
        let document = try reader.read(path: plan("112275_asaka.txt"))
        #expect(document.lineLocations == nil)
        #expect(document.location(at: 100) == nil)
    }
}

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

struct PDFTests {
    let reader = DocumentReader()

    @Test func pagesComeFromFormFeeds() throws {
        let document = try reader.read(path: formatFixture("112275_asaka.pdf"))
        #expect(document.format == .pdf)
        #expect((document.pageStarts?.count ?? 0) >= 5)
        #expect(document.lineLocations == nil)
        let offset = try #require(document.text.unicodeScalars.map(\.value).firstIndex(of: 0x2469))   // ⑩
        let page = try #require(document.page(at: offset))
        // pdftotext on that page alone shows the line.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-f", "\(page)", "-l", "\(page)", "-enc", "UTF-8", formatFixture("112275_asaka.pdf"), "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.contains("⑩"))
    }

    @Test func aMissingPdftotextSaysHowToInstallIt() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: formatFixture("112275_asaka.pdf"))))
        #expect(throws: IngestError.toolMissing(tool: "pdftotext", install: "apt-get install poppler-utils (or run scripts/setup.sh)")) {
            try PDFExtractor(searchPath: "/nonexistent").extract(bytes, path: "plan.pdf")
        }
    }
}

/// Every hostile file gets its own clear error, never a crash, a hang or an empty success.
struct HostileFileTests {
    let reader = DocumentReader()

    func error(_ name: String) -> IngestError? {
        do {
            _ = try reader.read(path: formatFixture("hostile/\(name)"))
            return nil
        } catch {
            return error.error
        }
    }

    @Test func billionLaughsIsRefusedInXMLAndInDOCX() {
        #expect(error("billion-laughs.xml") == .entityExpansion(part: "the XML document"))
        #expect(error("billion-laughs.docx") == .entityExpansion(part: "word/document.xml"))
    }

    @Test func anExternalEntityIsRefusedAndNeverLoaded() throws {
        let refused = try #require(error("external-entity.docx"))
        #expect(refused == .entityDeclaration(part: "word/document.xml", entity: "external entity \"xxe\" (SYSTEM \"file:///etc/passwd\")"))
        #expect(!"\(refused)".contains("root:"))
    }

    @Test func aZipBombIsRefusedBeforeInflating() throws {
        guard case .zipBomb(let reason) = try #require(error("zip-bomb.docx")) else { Issue.record("not a zip bomb error"); return }
        #expect(reason.contains("word/document.xml would inflate"))
    }

    @Test func zipLimitsHoldWhateverTheHeadersSay() throws {
        let bytes = try docx(body: String(repeating: "<w:p><w:r><w:t>戸籍</w:t></w:r></w:p>", count: 2000))
        #expect(throws: IngestError.zipBomb("its entries would inflate to more than 0 MB")) {
            _ = try ZipArchive(bytes, limits: .init(maxTotalSize: 1000))
        }
        #expect(throws: IngestError.zipBomb("more than 1 entries")) {
            _ = try ZipArchive(bytes, limits: .init(maxEntries: 1))
        }
    }

    @Test func aTruncatedArchiveIsDamaged() {
        #expect(error("truncated.docx") == .brokenArchive("its end record is missing (a truncated download?)"))
    }

    @Test func anHTMLPageSavedAsPDFIsNotReadAsAPlan() {
        #expect(error("error-page.pdf") == .mismatchedContent(found: .html, claimed: "PDF"))
    }

    @Test func aTruncatedPDFIsNotReadable() throws {
        guard case .brokenPDF(let reason) = try #require(error("truncated.pdf")) else { Issue.record("not a broken PDF error"); return }
        #expect(reason.hasPrefix("pdftotext says:"))
    }

    @Test func aScanWithNoTextLayerSaysSo() throws {
        let refused = try #require(error("scan.pdf"))
        #expect(refused == .noTextLayer(pages: 2))
        #expect("\(refused)".contains("probably a scan"))
    }

    @Test func anArchiveOfOtherFilesIsRefusedByName() throws {
        let bytes = try zip([("notes.txt", "戸籍")])
        #expect(throws: IngestError.unsupportedFormat(.zip, "a zip archive of other files; unpack it and point plancov at the folder")) {
            try reader.document(from: bytes, path: "plan.zip")
        }
    }
}

/// plancov's own zip reader (Ingest/Formats/ZipArchive.swift): it reads what a zip writer
/// (ZIPFoundation here) writes, and every kind of damage ends in an error naming the entry.
struct ZipReaderTests {
    let text = String(repeating: "住民基本台帳、戸籍、児童手当の認定請求。", count: 200)

    @Test(arguments: [false, true])
    func readsWhatAZipWriterWrote(stored: Bool) throws {
        let archive = try ZipArchive(try zip([("a.txt", text), ("dir/b.xml", "<b/>")], method: stored ? .none : .deflate))
        #expect(Set(archive.entries.keys) == ["a.txt", "dir/b.xml"])
        #expect(try archive.read("a.txt") == Array(text.utf8))
        #expect(try archive.read("dir/b.xml") == Array("<b/>".utf8))
    }

    @Test func aDeflateStreamCutShortIsAnErrorNotALoop() throws {
        // The odt fuzz target's find: ZIPFoundation inflated this entry forever.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: repositoryRoot.appendingPathComponent("Tests/Fixtures/hostile/deflate-past-end.odt").path)))
        #expect(throws: IngestError.brokenArchive("content.xml cannot be inflated: its compressed data ends early (a truncated download?)")) {
            _ = try ZipArchive(bytes).read("content.xml")
        }
    }

    @Test func aChangedByteFailsTheChecksum() throws {
        var bytes = try zip([("a.txt", text)], method: .none)
        let at = try #require(bytes.firstIndex(of: Array("戸".utf8)[0]))
        bytes[at + 1] ^= 1
        #expect(throws: IngestError.brokenArchive("a.txt: a checksum does not match (the file is damaged)")) {
            _ = try ZipArchive(bytes).read("a.txt")
        }
    }

    @Test func damagedDeflateDataSaysSo() throws {
        var bytes = try zip([("a.txt", text)])
        bytes[30 + 5] = 0xFF  // the first bytes of the stream, after the header and "a.txt"
        do {
            _ = try ZipArchive(bytes).read("a.txt")
            Issue.record("read a damaged entry")
        } catch .brokenArchive(let reason) {
            #expect(reason.hasPrefix("a.txt cannot be inflated: ") || reason.hasPrefix("a.txt: a checksum"), "\(reason)")
        } catch {
            Issue.record("not a damaged archive: \(error)")
        }
    }

    @Test func aRecordPointingPastTheEndIsDamaged() throws {
        var bytes = try zip([("a.txt", text)])
        let record = try #require(find([0x50, 0x4B, 0x01, 0x02], in: bytes))
        bytes.replaceSubrange(record + 42..<record + 46, with: [0xF0, 0xFF, 0xFF, 0x00])
        #expect(throws: IngestError.brokenArchive("a.txt has no local header where its record points (the archive is damaged)")) {
            _ = try ZipArchive(bytes).read("a.txt")
        }
        #expect(throws: IngestError.brokenArchive("its end record is missing (a truncated download?)")) {
            _ = try ZipArchive(Array(bytes[..<record]))
        }
    }

    @Test func zip64RecordsAreRead() throws {
        let archive = try ZipArchive(zip64Stored(path: "word/document.xml", content: Array(text.utf8)))
        #expect(Set(archive.entries.keys) == ["word/document.xml"])
        #expect(try archive.read("word/document.xml") == Array(text.utf8))
    }

    func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        (0...(bytes.count - needle.count)).first { Array(bytes[$0..<$0 + needle.count]) == needle }
    }

    /// A one-entry stored archive in the ZIP64 layout: saturated sizes and offsets in the
    /// classic fields, the real ones in the 0x0001 extra field and the ZIP64 end record.
    func zip64Stored(path: String, content: [UInt8]) -> [UInt8] {
        func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        let name = Array(path.utf8), crc = crc32(content)
        let extra = le(UInt16(1)) + le(UInt16(24)) + le(UInt64(content.count)) + le(UInt64(content.count)) + le(UInt64(0))
        let local = le(UInt32(0x0403_4B50)) + le(UInt16(45)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt32(0)) + le(crc)
            + le(UInt32.max) + le(UInt32.max) + le(UInt16(name.count)) + le(UInt16(20))
            + name + le(UInt16(1)) + le(UInt16(16)) + le(UInt64(content.count)) + le(UInt64(content.count)) + content
        let central = le(UInt32(0x0201_4B50)) + le(UInt16(45)) + le(UInt16(45)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt32(0))
            + le(crc) + le(UInt32.max) + le(UInt32.max) + le(UInt16(name.count)) + le(UInt16(extra.count)) + le(UInt16(0))
            + le(UInt16(0)) + le(UInt16(0)) + le(UInt32(0)) + le(UInt32.max) + name + extra
        let end64 = le(UInt32(0x0606_4B50)) + le(UInt64(44)) + le(UInt16(45)) + le(UInt16(45)) + le(UInt32(0)) + le(UInt32(0))
            + le(UInt64(1)) + le(UInt64(1)) + le(UInt64(central.count)) + le(UInt64(local.count))
        let locator = le(UInt32(0x0706_4B50)) + le(UInt32(0)) + le(UInt64(local.count + central.count)) + le(UInt32(1))
        let end = le(UInt32(0x0605_4B50)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16.max) + le(UInt16.max)
            + le(UInt32.max) + le(UInt32.max) + le(UInt16(0))
        return local + central + end64 + locator + end
    }

    func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
