import Foundation
import TestSupport
import Testing
@testable import Compare
import Ingest

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Lookups by the names a reader of the plans uses.
extension CoverageMatrix {
    func statuses(_ municipality: String, group: String) -> [String: CellStatus] {
        let m = municipalityIndex(matching: municipality)!
        var result = [String: CellStatus]()
        for (i, item) in items.enumerated() where item.group == group { result[item.name] = cell(m, i).status }
        return result
    }

    func cell(_ municipality: String, _ itemName: String) -> Cell {
        cell(municipalityIndex(matching: municipality)!, items.firstIndex { $0.name == itemName }!)
    }
}

/// The coverage of the five bundled plans, built through the library stages, checked against
/// what a careful reader finds in them (see corpus/README.md).
struct CorpusCoverageTests {
    static let matrix: CoverageMatrix = {
        let catalog = try! Catalog.bundled()
        let tagger = Tagger(catalog: catalog)
        let corpus = Corpus(paths: [repositoryRoot.appendingPathComponent("corpus").path])
        let analyses = corpus.entries.map { entry in
            DocumentAnalysis(entry: entry, document: try! DocumentReader().read(path: entry.path), tagger: tagger)
        }
        return CoverageBuilder.build(catalog: catalog, analyses: analyses, errors: [])
    }()

    var matrix: CoverageMatrix { Self.matrix }

    func statuses(_ municipality: String, group: String) -> [String: CellStatus] { matrix.statuses(municipality, group: group) }
    func status(_ municipality: String, _ itemName: String) -> CellStatus { matrix.cell(municipality, itemName).status }
    func evidence(_ municipality: String, _ itemName: String) -> [Evidence] { matrix.cell(municipality, itemName).evidence }

    @Test func everyMunicipalityTimesEveryItemIsACell() {
        #expect(matrix.municipalities.map(\.name) == ["芦別市", "朝霞市", "新座市", "武蔵野市", "姶良市"])
        #expect(matrix.cells.count == 5 * matrix.items.count)
    }

    @Test(arguments: ["朝霞市", "新座市"])
    func asakaAndNiizaNameAllTwentySystems(municipality: String) {
        let systems = statuses(municipality, group: "標準化対象20業務")
        #expect(systems.count == 20)
        #expect(systems.values.allSatisfy { $0 != .absent && $0 != .group }, "\(systems.filter { $0.value == .absent || $0.value == .group }.keys)")
    }

    @Test func niizaWritesItsOwnSpellingsOfTwoSystems() {
        #expect(evidence("新座市", "障害者福祉").map(\.matched) == ["障がい者福祉"])
        #expect(evidence("新座市", "住民基本台帳").first?.excerpt.contains("住民基本台帳（外国人含む）") == true)
    }

    @Test(arguments: ["朝霞市", "姶良市", "新座市", "芦別市"])
    func fourPlansNameAllTwentySixChildcareAndCareProcedures(municipality: String) {
        let procedures = statuses(municipality, group: "子育て").merging(statuses(municipality, group: "介護")) { a, _ in a }
        #expect(procedures.count == 26)
        let missing = procedures.filter { $0.value == .absent || $0.value == .group }.keys.sorted()
        #expect(missing.isEmpty, "\(municipality) misses \(missing)")
    }

    @Test func howeverSpelled() {
        // Aira: half-width brackets and a dropped 等; Asaka: 居住 for 居宅.
        #expect(evidence("姶良市", "未支払の児童手当等の請求").first?.matched == "未支払の児童手当の請求")
        #expect(evidence("姶良市", "居宅（介護予防）サービス計画作成（変更）依頼の届出").first?.match == .variant)
        let asaka = evidence("朝霞市", "居宅（介護予防）サービス計画作成（変更）依頼の届出")
        #expect(asaka.first?.match == .fuzzy)
        #expect(asaka.first?.line == 93)
        #expect(asaka.first?.matched == "居住（介護予防）サービス計画作成（変更）依頼の届出")
    }

    @Test func disasterCertificate() {
        #expect(evidence("姶良市", "罹災証明書の発行申請").first?.matched == "罹災証明の発行申請")
        #expect(evidence("新座市", "罹災証明書の発行申請").first?.matched == "り災証明書の発行申請")
        #expect(evidence("芦別市", "罹災証明書の発行申請").first?.match == .exact)
        #expect(status("朝霞市", "罹災証明書の発行申請") == .absent)
    }

    /// The 手順書's 転出届・転入予約, which the plans write in their own words (aliases).
    @Test func movingOneStop() {
        #expect(evidence("姶良市", "転出届・転入予約").first?.matched == "転入・転出手続きのワンストップ化")
        #expect(evidence("新座市", "転出届・転入予約").map(\.line) == [246, 248])
        #expect(evidence("新座市", "転出届・転入予約").map(\.alias) == ["転出・転入（転居）手続", "転出届・転入（転居）予約"])
        #expect(status("朝霞市", "転出届・転入予約") == .absent)
        #expect(status("芦別市", "転出届・転入予約") == .absent)
    }

