import Foundation
import Testing
@testable import Compare
import Ingest

/// The status semantics of `CellStatus`, one test per rule, each on the rule's own example:
/// a small plan read as a text file is, tagged, and its row built.
struct CellStatusTests {
    static let catalog = try! Catalog.parse(yaml: """
        name: rules
        categories:
          - {id: system, name: 標準化対象システム, topics: [標準化]}
          - {id: procedure, name: オンライン化手続, topics: [オンライン化]}
        groups:
          - {name: 標準化対象20業務, category: system, collective: [20業務]}
          - {name: 子育て, category: procedure, collective: [子育て15手続]}
        items:
          - {id: resident, name: 住民基本台帳, category: system, group: 標準化対象20業務}
          - {id: property, name: 固定資産税, category: system, group: 標準化対象20業務}
          - {id: allowance, name: 児童手当等の現況届, category: procedure, group: 子育て}
        """, source: "rules")
    static let tagger = Tagger(catalog: catalog)

    static func document(_ text: String) throws -> Document {
        try DocumentReader().document(from: Array(text.utf8), path: "plan.txt")
    }

    /// The row of a plan made of `text`, by item id.
    static func row(_ text: String) throws -> [String: CoverageMatrix.Cell] {
        let entry = CorpusEntry(path: "plan.txt", municipality: Municipality(code: "999999", name: "試験市", prefecture: nil))
        let analysis = DocumentAnalysis(entry: entry, document: try document(text), tagger: tagger)
        let matrix = CoverageBuilder.build(catalog: catalog, analyses: [analysis], errors: [])
        return Dictionary(uniqueKeysWithValues: matrix.items.indices.map { (matrix.items[$0].id, matrix.cell(0, $0)) })
    }

    @Test func rule1_listedWhenNamedInItsOwnSection() throws {
        let row = try Self.row("1 自治体情報システムの標準化\n\n住民基本台帳システムを移行する。\n")
        #expect(row["resident"]?.status == .listed)
    }

    @Test func rule1_listedWinsOverAMentionElsewhere() throws {
        let row = try Self.row("1 RPAの導入\n\n住民基本台帳の入力を自動化する。\n\n2 自治体情報システムの標準化\n\n住民基本台帳を移行する。\n")
        #expect(row["resident"]?.status == .listed)
        #expect(row["resident"]?.evidence.map(\.line) == [3, 7], "both places stay evidence")
    }

    @Test func rule2_mentionedWhenNamedOnlyElsewhere() throws {
        let row = try Self.row("1 RPAの導入\n\n住民基本台帳の入力を自動化する。\n")
        #expect(row["resident"]?.status == .mentioned)
    }

    @Test func rule3_groupWhenOnlyTheWholeGroupIsReferredTo() throws {
        let row = try Self.row("1 自治体情報システムの標準化\n\n基幹系20業務のうち住民基本台帳から移行する。\n")
        #expect(row["resident"]?.status == .listed)
        #expect(row["property"]?.status == .group)
        #expect(row["property"]?.evidence.isEmpty == true)
        #expect(row["allowance"]?.status == .absent, "another group's reference says nothing of this one")
    }

    /// Rule 6 needs the exclusion markers of the catalog's word classes.
    static let excludingTagger = Tagger(catalog: try! Catalog.parse(yaml: """
        name: rules
        categories:
          - {id: system, name: 標準化対象システム, topics: [標準化]}
        groups:
          - {name: 標準化対象20業務, category: system, collective: [20業務]}
        compounds: {exclusion_markers: [以外, を除く], joiners: ["、", 及び]}
        items:
          - {id: resident, name: 住民基本台帳, category: system, group: 標準化対象20業務}
          - {id: family, name: 戸籍, category: system, group: 標準化対象20業務}
          - {id: property, name: 固定資産税, category: system, group: 標準化対象20業務}
        """, source: "rules"))

    static func excludingRow(_ text: String) throws -> [String: CoverageMatrix.Cell] {
        let entry = CorpusEntry(path: "plan.txt", municipality: Municipality(code: "999999", name: "試験市", prefecture: nil))
        let analysis = DocumentAnalysis(entry: entry, document: try document(text), tagger: excludingTagger)
        let matrix = CoverageBuilder.build(catalog: excludingTagger.catalog, analyses: [analysis], errors: [])
        return Dictionary(uniqueKeysWithValues: matrix.items.indices.map { (matrix.items[$0].id, matrix.cell(0, $0)) })
    }

