import CICU
import CVector
import TestSupport
import Testing
@testable import Normalize

/// One test per rule of `Normalizer`, named after the rule, each with the example from its
/// documentation.
struct NormalizerTests {
    let normalizer = Normalizer.standard

    func form(_ text: String) -> String { normalizer.normalize(text).string }

    @Test func rule1_widthAndCompatibilityForms() {
        #expect(form("ＡＢＣ１２３") == "abc123")
        #expect(form("ｶﾞｲﾄﾞ") == form("ガイド"))
        #expect(form("①") == "1")
        #expect(form("（介護予防）") == "(介護予防)")
    }

    @Test func rule1_invisibleCharactersVanish() {
        #expect(form("児童\u{200B}手当") == form("児童手当"))
        #expect(form("児童\u{00AD}手当") == form("児童手当"))
    }

    @Test func rule2_latinCase() {
        #expect(form("AI") == form("ai"))
        #expect(form("ａｉ") == form("Ai"))
        #expect(form("eLTAX") == form("ELTAX"))
    }

    @Test func rule3_hiraganaAndKatakanaAreOne() {
        #expect(form("ぴったりサービス") == form("ピッタリサービス"))
        #expect(form("こども") == form("コドモ"))
    }

    @Test func rule3_smallKanaFoldToLarge() {
        #expect(form("ぴつたりサービス") == form("ぴったりサービス"))
        #expect(form("キャッシュレス") == form("キヤツシユレス"))
    }

    @Test func rule3_decomposedVoicingMarksCompose() {
        #expect(form("か\u{3099}") == form("が"))
        #expect(form("ﾃﾞｼﾞﾀﾙ") == form("デジタル"))
    }

    @Test func rule4_dashesLongVowelsTildesAndDots() {
        #expect(form("サービス") == form("サ－ビス"))
        #expect(form("サービス") == form("サ―ビス"))
        #expect(form("AI-OCR") == form("AI－OCR"))
        #expect(form("令和4年〜") == form("令和4年～"))
        #expect(form("要介護･要支援") == form("要介護・要支援"))
        #expect(form("要介護·要支援") == form("要介護・要支援"))
    }

    @Test func rule5_brackets() {
        #expect(form("【子育て関係】") == form("(子育て関係)"))
        #expect(form("〔介護〕") == form("［介護］"))
        #expect(form("『方針』") == form("「方針」"))
    }

    @Test func rule6_spacesVanishNextToJapanese() {
        #expect(form("芦別市デジタルトランス フォーメーション") == form("芦別市デジタルトランスフォーメーション"))
        #expect(form("ICT 社会") == form("ICT社会"))
        #expect(form("2022（令和4）年") == form("2022 （令和 4） 年"))
    }

    @Test func rule6_spacedOutLatinLettersJoin() {
        #expect(form("A I") == "ai")
        #expect(form("L G W A N") == "lgwan")
        #expect(form("A I - O C R") == form("AI-OCR"))
    }

    @Test func rule6_spaceBetweenLatinWordsStays() {
        #expect(form("Business Process") == "business process")
        #expect(form("Society 5.0") == "society 5.0")
    }

    @Test func rule6_brokenLinesJoinInsideJapanese() {
        #expect(form("本市のマイ\nナンバーカード") == form("本市のマイナンバーカード"))
        #expect(form("手続き\r\nの") == form("手続の"))
    }

    @Test func rule6_spacedOutJapaneseAndStraySpacesVanish() {
        #expect(form("国 民 健 康 保 険") == form("国民健康保険"))
        #expect(form("国民健康 保険") == form("国民健康保険"))
        #expect(form("基幹系 ２０ 業務") == form("基幹系20業務"))
        #expect(form("２６ 手続") == form("26手続"))
        #expect(form("国民健康\n保険") == form("国民健康保険"), "a single broken line")
    }

    /// Lines of text, each followed by one blank line, as `pdftotext -layout` extracts a
    /// double-spaced PDF (the 南国市 speeches), and where each line starts.
    static func doubleSpaced(_ lines: [String]) -> (scalars: [UInt32], lineStarts: [Int]) {
        let scalars = lines.joined(separator: "\n\n").unicodeScalars.map(\.value)
        return (scalars, [0] + scalars.indices.filter { scalars[$0] == 0x0A }.map { $0 + 1 })
    }