    @Test func musashinoNamesNoProcedureAndNoSystem() {
        let m = matrix.municipalityIndex(matching: "武蔵野市")!
        let named = matrix.items.indices.filter { [.listed, .mentioned].contains(matrix.cell(m, $0).status) }
        #expect(named.isEmpty, "\(named.map { matrix.items[$0].name })")
        // It refers to the 20 systems as a whole (20業務, 標準化対象事務).
        #expect(statuses("武蔵野市", group: "標準化対象20業務").values.allSatisfy { $0 == .group })
    }

    @Test func ashibetsuAppendixTwoListsEveryOtherProcedure() {
        let others = statuses("芦別市", group: "その他")
        #expect(others.count == 19)
        #expect(others.values.allSatisfy { $0 == .listed })
        // 付録2 22. 被災者支援関係: 罹災証明書 (one of the 31) and the other seven.
        #expect(statuses("芦別市", group: "被災者支援") == ["罹災証明書の発行申請": .listed])
        let disaster = statuses("芦別市", group: "被災者支援（優先手続）")
        #expect(disaster.count == 7 && disaster.values.allSatisfy { $0 == .listed })
    }

    @Test func organizationNamesInAiraAreNotMentions() {
        // 長寿障害福祉課(介護保険係) on line 126; the 介護保険 of its RPA table (line 229) is.
        #expect(evidence("姶良市", "介護保険").map(\.line) == [229])
    }

    @Test func evidenceQuotesTheOriginalLine() throws {
        let found = evidence("朝霞市", "戸籍の附票")
        #expect(found.count == 1)
        let e = try #require(found.first)
        #expect(e.document.hasSuffix("corpus/plans/112275_asaka.txt"))
        #expect(e.line == 129)
        #expect(e.page == nil)
        #expect(e.excerpt == "⑲ 戸籍の附票 ⑳ 印鑑登録")
        #expect(e.match == .exact && e.score == 1)
    }
}

struct ReportTests {
    var matrix: CoverageMatrix { CorpusCoverageTests.matrix }

    @Test func jsonFollowsTheContract() throws {
        let data = try ReportFormat.json.render(matrix)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "plancov.coverage/1")
        #expect(Set(object.keys) == ["schema", "catalog", "municipalities", "items", "cells", "errors"])
        // The README promises contract order, one element a line.
        let text = String(decoding: data, as: UTF8.self)
        let order = ["\"schema\"", "\n  \"catalog\"", "\n  \"municipalities\"", "\n  \"items\"", "\n  \"cells\"", "\n  \"errors\""]
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
}

struct JSONStreamTests {
    /// A matrix of 12,000 cells: eight or more chunks, more than the renderers may keep ahead
    /// of the writer, so they wait for it; every cell must still come out once and in order.
    func largeMatrix() throws -> CoverageMatrix {
        let items = (0..<40).map { ("i\($0)", "手続\($0)") }
        let catalog = try smallCatalog(items: items)
        let analyses = (0..<300).map { m -> DocumentAnalysis in
            let code = String(100_000 + m)
            let evidence = m % 3 == 0 ? [] : [(item: m % 40, evidence: Evidence(
                document: "\(code).txt", line: m, page: nil, section: ["第1章 \"はじめに\""], topics: ["c"],
                excerpt: "…\(m)件の手続\(m % 40)\t申請…", match: .exact, score: 1, matched: "手続\(m % 40)", alias: nil))]
            return DocumentAnalysis(entry: CorpusEntry(path: "\(code).txt", municipality: .init(code: code, name: code, prefecture: nil)),
                                    evidence: evidence, groupsReferred: [])
        }
        return CoverageBuilder.build(catalog: catalog, analyses: analyses, errors: [])
    }

    @Test func aReportOfManyChunksReadsBackAsItsMatrix() throws {
        let matrix = try largeMatrix()
        #expect(matrix.cells.count == 12_000)
        var parts = 0
        var bytes = [UInt8]()
        JSONReport.stream(matrix) { part in parts += 1; bytes += part.bytes }
        #expect(parts >= 10, "head, at least eight chunks, tail")
        #expect(try JSONDecoder().decode(CoverageMatrix.self, from: Data(bytes)) == matrix)
    }