    @Test func rule6_aNameThePlanLeavesOutNamesNothing() throws {
        let row = try Self.excludingRow("1 自治体情報システムの標準化\n\n20業務（戸籍を除く）を移行する。\n")
        #expect(row["family"]?.status == .absent, "left out of the group it names")
        #expect(row["family"]?.evidence.map(\.qualifier) == [.excluded], "the place stays its evidence")
        #expect(row["resident"]?.status == .group)
        let both = try Self.excludingRow("1 自治体情報システムの標準化\n\n戸籍以外の業務を先行する。\n\n2 その他\n\n戸籍の電子化\n")
        #expect(both["family"]?.status == .mentioned, "named elsewhere without the exclusion")
    }

    @Test func rule3_aNamedItemNeverFallsBackToGroup() throws {
        let row = try Self.row("1 RPAの導入\n\n住民基本台帳の入力を自動化する。\n\n2 基盤\n\n20業務を移行する。\n")
        #expect(row["resident"]?.status == .mentioned)
        #expect(row["property"]?.status == .group)
    }

    @Test func rule4_absentWhenNeitherTheItemNorItsGroup() throws {
        let row = try Self.row("1 はじめに\n\n本計画は、デジタル化の方針を定める。\n")
        #expect(row.values.allSatisfy { $0.status == .absent && $0.evidence.isEmpty })
    }

    @Test func ruleA_aHeadingIsAboutTheCategoriesItsTitleNames() throws {
        let document = try Self.document("1 自治体情報システムの標準化\n\n本文。\n\n2 行政手続のオンライン化\n\n本文。\n\n3 RPAの導入\n\n本文。\n")
        #expect(Self.tagger.headingTopics(of: document, normalized: Self.tagger.normalized(document)) == [["system"], ["procedure"], []])
    }

    @Test func ruleB_aSectionHasTheTopicsOfEveryHeadingAbove() throws {
        let row = try Self.row("1 行政手続のオンライン化\n\n(1) 子育て関係\n\n児童手当等の現況届を電子化する。\n")
        #expect(row["allowance"]?.status == .listed)
        #expect(row["allowance"]?.evidence.first?.section == ["1 行政手続のオンライン化", "(1) 子育て関係"])
    }

    @Test func ruleC_theTableOfContentsIsNeverATopic() throws {
        let text = "目次\n\n1\t住民基本台帳の標準化\t3\n2\t推進体制\t5\n\n1 住民基本台帳の標準化\n\n本文。\n\n2 推進体制\n\n本文。\n"
        let row = try Self.row(text)
        let inContents = try #require(row["resident"]?.evidence.first { $0.section == ["目次"] })
        #expect(inContents.topics.isEmpty)
        // Listed all the same, by the heading "1 住民基本台帳の標準化" (line 6), not by the contents.
        #expect(row["resident"]?.evidence.first { $0.line == 6 }?.topics == ["system"])
        let contentsOnly = try Self.row("目次\n\n1\t住民基本台帳の標準化\t3\n2\t推進体制\t5\n\n1 はじめに\n\n本文。\n\n2 推進体制\n\n本文。\n")
        #expect(contentsOnly["resident"]?.status == .mentioned)
    }

    @Test func ruleD_textBeforeTheFirstHeadingHasNoTopic() throws {
        let row = try Self.row("住民基本台帳の標準化を進める。\n\n1 自治体情報システムの標準化\n\n本文。\n")
        #expect(row["resident"]?.evidence.first?.section == [])
        #expect(row["resident"]?.status == .mentioned)
    }

    /// `plancov show` prints what the analysis decided: each finding's section and status,
    /// group references included, by the same rules.
    @Test func theOutlineAnalysisGivesEachFindingItsSectionAndStatus() throws {
        let document = try Self.document("1 RPAの導入\n\n住民基本台帳の入力。\n\n2 自治体情報システムの標準化\n\n20業務と住民基本台帳。\n")
        let entry = CorpusEntry(path: "plan.txt", municipality: Municipality(code: nil, name: "試験市", prefecture: nil))
        let outline = try #require(DocumentAnalysis(entry: entry, document: document, tagger: Self.tagger, withOutline: true).outline)
        #expect(outline.headings.map(\.title) == ["1 RPAの導入", "2 自治体情報システムの標準化"])
        #expect(outline.headings.map(\.sectionTopics) == [[], ["system"]])
        #expect(outline.findings.map(\.subject) == [.item(0), .groups([0]), .item(0)])
        #expect(outline.findings.map(\.heading) == [0, 1, 1])
        #expect(outline.findings.map(\.status) == [.mentioned, .group, .listed])
        #expect(outline.findings.map(\.line) == [3, 7, 7])
        #expect(DocumentAnalysis(entry: entry, document: document, tagger: Self.tagger).outline == nil, "only when asked for")
    }
}

