import Batch
import Foundation
import Testing
@testable import Compare
import Ingest

/// The same plan gives the same coverage row from every form a municipality publishes it in:
/// text in any encoding, an HTML page (UTF-8 or Shift_JIS), DOCX, ODT and PDF
/// (Tests/Fixtures/formats, made from the corpus by scripts/make-format-fixtures.py).
struct FormatCoverageTests {
    static let catalog = try! Catalog.bundled()

    /// The coverage matrix of one file read on its own, as the plan's municipality, through
    /// the product's entry point (a file that cannot be read is an error here, not a row).
    static func matrix(_ path: String, code: String) throws -> CoverageMatrix {
        let entry = CorpusEntry(path: path, municipality: Municipality(code: code, name: code, prefecture: nil))
        let result = try CoverageBatch(catalog: { catalog }).run(entries: [entry])
        if let failure = result.failures.first { throw failure.error }
        return result.matrix
    }

    static func row(_ path: String, code: String) throws -> [String: CellStatus] {
        let matrix = try matrix(path, code: code)
        return Dictionary(uniqueKeysWithValues: matrix.items.enumerated().map { ($1.id, matrix.cell(0, $0).status) })
    }

    static func fixture(_ name: String) -> String { repositoryRoot.appendingPathComponent("Tests/Fixtures/formats/\(name)").path }

    @Test(arguments: [
        ("112275_asaka", "112275", "112275_asaka.html"), ("112275_asaka", "112275", "112275_asaka.sjis.html"),
        ("112275_asaka", "112275", "112275_asaka.docx"), ("112275_asaka", "112275", "112275_asaka.odt"),
        ("112275_asaka", "112275", "112275_asaka.pdf"),
        ("012165_ashibetsu", "012165", "012165_ashibetsu.html"), ("012165_ashibetsu", "012165", "012165_ashibetsu.sjis.html"),
        ("012165_ashibetsu", "012165", "012165_ashibetsu.docx"), ("012165_ashibetsu", "012165", "012165_ashibetsu.odt"),
        ("012165_ashibetsu", "012165", "012165_ashibetsu.pdf"),
    ])
    func everyFormGivesTheTextsRow(plan: String, code: String, file: String) throws {
        let text = try Self.row(repositoryRoot.appendingPathComponent("corpus/plans/\(plan).txt").path, code: code)
        let other = try Self.row(Self.fixture(file), code: code)
        #expect(text.values.contains(.listed) && text.values.contains(.absent), "a row worth comparing")
        for (item, status) in text.sorted(by: { $0.key < $1.key }) {
            #expect(other[item] == status, "\(file): \(item) is \(other[item].map(\.rawValue) ?? "nil"), \(status.rawValue) in the text")
        }
    }

    @Test func encodingsOfTheTextGiveTheSameRowToo() throws {
        let text = try Self.row(repositoryRoot.appendingPathComponent("corpus/plans/112275_asaka.txt").path, code: "112275")
        for file in ["112275_asaka.cp932.txt", "112275_asaka.utf16le-bom.txt"] {
            let encoded = try Self.row(repositoryRoot.appendingPathComponent("Tests/Fixtures/encodings/\(file)").path, code: "112275")
            #expect(encoded == text, "\(file)")
        }
    }

    func evidence(_ file: String, code: String, item: String) throws -> [Evidence] {
        let matrix = try Self.matrix(Self.fixture(file), code: code)
        return matrix.cell(0, try #require(matrix.items.firstIndex { $0.id == item })).evidence
    }

    @Test func htmlEvidenceNamesTheElement() throws {
        let found = try #require(try evidence("112275_asaka.html", code: "112275", item: "procedure.kosodate.10").first)
        #expect(found.location == "body/main/table[2]/tr[11]/td[2]")
        #expect(found.excerpt == "⑩ 児童手当等の現況届")
        #expect(found.section == ["3 行政情報デジタル化推進方針", "(1) 行政手続のオンライン化"])
    }

    @Test func docxEvidenceNamesTheParagraph() throws {
        let found = try #require(try evidence("112275_asaka.docx", code: "112275", item: "procedure.kosodate.10").first)
        let paragraph = try #require(found.location.flatMap { Int($0.dropFirst(2)) })
        let lines = try String(contentsOf: repositoryRoot.appendingPathComponent("corpus/plans/112275_asaka.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(lines[paragraph - 1].contains("⑩ 児童手当等の現況届"))
    }

    @Test func pdfEvidenceNamesThePage() throws {
        let found = try #require(try evidence("012165_ashibetsu.pdf", code: "012165", item: "procedure.hisai.01").first)
        let page = try #require(found.page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-layout", "-f", "\(page)", "-l", "\(page)", "-enc", "UTF-8", Self.fixture("012165_ashibetsu.pdf"), "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let onPage = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(onPage.contains(found.matched), "page \(page) holds \(found.matched)")
        #expect(found.location == nil)
    }

    @Test func xlsxEvidenceNamesTheCellAndTheSheetIsTheSection() throws {
        let found = try #require(try evidence("112275_asaka-procedures.xlsx", code: "112275", item: "procedure.kosodate.10").first)
        #expect(found.location?.hasPrefix("オンライン化手続一覧!B") == true)
        #expect(found.section == ["オンライン化手続一覧"])
        #expect(found.topics == ["procedure"])
    }
}
