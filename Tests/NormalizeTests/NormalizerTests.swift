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

/// The folding table skips ICU's normalization for the code points ICU calls inert: for every
/// BMP code point the table must hold what normalizing that code point gives.
struct CharacterFoldingTests {
    /// The kana step compiles ICU's Hiragana-Katakana rules without their `::` wrappers (see
    /// `plancov_transliterate_direct`): for each hiragana it maps, the result must be what the
    /// transform ICU registers under that name gives.
    @Test func theKanaStepIsICUsHiraganaKatakanaTransform() {
        let map = CharacterFolding.hiraganaToKatakana()
        #expect(map.count == CharacterFolding.hiragana.count)
        var disagreements = [String]()
        for value in CharacterFolding.hiragana {
            var buffer: [UInt16] = [value, 0, 0, 0]
            let length = plancov_transliterate("Hiragana-Katakana", &buffer, 1, 4)
            if length != 1 || map[UInt32(value)] != UInt32(buffer[0]) { disagreements.append(String(value, radix: 16)) }
        }
        #expect(disagreements.isEmpty, "U+\(disagreements.prefix(10).joined(separator: ", U+"))")
        #expect(map[0x3094] == 0x30F4 && map[0x309D] == 0x30FD, "ゔ → ヴ, ゝ → ヽ")
    }


    @Test func theTableAgreesWithNormalizingEveryCodePoint() {
        let folding = CharacterFolding.shared
        let katakana = CharacterFolding.hiraganaToKatakana()
        var disagreements = [String]()
        var inert = 0
        for codePoint in UInt32(0)..<0x10000 where !(0xD800...0xDFFF).contains(codePoint) {
            let expected = CharacterFolding.compute(codePoint, katakana: katakana)
            let (single, expansion) = folding.lookup(codePoint)
            let actual = expansion ?? (single == CharacterFolding.deleted ? [] : [single])
            if actual != expected { disagreements.append(String(codePoint, radix: 16)) }
            if expected == [CharacterFolding.projectRules(CharacterFolding.kana(codePoint, katakana))] { inert += 1 }
        }
        #expect(disagreements.isEmpty, "U+\(disagreements.prefix(10).joined(separator: ", U+"))")
        #expect(inert > 50_000, "most code points fold to themselves")
        #expect(folding.lookup(0xFF21).single == 0x61, "Ａ → a, not inert")
        #expect(folding.lookup(0x3042).single == 0x30A2, "あ → ア, inert for NFKC_Casefold, folded by the kana step")
    }
}

/// The offset map: every normalized character points back into the original.
struct OffsetMapTests {
    let normalizer = Normalizer.standard

    @Test func offsetsAreMonotonicAndInsideTheInput() {
        let samples = ["ＡＩ－ＯＣＲ　と　Ｌ Ｇ Ｗ Ａ Ｎ", "ｶﾞｲﾄﾞ\r\n手続き等の\t① り災", "", "   ", "等", "a\u{3099}\u{3099}"]
        for sample in samples {
            let input = Array(sample.unicodeScalars.map(\.value))
            let text = normalizer.normalize(input)
            var previousStart: Int32 = 0, previousEnd: Int32 = 0
            for i in 0..<text.count {
                #expect(text.sourceStart[i] >= 0 && text.sourceEnd[i] <= Int32(input.count))
                #expect(text.sourceStart[i] < text.sourceEnd[i])
                #expect(text.sourceStart[i] >= previousStart && text.sourceEnd[i] >= previousEnd)
                previousStart = text.sourceStart[i]
                previousEnd = text.sourceEnd[i]
            }
        }
    }

    @Test func aRangeMapsBackToTheOriginalWords() {
        let original = "本市では　り災証明書の発行申請等を"
        let input = Array(original.unicodeScalars.map(\.value))
        let text = normalizer.normalize(input)
        let target = normalizer.normalize("罹災証明書の発行申請").scalars
        let start = (0...(text.count - target.count)).first { Array(text.scalars[$0..<($0 + target.count)]) == target }!
        let source = text.sourceRange(start..<(start + target.count))
        let quoted = String(String.UnicodeScalarView(input[source].compactMap(Unicode.Scalar.init)))
        #expect(quoted == "り災証明書の発行申請等")
    }
}

/// The vector kernels (fold, and the scans of the context rules and the variants for where
/// they have something to decide) must change nothing: on random texts with every kind of
/// stop (spaces, line breaks, CR LF, 等, variant starts, voicing marks, characters outside
/// the BMP, deleted and expanding characters, layout spans) at every offset, in runs long
/// enough for eight-scalar steps, normalizing with them gives the scalars and the offsets
/// that the scalar loops alone give.
struct VectorKernelTests {
    /// The bundled table, and one with a variant that starts outside the BMP (𠮟, U+20B9F):
    /// the variant scan must stop there too.
    @Test(arguments: [Normalizer.standard, try! Normalizer(variantTable: "叱責\t𠮟責\n申請\t申し請\n")])
    func theKernelsChangeNothing(normalizer: Normalizer) {
        #expect(MappedTextBuilder.hasVectorKernel == (plancov_vector_width() > 0))
        let pieces = ["申請手続", "住民票の写し", "電子化", "子供", "申込み", "手続き", "等", "等の", " ", "　", "\n", "\r\n", "\n\n",
                      "ｶﾞｲﾄﾞ", "ﾊﾟｽ", "か\u{3099}", "は\u{309A}", "𠀋", "𠮟責", "\u{00AD}", "\u{200B}", "㈱", "ＡＩ", "L G W A N",
                      "１２", "（", "）", "ー", "\u{0C}"]
        var random = SeededRandom(seed: 3)
        var kernelRan = 0
        for _ in 0..<1500 {
            var text = ""
            for _ in 0..<(1 + random.next(48)) {
                text += random.next(3) == 0 ? pieces[random.next(pieces.count)] : pieces[random.next(3)]
            }
            let input = Array(text.unicodeScalars.map(\.value))
            var layout = [(range: Range<Int>, separates: Bool)]()
            var at = random.next(8)
            while at + 2 < input.count, random.next(3) == 0 {
                layout.append((at..<(at + 1 + random.next(2)), random.next(2) == 0))
                at += 3 + random.next(20)
            }
            let vector = normalizer.normalize(input, layout: layout, vectorKernel: true)
            let scalar = normalizer.normalize(input, layout: layout, vectorKernel: false)
            #expect(vector.scalars == scalar.scalars, "\(text.debugDescription)")
            #expect(vector.sourceStart == scalar.sourceStart && vector.sourceEnd == scalar.sourceEnd, "\(text.debugDescription)")
            if input.count >= 16 { kernelRan += 1 }
        }
        #expect(kernelRan > 1000, "most texts are long enough for the kernels' eight-scalar steps")
    }
}
