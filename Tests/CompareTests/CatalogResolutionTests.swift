import Foundation
import Testing
@testable import Compare
import Ingest

/// Names in real use resolve, through the bundled catalog and the tagger, to their own item:
/// the official names of the 自動車保有 procedures, the 手順書's 転出届・転入予約, and the
/// aliases and spellings of national-lists.md §5.
struct CatalogResolutionTests {
    static let catalog = try! Catalog.bundled()
    static let tagger = Tagger(catalog: catalog)

    /// Each line of `text` and the ids of the items mentioned on it, in order.
    func resolve(_ text: String) -> [(line: String, ids: [String])] {
        let doc = document(text)
        let found = Self.tagger.tag(doc).mentions
        return text.split(separator: "\n").enumerated().map { number, line in
            let range = doc.lineRange(number + 1)
            return (String(line), found.filter { range.contains($0.sourceRange.lowerBound) }.map { Self.catalog.items[$0.item].id })
        }
    }

    @Test func aPlanWritingTheNewNamesGetsEachResolvedToItsOwnItem() {
        let plan = """
            自動車税環境性能割の申告納付
            自動車税の賦課徴収に関する事項の申告又は報告
            自動車税住所変更届
            自動車の保管場所証明の申請
            戸籍附票
            児童手当の額の改定の請求及び届出
            転出届・転入予約
            保育施設等の利用に係る現況届
            """
        let resolved = resolve(plan)
        let expected = ["procedure.jidosha.01", "procedure.jidosha.02", "procedure.jidosha.03", "procedure.jidosha.04",
                        "system.family-register-attachment", "procedure.kosodate.02", "procedure.hikkoshi.onestop",
                        "procedure.kosodate.13"]
        #expect(resolved.map(\.ids) == expected.map { [$0] }, "\(resolved)")
    }

    /// 戸籍附票 is not the 戸籍 system; 児童手当等の氏名変更… is not the 児童手当 system.
    @Test func longerRealNamesClaimTheShorterNamesInsideThem() {
        #expect(resolve("戸籍附票の標準化").map(\.ids) == [["system.family-register-attachment"]])
        #expect(resolve("戸籍付票システム").map(\.ids) == [["system.family-register-attachment"]], "付票 is a variant of 附票")
        #expect(resolve("児童手当等の氏名変更／住所変更等の届出").map(\.ids) == [["procedure.kosodate.03"]])
        #expect(resolve("保育施設等の継続利用に関する現況届").map(\.ids) == [["procedure.kosodate.13"]])
        #expect(resolve("児童手当等に係る寄附変更等の申出").map(\.ids) == [["procedure.kosodate.07"]])
    }

    /// How each resolves: the official names exactly, aliases and spellings as variants.
    @Test func officialNamesAreExactAliasesAndSpellingsVariants() throws {
        let doc = document("自動車税住所変更届。転出届・転入予約。戸籍附票。児童手当の額の改定の請求及び届出。")
        let found = Self.tagger.tag(doc).mentions
        #expect(found.map(\.match) == [.exact, .exact, .variant, .variant])
        #expect(found.map(\.alias) == [nil, nil, "戸籍附票", nil])
    }

    /// The umbrella wordings of the 自動車保有 procedures name the group, not an item.
    @Test func theUmbrellaWordingIsTheGroupsCollectiveForm() throws {
        let result = Self.tagger.tag(document("自動車保有関係手続のワンストップサービスを推進する"))
        #expect(result.mentions.isEmpty)
        let group = try #require(Self.catalog.groups.firstIndex { $0.name == "自動車保有" })
        #expect(result.groups.map(\.groups) == [[group]])
        #expect(Self.tagger.tag(document("自動車保有関係手続")).groups.map(\.groups) == [[group]])
    }

    /// The plans' old wording of the moving procedure still resolves, as an alias.
    @Test func thePlansWordingOfTheMovingProcedureIsAnAlias() {
        #expect(resolve("転出・転入手続のワンストップ化").map(\.ids) == [["procedure.hikkoshi.onestop"]])
        #expect(resolve("引越しワンストップサービス").map(\.ids) == [["procedure.hikkoshi.onestop"]])
    }
}