    @Test func rule6a_inDoubleSpacedTextABlankLineInsideAWordJoins() {
        let lines = (1...9).map { "本市の取組その\($0)について申し上げます。" } + ["本年度の市税は固", "定資産税の増収を見込んでいます。"]
        let (scalars, lineStarts) = Self.doubleSpaced(lines)
        #expect(Normalizer.isDoubleSpaced(scalars, lineStarts: lineStarts))
        let joined = normalizer.normalize(scalars, layout: [], doubleSpaced: true).string
        #expect(joined.contains(form("固定資産税")))
        // Two blank lines are still a paragraph's end; so is one in text that is not double-spaced.
        #expect(normalizer.normalize("固\n\n\n定資産税".unicodeScalars.map(\.value), layout: [], doubleSpaced: true).string
                != form("固定資産税"))
        #expect(form("固\n\n定資産税") != form("固定資産税"))
    }

    @Test func rule6a_doubleSpacingIsTheTextsNotOneBlankLines() {
        let prose = (1...12).map { "第\($0)段落の文章です。" }
        #expect(Normalizer.isDoubleSpaced(Self.doubleSpaced(prose).scalars, lineStarts: Self.doubleSpaced(prose).lineStarts))
        // Paragraphs between blank lines, and a list line after line: not double-spaced.
        let plan = "第1章 はじめに\n\n本市の計画です。\n\n対象業務\n1 住民基本台帳\n2 戸籍\n3 戸籍の附票\n4 印鑑登録\n5 就学\n\n第2章\n\n本文。\n\n本文。\n\n本文。\n"
        let scalars = plan.unicodeScalars.map(\.value)
        let starts = [0] + scalars.indices.filter { scalars[$0] == 0x0A }.map { $0 + 1 }
        #expect(!Normalizer.isDoubleSpaced(scalars, lineStarts: starts))
        #expect(!Normalizer.isDoubleSpaced(Array("一行".unicodeScalars.map(\.value)), lineStarts: [0]))
    }

    @Test func rule6_cellsParagraphsAndPagesAreBoundaries() {
        let b = String(Unicode.Scalar(Normalizer.boundary)!)
        #expect(form("児童手当\t介護保険") == form("児童手当") + b + form("介護保険"))
        #expect(form("児童手当\n\n介護保険") == form("児童手当") + b + form("介護保険"))
        #expect(form("児童手当\u{0C}介護保険") == form("児童手当") + b + form("介護保険"))
        #expect(form("- 1) 戸籍\n- 2) 就学").contains(b))
    }

    @Test func rule7_trailingToIsDropped() {
        #expect(form("未支払の児童手当等の請求") == form("未支払の児童手当の請求"))
        #expect(form("図書館の図書貸出予約等") == form("図書館の図書貸出予約"))
        #expect(form("水道使用開始届等」") == form("水道使用開始届」"))
        #expect(form("発行申請等を行う") == form("発行申請を行う"))
        #expect(form("児童手当等に係る寄附の申出") == form("児童手当に係る寄附の申出"))
    }

    @Test func rule7_toInsideAWordIsKept() {
        #expect(form("高等学校").contains("等"))
        #expect(form("等しく扱う").contains("等"))
    }

    @Test func rule8_orthographicVariants() {
        #expect(form("手続き") == form("手続"))
        #expect(form("り災証明書") == form("罹災証明書"))
        #expect(form("障がい者福祉") == form("障害者福祉"))
        #expect(form("戸籍の付票") == form("戸籍の附票"))
        #expect(form("保育施設等の利用申し込み") == form("保育施設等の利用申込"))
        #expect(form("子供・子育て支援") == form("子ども・子育て支援"))
    }

    /// The variant pass writes into arrays sized by the table's largest growth (子供 → 子ども,
    /// 1.5): a text of nothing but growing variants fills them exactly, and its offsets still
    /// point at the variants.
    @Test func rule8_aTextOfGrowingVariantsFitsItsBound() {
        let text = Normalizer.standard.normalize(String(repeating: "子供", count: 1000))
        #expect(text.string == String(repeating: Normalizer.standard.normalize("子ども").string, count: 1000))
        #expect(text.sourceRange(0..<3) == 0..<2 && text.sourceRange(2997..<3000) == 1998..<2000)
    }

    @Test func rule8_aVariantNeverEatsIntoItsCanonicalForm() {
        // 引越 is a variant of 引越し; 引越し itself must stay whole, not become 引越しし.
        #expect(form("引越しワンストップ") == form("引っ越しワンストップ"))
        #expect(form("引越しワンストップ") == form("引越ワンストップ"))
    }

    @Test func variantTableRejectsAConflict() {
        #expect(throws: VariantTableError.self) {
            _ = try Normalizer(variantTable: "手続\t手続き\n手順\t手続き\n")
        }
        #expect(throws: VariantTableError.self) {
            _ = try Normalizer(variantTable: "手続\n")
        }
    }
}
