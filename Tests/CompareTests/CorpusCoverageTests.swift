import Batch
import Foundation
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
    /// Through the product's own entry point, as `plancov compare corpus` runs it.
    static let matrix: CoverageMatrix = {
        let batch = CoverageBatch(catalog: { try Catalog.bundled() })
        return try! batch.run(paths: [repositoryRoot.appendingPathComponent("corpus").path]).matrix
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