    /// Cell keys are copied from rendered rows and columns only where a cell holds the keys its
    /// place implies. A matrix decoded from someone else's JSON may hold its cells in another
    /// order (or keys no row has): those are written from the cell itself, so the report
    /// still reads back as the matrix it came from.
    @Test func cellsOutOfTheirImpliedPlaceAreWrittenAsTheyAre() throws {
        let matrix = try largeMatrix()
        var cells = matrix.cells
        cells.swapAt(3, 4_321)                                   // two cells of other rows and columns
        cells[7] = CoverageMatrix.Cell(municipality: "99999\"9", item: cells[7].item, status: .absent, evidence: [])
        cells[8] = CoverageMatrix.Cell(municipality: cells[8].municipality, item: cells[8].item + "x", status: .group, evidence: [])
        let shuffled = CoverageMatrix(schema: matrix.schema, catalog: matrix.catalog, municipalities: matrix.municipalities,
                                      items: matrix.items, cells: cells, errors: matrix.errors)
        var bytes = [UInt8]()
        JSONReport.stream(shuffled) { bytes += $0.bytes }
        let decoded = try JSONDecoder().decode(CoverageMatrix.self, from: Data(bytes))
        #expect(decoded == shuffled)
        #expect(decoded.cells[3] == matrix.cells[4_321] && decoded.cells[4_321] == matrix.cells[3])
        #expect(decoded.cells[7].municipality == "99999\"9")
    }

    /// A write that fails half way (a full disk) ends the stream with its error; the renderers
    /// still waiting for their turn are let go instead of holding the process forever.
    @Test func aFailedWriteEndsTheStreamWithoutHanging() throws {
        struct DiskFull: Error {}
        let matrix = try largeMatrix()
        var parts = 0
        #expect(throws: DiskFull.self) {
            try JSONReport.stream(matrix) { _ in
                parts += 1
                if parts == 2 { throw DiskFull() }
            }
        }
        #expect(parts == 2)
    }
}

struct JSONWriterTests {
    @Test func escapesWhatJSONAndJavaScriptNeedAndKeepsJapanese() throws {
        var writer = JSONWriter()
        writer.string("児童\"手当\\\n\t\u{01}\u{2028}…")
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == #""児童\"手当\\\n\t\u0001\u2028…""#)
        let decoded = try JSONSerialization.jsonObject(with: Data(writer.bytes), options: .fragmentsAllowed) as? String
        #expect(decoded == "児童\"手当\\\n\t\u{01}\u{2028}…")
    }

    /// The writer skips eight bytes at a time where nothing needs escaping: on strings of
    /// every length, with the characters to escape anywhere (and look-alikes such as ※ and
    /// … whose UTF-8 starts like U+2028's), it must write what a character-by-character
    /// escaper writes.
    @Test func escapesLikeACharacterByCharacterEscaper() {
        let alphabet: [String] = ["a", "児", "\"", "\\", "\n", "\t", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}", "※", "…", " ", "Z", "手当"]
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0x2028: out += "\\u2028"
                case 0x2029: out += "\\u2029"
                case 0..<0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        var random = SeededRandom(seed: 11)
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int(random.next() >> 59) {
                text += alphabet[random.next(alphabet.count)]
            }
            var writer = JSONWriter()
            writer.string(text)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == reference(text), "\(text.debugDescription)")
        }
    }
}

struct CoverageBuilderTests {
    /// The matrix reads each cell's evidence in place to decide whether it is already in
    /// (document, line) order: on random lists (few documents, repeated lines) the answer must
    /// be the tuple comparison's, and the cell's evidence the sorted list either way.
    @Test func evidenceOrderIsJudgedAsByComparingDocumentAndLine() {
        var random = SeededRandom(seed: 3)
        var unordered = 0
        for _ in 0..<3000 {
            let list = (0..<random.next(6)).map { _ in
                Evidence(document: ["a.txt", "b.txt", "a.txt"][random.next(3)], line: random.next(4), page: nil, section: [],
                         topics: [], excerpt: "", match: .exact, score: 1, matched: "", alias: nil)
            }
            let expected = zip(list, list.dropFirst()).allSatisfy { ($0.document, $0.line) <= ($1.document, $1.line) }
            #expect(CoverageBuilder.isInOrder(list) == expected, "\(list.map { ($0.document, $0.line) })")
            if !expected { unordered += 1 }
        }
        #expect(unordered > 500, "lists out of order are among the inputs")
        let listed = Evidence(document: "a.txt", line: 1, page: nil, section: [], topics: ["system"], excerpt: "", match: .exact,
                              score: 1, matched: "", alias: nil)
        let other = Evidence(document: "a.txt", line: 2, page: nil, section: [], topics: ["procedure"], excerpt: "", match: .exact,
                             score: 1, matched: "", alias: nil)
        #expect(CoverageBuilder.anyIsListed([other, listed], category: "system"))
        #expect(!CoverageBuilder.anyIsListed([other], category: "system"))
    }
}