/// Rule 4 of `CellStatus` and the date a row is judged at, with the bundled catalog: the 20
/// systems were 17 until 戸籍, 戸籍の附票 and 印鑑登録 were added (令和4年).
struct PlanDateStatusTests {
    static let catalog = try! Catalog.bundled()
    static let tagger = Tagger(catalog: catalog)
    static let seventeen = ["住民基本台帳", "選挙人名簿管理", "固定資産税", "個人住民税", "法人住民税", "軽自動車税", "国民健康保険", "国民年金",
                            "障害者福祉", "後期高齢者医療", "介護保険", "児童手当", "健康管理", "就学", "児童扶養手当", "生活保護", "子ども・子育て支援"]

    /// The systems' row of a plan dated `date` (on its title page) that names the original
    /// 17 in its standardization section and says 17業務.
    static func row(dated date: String, asOf: PlanDate? = nil) throws -> (statuses: [String: CellStatus], info: CoverageMatrix.MunicipalityInfo) {
        let text = "自治体DX推進計画\n\(date)\n\n1 自治体情報システムの標準化\n\n基幹系17業務のシステムを標準化する。対象は"
            + seventeen.joined(separator: "、") + "である。\n"
        let document = try DocumentReader().document(from: Array(text.utf8), path: "plan.txt")
        let entry = CorpusEntry(path: "plan.txt", municipality: Municipality(code: "999999", name: "試験市", prefecture: nil))
        let matrix = CoverageBuilder.build(catalog: catalog, analyses: [DocumentAnalysis(entry: entry, document: document, tagger: tagger)],
                                           errors: [], asOf: asOf)
        let statuses = Dictionary(uniqueKeysWithValues: matrix.items.indices.filter { matrix.items[$0].group == "標準化対象20業務" }
            .map { (matrix.items[$0].name, matrix.cell(0, $0).status) })
        return (statuses, matrix.municipalities[0])
    }

    @Test func rule4_aPlanOfReiwa3NamingThe17IsCompleteForItsTime() throws {
        let (statuses, info) = try Self.row(dated: "令和3年3月")
        #expect(statuses.filter { $0.value == .listed }.count == 17)
        #expect(statuses.filter { $0.value == .notInForce }.keys.sorted() == ["印鑑登録", "戸籍", "戸籍の附票"])
        #expect(!statuses.values.contains(.absent) && !statuses.values.contains(.group))
        #expect(info.asOf == "2021-03-01" && info.dateAsWritten == "令和3年3月")
        #expect(info.listVersion == "標準化対象17業務（当初の一覧）")
    }

    @Test func rule4_theSameTextDatedReiwa5LacksThree() throws {
        let (statuses, info) = try Self.row(dated: "令和5年4月")
        #expect(statuses.filter { $0.value == .absent }.keys.sorted() == ["印鑑登録", "戸籍", "戸籍の附票"],
                "17業務 covers the first 17 only, so the three are absent, not group")
        #expect(info.listVersion == "標準化対象20業務（令和4年政令第1号）")
    }

    @Test func asOfJudgesEveryRowAtTheDateGiven() throws {
        let (statuses, info) = try Self.row(dated: "令和3年3月", asOf: PlanDate.parse("令和5年4月"))
        #expect(statuses.filter { $0.value == .absent }.count == 3)
        #expect(info.asOf == "2023-04-01" && info.dateAsWritten == "令和5年4月")
    }

    @Test func aRowWithNoDateIsJudgedAgainstTheListsAsTheyStand() throws {
        let (statuses, info) = try Self.row(dated: "")
        #expect(statuses.filter { $0.value == .absent }.count == 3 && info.asOf == nil)
        #expect(info.listVersion == "標準化対象20業務（令和4年政令第1号）")
    }
}
