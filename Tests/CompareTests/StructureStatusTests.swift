import Foundation
import Testing
@testable import Compare
import Ingest

/// Where a name stands decides what it means: the statuses of the structure issue, on the
/// five plans.
struct StructureStatusTests {
    var matrix: CoverageMatrix { CorpusCoverageTests.matrix }

    func statuses(_ municipality: String, group: String) -> [String: CellStatus] { matrix.statuses(municipality, group: group) }
    func cell(_ municipality: String, _ itemName: String) -> CoverageMatrix.Cell { matrix.cell(municipality, itemName) }

    @Test func asakaListsItsSystemsAndProceduresInTheirOwnSections() {
        #expect(statuses("朝霞市", group: "標準化対象20業務").values.allSatisfy { $0 == .listed })
        #expect(cell("朝霞市", "戸籍").evidence.first?.section == ["3 行政情報デジタル化推進方針", "(2) 自治体情報システムの標準化・共通化"])
        for group in ["子育て", "介護"] {
            #expect(statuses("朝霞市", group: group).values.allSatisfy { $0 == .listed })
        }
        #expect(cell("朝霞市", "妊娠の届出").evidence.first?.section == ["3 行政情報デジタル化推進方針", "(1) 行政手続のオンライン化"])
    }

    @Test func airaNamesSystemsOnlyInItsAIAndRPATables() {
        let systems = statuses("姶良市", group: "標準化対象20業務")
        #expect(!systems.values.contains(.listed))
        let juki = cell("姶良市", "住民基本台帳")
        #expect(juki.status == .mentioned)
        #expect(juki.evidence.count == 2, "the RPA table (line 216) and the data citation (line 196)")
        #expect(juki.evidence.allSatisfy { $0.section.first == "5.3 AI・RPAの活用・推進" })
        #expect(statuses("姶良市", group: "子育て").values.allSatisfy { $0 == .listed })
    }

    @Test func ashibetsuStandardizationSectionListsThreeSystems() {
        for name in ["戸籍", "戸籍の附票", "印鑑登録"] {
            #expect(cell("芦別市", name).status == .listed, "\(name)")
        }
        let allowance = cell("芦別市", "児童手当")
        #expect(allowance.status == .mentioned)
        #expect(allowance.evidence.first?.section.last == "イ マイナンバーを活用した情報連携の円滑な運用")
        // The other 17 systems: its standardization section refers to the 17業務 as a whole.
        #expect(cell("芦別市", "住民基本台帳").status == .group)
    }

    @Test func musashinoRefersToTheTwentySystemsOnlyAsAWhole() {
        #expect(statuses("武蔵野市", group: "標準化対象20業務").values.allSatisfy { $0 == .group })
    }

    @Test func niizaListsSystemsProceduresAndSixOtherProcedures() {
        #expect(statuses("新座市", group: "標準化対象20業務").values.allSatisfy { $0 == .listed })
        for group in ["子育て", "介護"] {
            #expect(statuses("新座市", group: group).values.allSatisfy { $0 == .listed })
        }
        let others = statuses("新座市", group: "その他").filter { $0.value == .listed }.keys.sorted()
        #expect(others == ["図書館の図書貸出予約等", "地方税申告手続（eLTAX）", "文化・スポーツ施設等の利用予約等",
                           "水道使用開始届等", "研修・講習・各種イベント等の申込", "職員採用試験申込"].sorted())
    }

    @Test func tableOfContentsGivesNoTopicAndNoListedStatus() throws {
        let withTopics = try Catalog.parse(yaml: """
            name: t
            categories:
              - {id: c, topics: [標準化]}
            groups:
              - {name: g, category: c}
            items:
              - {id: sys, name: 戸籍, category: c, group: g}
            """, source: "t")
        let text = "目次\n\n1\t戸籍の標準化\t3\n2\t推進体制\t5\n\n1 戸籍の標準化\n\n本文。\n\n2 推進体制\n\n戸籍のデータを活用する。\n"
        var doc = document(text)
        let outline = OutlineParser.parse(doc.scalars, lineStarts: doc.lineStarts)
        doc.outline = outline.headings
        doc.layout = outline.layout
        let tagger = Tagger(catalog: withTopics)
        let analysis = DocumentAnalysis(entry: CorpusEntry(path: "t.txt", municipality: .init(code: nil, name: "t", prefecture: nil), title: nil, date: nil),
                                        document: doc, tagger: tagger)
        // 戸籍 appears in the contents (line 3) and in the body of 2 推進体制 (line 12), and in
        // the heading "1 戸籍の標準化" itself.
        let sections = analysis.evidence.map { $0.evidence.section }
        #expect(sections.contains(["目次"]))
        let inContents = analysis.evidence.first { $0.evidence.section == ["目次"] }
        #expect(inContents?.evidence.topics == [String](), "the contents make no topic")
        let inBody = analysis.evidence.first { $0.evidence.line == 12 }
        #expect(inBody?.evidence.section == ["2 推進体制"])
        #expect(inBody?.evidence.topics == [String]())
        let inHeading = analysis.evidence.first { $0.evidence.line == 6 }
        #expect(inHeading?.evidence.topics == ["c"])
    }

    @Test func aHeadingsWordsNeverJoinTheBodyOfTheNextSection() throws {
        let catalog = try smallCatalog(items: [("x", "戸籍の附票")])
        // Without the heading boundary, 戸籍 + の附票 would join across the line break.
        var doc = document("(1) 戸籍\nの附票を含む\n")
        let outline = OutlineParser.parse(doc.scalars, lineStarts: doc.lineStarts)
        doc.outline = outline.headings
        doc.layout = outline.layout
        #expect(doc.outline.map(\.title) == ["(1) 戸籍"])
        #expect(Tagger(catalog: catalog).tag(doc).mentions.isEmpty)
    }

    @Test func debrisDoesNotBreakANameAndMarkupSeparates() throws {
        let catalog = try smallCatalog(items: [("x", "罹災証明書の発行申請"), ("y", "児童手当")])
        var doc = document("**罹災証明書^{*}の発行申請**\n<p>児童</p><p>手当</p>\n")
        let outline = OutlineParser.parse(doc.scalars, lineStarts: doc.lineStarts)
        doc.layout = outline.layout
        let found = Tagger(catalog: catalog).tag(doc).mentions
        #expect(found.map { catalog.items[$0.item].id } == ["x"])
        #expect(doc.text(found[0].sourceRange) == "罹災証明書^{*}の発行申請", "evidence still quotes the original")
    }
}
