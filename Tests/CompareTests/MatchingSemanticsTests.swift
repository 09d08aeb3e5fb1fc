import Foundation
import TestSupport
import Testing
@testable import Compare
import Ingest
import Normalize

struct MatchingSemanticsTests {
    @Test func leftmostLongest_theLongerNameSubsumesTheShorterInsideIt() throws {
        let catalog = try smallCatalog(items: [("system", "児童手当"), ("procedure", "児童手当等の現況届")])
        let found = mentions("児童手当等の現況届を提出し、児童手当を受ける。", catalog)
        #expect(found.map(\.id) == ["procedure", "system"])
        #expect(found.map(\.text) == ["児童手当等の現況届", "児童手当"])
    }

    @Test func leftmostLongest_theEarlierStartWinsOverAnOverlappingLaterName() throws {
        let catalog = try smallCatalog(items: [("a", "戸籍の附票"), ("b", "附票管理")])
        #expect(mentions("戸籍の附票管理", catalog).map(\.id) == ["a"])
    }

    @Test func exclusionsClaimTheirSpanAndYieldNothing() throws {
        let catalog = try smallCatalog(items: [("system", "児童扶養手当")], exclusions: ["特別児童扶養手当"])
        #expect(mentions("特別児童扶養手当の認定", catalog).isEmpty)
        #expect(mentions("特別児童扶養手当と児童扶養手当", catalog).map(\.id) == ["system"])
    }

    @Test func organizationNamesAreNotMentions() throws {
        let catalog = try smallCatalog(items: [("care", "介護保険")])
        #expect(mentions("長寿障害福祉課(介護保険係)", catalog).isEmpty)
        #expect(mentions("介護保険課が担当する", catalog).isEmpty)
        #expect(mentions("介護保険の被保険者", catalog).map(\.id) == ["care"])
    }

    @Test func organizationRuleNeedsTheSuffixOnTheSameLine() throws {
        let catalog = try smallCatalog(items: [("care", "介護保険")])
        #expect(mentions("介護保険\n課税の見直し", catalog).map(\.id) == ["care"])
        #expect(named("介護保険\n課税の見直し") == ["long-term-care-insurance"], "with the word classes too: 課 begins 課税")
    }

    // Rule 4 with the catalog's word classes: words between the name and the suffix.

    @Test func organizationNamesWithWordsBetweenAreNotMentions() throws {
        #expect(named("介護保険推進係に問い合わせる") == [])
        #expect(named("国民健康保険\n運営協議会に諮問する") == [], "across a line break")
        #expect(named("介護保険事務担当") == [], "a unit, though 事務 alone would keep the name")
        #expect(named("国保年金課と子ども家庭支援センター") == [])
        #expect(named("介護保険の推進係") == ["long-term-care-insurance"], "a particle ends the word")
    }

    // Rule 7: compound boundaries, each example of the tagger's doc comment.

    @Test func rule7a_aNameContinuedByAnotherNounNamesSomethingElse() throws {
        #expect(named("国民健康保険特別会計は黒字です") == [])
        #expect(named("健康管理センターで実施する") == [])
        #expect(named("国民年金基金に加入する") == [], "without the catalog's exclusion of it")
        #expect(named("生活保護費の増加") == [])
        #expect(named("後期高齢者医療広域連合納付金の財源") == [])
        #expect(named("第８期介護保険事業計画において") == [])
        #expect(named("就学援助費受給申請の入力") == [], "申請 at the end does not make 就学援助 a kept word")
    }

    @Test func rule7b_wordsThatKeepTheMeaningKeepTheMention() throws {
        #expect(named("介護保険システムの移行") == ["long-term-care-insurance"])
        #expect(named("生活保護業務の効率化") == ["public-assistance"])
        #expect(named("国民健康保険関係につきましては") == ["national-health-insurance"])
        #expect(named("生活保護申請書の入力") == ["public-assistance"])
        #expect(named("介護保険料の納付") == ["long-term-care-insurance"], "a premium levied under the item")
        #expect(named("国民健康保険税の収納") == ["national-health-insurance"], "a tax levied under the item")
        #expect(named("戸籍の附票及び印鑑登録事務を加える") == ["family-register-attachment", "seal-registration"])
        #expect(named("介護保険事務費") == [], "a budget line, though it begins with 事務")
    }

    @Test func rule7c_aParticlePunctuationASeparatorOrANumberEndsTheWord() throws {
        #expect(named("介護保険の被保険者") == ["long-term-care-insurance"])
        #expect(named("児童手当、児童扶養手当・生活保護／就学") == ["child-allowance", "child-rearing-allowance", "public-assistance", "school-attendance"])
        #expect(named("固定資産税４，０９４万４千円の増収") == ["fixed-asset-tax"])
    }

    @Test func rule7d_acrossALineBreakOnlyAHeadContinuesTheName() throws {
        #expect(named("国民健康保険\n特別会計は") == [])
        #expect(named("国民健康保険\n介護保険\n後期高齢者医療") == ["national-health-insurance", "long-term-care-insurance", "late-elderly-medical-care"],
                "lines of a list")
        #expect(named("生活保護\n費の増加") == [], "a one-character head that is the whole word")
        #expect(named("介護保険\n課税の見直し") == ["long-term-care-insurance"], "課 begins another word")
        #expect(named("国民健康保険\u{3000}介護保険料") == ["national-health-insurance", "long-term-care-insurance"], "a space between columns")
    }

    @Test func rule7e_letterSpacingIsNoSeparation() throws {
        #expect(named("国 民 健 康 保 険 特 別 会 計 は") == [])
        #expect(named("国 民 健 康 保 険 に つ い て") == ["national-health-insurance"])
        #expect(named("国民健康保険  介護保険") == ["national-health-insurance", "long-term-care-insurance"])
    }

    @Test func rule7f_aPrefixBeforeTheNameMakesAnotherWord() throws {
        #expect(named("未就学児の保護者") == [])
        #expect(named("不就学の実態") == [])
        #expect(named("特別児童扶養手当の認定") == [], "without the catalog's exclusion of it")
        #expect(named("是非介護保険の申請を") == ["long-term-care-insurance"], "非 ends 是非")
        #expect(named("就学の手続") == ["school-attendance"])
    }

    @Test func rule7_aCompoundClaimsItsSpan() throws {
        // 介護保険事業計画 is no mention, and no shorter name or fuzzy hit is looked for inside it.
        let catalog = try smallCatalog(items: [("care", "介護保険"), ("plan", "介護保険事業計画書類")], compounds: bundledCompounds)
        #expect(mentions("介護保険事業計画書", catalog).isEmpty)
        #expect(mentions("介護保険事業計画書類", catalog).map(\.id) == ["plan"], "the longer name itself is found")
    }

    // Broken lines (normalization rules 6 and 6a, seen through the tagger).

    @Test func brokenLines_aNameBrokenByABlankLineInDoubleSpacedTextIsFound() throws {
        let lines = (1...9).map { "本市の取組その\($0)について申し上げます。" }
            + ["市税は、固", "定資産税４，０９４万４千円の増収を見込み、国民健康", "保険は、基幹系 ２０ 業務の一つです。"]
        #expect(named(lines.joined(separator: "\n\n")) == ["fixed-asset-tax", "national-health-insurance"])
        #expect(named("市税は、固\n\n定資産税の増収") == [], "one blank line in text that is not double-spaced ends a paragraph")
        #expect(named("国 民 健 康 保 険 の 加 入 者") == ["national-health-insurance"])
        #expect(named("国民健康 保険の加入者") == ["national-health-insurance"])
        let catalog = try smallCatalog(items: [("a", "戸籍")], collective: ["基幹系20業務", "26手続"])
        let groups = Tagger(catalog: catalog).tag(document("基幹系 ２０ 業務と\n２６ 手続")).groups
        #expect(groups.count == 2)
    }

    // Rule 8: names a plan leaves out.

    @Test func rule8_namesFollowedByAnExclusionMarkerAreExcluded() throws {
        #expect(excluded("就学及び印鑑登録以外の18業務") == ["school-attendance", "seal-registration"])
        #expect(named("就学及び印鑑登録以外の18業務") == [])
        #expect(excluded("20業務（戸籍を除く）") == ["family-register"])
        #expect(excluded("戸籍、戸籍の附票は対象外とする") == ["family-register", "family-register-attachment"])
        #expect(excluded("戸籍を含む20業務") == [])
        #expect(named("介護保険及び戸籍以外の業務") == [], "both are left out")
        #expect(named("介護保険を先行し、戸籍以外の業務") == ["long-term-care-insurance"], "a sentence between ends the list")
    }

    @Test func exactMeansTheOfficialNameCharacterForCharacter() throws {
        let catalog = try smallCatalog(items: [("disaster", "罹災証明書の発行申請")])
        #expect(mentions("罹災証明書の発行申請", catalog).map(\.match) == [.exact])
        #expect(mentions("り災証明書の発行申請", catalog).map(\.match) == [.variant])
        #expect(mentions("罹災証明書の発行申請", catalog).first?.text == "罹災証明書の発行申請")
    }

    @Test func aliasesMatchAsVariants() throws {
        let catalog = try smallCatalog(items: [("move", "転出・転入手続のワンストップ化")], aliases: ["move": ["転出・転入（転居）予約"]])
        let found = mentions("オンラインによる転出・転入(転居)予約を開始", catalog)
        #expect(found.map(\.id) == ["move"])
        #expect(found.first?.match == .variant)
    }

    @Test func fuzzy_findsATypoWithinTheThreshold() throws {
        let catalog = try smallCatalog(items: [("plan", "居宅（介護予防）サービス計画作成（変更）依頼の届出")])
        let doc = document("④ 居住（介護予防）サービス計画作成（変更）依頼の届出")
        let found = Tagger(catalog: catalog).tag(doc).mentions
        #expect(found.count == 1)
        #expect(found.first?.match == .fuzzy)
        #expect(doc.text(found[0].sourceRange) == "居住（介護予防）サービス計画作成（変更）依頼の届出")
        let length = Normalizer.standard.normalize("居宅（介護予防）サービス計画作成（変更）依頼の届出").count
        #expect(abs(found[0].score - (1 - 1.0 / Double(length))) < 0.001, "one edit in the whole name")
    }

    @Test func fuzzy_neverOverlapsAnExactHit() throws {
        // 要介護・要支援更新認定の申請 is one edit from nothing else here, but the span of the
        // exact 要介護・要支援認定の申請 is claimed: no fuzzy mention of the other item there.
        let catalog = try smallCatalog(items: [("a", "要介護・要支援認定の申請"), ("b", "要介護・要支援新認定の申請")])
        #expect(mentions("要介護・要支援認定の申請", catalog).map(\.id) == ["a"])
    }

    @Test func fuzzy_onlyForItemsWithNoExactHit() throws {
        let catalog = try smallCatalog(items: [("p", "罹災証明書の発行申請")])
        let found = mentions("罹災証明書の発行申請。罹災証明の発行申請。", catalog)
        #expect(found.map(\.match) == [.exact], "the item has an exact hit, so its near miss is not searched")
    }

    @Test func fuzzy_shortNamesAreExactOnly() throws {
        let catalog = try smallCatalog(items: [("bid", "入札"), ("reg", "戸籍")])
        #expect(mentions("入礼と戸藉", catalog).isEmpty)
    }

    @Test func fuzzy_belowTheThresholdIsNoMention() throws {
        let catalog = try smallCatalog(items: [("p", "罹災証明書の発行申請")])
        #expect(mentions("罹災届出書の交付申請", catalog).isEmpty)
    }

    @Test func fuzzy_neverCrossesABoundary() throws {
        let catalog = try smallCatalog(items: [("p", "罹災証明書の発行申請")])
        #expect(mentions("罹災証明書\tの発行申請", catalog).isEmpty)
    }

    /// The filter before an alignment counts only the piece's side of any boundary. A near
    /// miss that ends right at a boundary, or starts right after one, must still be found:
    /// counting one character short on either side would reject it.
    @Test func fuzzy_findsANearMissRightAgainstABoundary() throws {
        let catalog = try smallCatalog(items: [("p", "罹災証明書の発行申請")])
        // The typo in the second half: the first half is the piece that occurs, and the
        // span ends at the boundary (with its last character, which the name needs). A blank
        // line and a tab are boundaries; a single line break between Japanese words is not.
        #expect(mentions("前文\n\n罹災証明書の発行中請\n\n後文", catalog).map(\.text) == ["罹災証明書の発行中請"])
        #expect(mentions("罹災証明書の発行中請\t後文", catalog).map(\.text) == ["罹災証明書の発行中請"])
        // The typo in the first half: the second half occurs, and the span starts right after
        // the boundary.
        #expect(mentions("前文\t罹災証名書の発行申請。", catalog).map(\.text) == ["罹災証名書の発行申請"])
        #expect(mentions("前文\n\n罹災証名書の発行申請", catalog).map(\.text) == ["罹災証名書の発行申請"])
    }

    /// Names that end alike share their pieces, which the automaton reports once for all of
    /// them: each name must still be aligned where its own near miss is.
    @Test func fuzzy_namesSharingAPieceAreEachFound() throws {
        let names = (1...9).map { "様式\($0)居宅介護サービス計画の作成依頼届出" }
        let catalog = try smallCatalog(items: names.enumerated().map { ("n\($0.offset + 1)", $0.element) })
        // Each name once in the text, with one character changed in the piece of its own: only
        // the pieces all of them share occur.
        let text = names.map { $0.replacingOccurrences(of: "居宅", with: "居住") }.joined(separator: "。")
        let found = mentions(text, catalog)
        #expect(found.map(\.id) == (1...9).map { "n\($0)" })
        #expect(found.allSatisfy { $0.match == .fuzzy })
    }

    @Test func collectiveFormsAreGroupReferences() throws {
        let catalog = try smallCatalog(items: [("a", "戸籍")], collective: ["20業務"])
        let result = Tagger(catalog: catalog).tag(document("基幹系の20業務について"))
        #expect(result.mentions.isEmpty)
        #expect(result.groups.map(\.groups) == [[0]])
    }

    @Test func alignmentFindsTheClosestSpan() {
        let pattern = Array("abcdef".unicodeScalars.map(\.value))
        let text = Array("xxabcxefyy".unicodeScalars.map(\.value))
        let hit = Tagger.bestAlignment(of: pattern, in: text, window: 0..<text.count, maxEdits: 1)
        #expect(hit?.range == 2..<8)
        #expect(hit?.distance == 1)
    }

    /// The character-count filter before each alignment never rejects a window that holds a
    /// match (checked on 20,000 pseudo-random pattern/window pairs over a small alphabet, where
    /// matches and bucket collisions are frequent), and does reject a window that lacks more
    /// characters of the name than it may miss.
    @Test func theCharacterCountFilterNeverRejectsAMatch() {
        var filter = Tagger.CharacterCountFilter()
        var random = SeededRandom(seed: 0x9E37_79B9_7F4A_7C15)
        // 児童扶養手当 and characters 128 apart, which share a bucket.
        let alphabet: [UInt32] = [0x5150, 0x7AE5, 0x6276, 0x990A, 0x624B, 0x5F53, 0x5150 + 128, 0x7AE5 + 256]
        var matches = 0, rejected = 0
        for _ in 0..<20_000 {
            let pattern = (0..<(4 + random.next(8))).map { _ in alphabet[random.next(alphabet.count)] }
            let window = (0..<(2 + random.next(14))).map { _ in alphabet[random.next(alphabet.count)] }
            let maxEdits = 1 + random.next(2)
            if Tagger.bestAlignment(of: pattern, in: window, window: 0..<window.count, maxEdits: maxEdits) != nil {
                matches += 1
                let passes = filter.mayMatch(pattern, in: window[...], maxEdits: maxEdits)
                #expect(passes, "\(pattern) in \(window)")
            } else if !filter.mayMatch(pattern, in: window[...], maxEdits: maxEdits) {
                rejected += 1
            }
        }
        #expect(matches > 500 && rejected > 5000, "\(matches) matches, \(rejected) windows rejected")
        // Named windows (the tagger's use): tests on one window reuse its counts, and a new
        // name replaces them; the answers must be those of counting every time.
        var keyed = Tagger.CharacterCountFilter()
        let text = (0..<400).map { _ in alphabet[random.next(alphabet.count)] }
        for _ in 0..<2000 {
            let start = random.next(380), end = start + 2 + random.next(18)
            let pattern = (0..<(4 + random.next(8))).map { _ in alphabet[random.next(alphabet.count)] }
            let maxEdits = 1 + random.next(2)
            for _ in 0..<(1 + random.next(3)) {
                #expect(keyed.mayMatch(pattern, in: text[start..<end], key: start..<end, maxEdits: maxEdits)
                        == filter.mayMatch(pattern, in: text[start..<end], maxEdits: maxEdits))
            }
        }
        let name = Array("児童扶養手当(試行1)".unicodeScalars.map(\.value))
        let lacking = filter.mayMatch(name, in: Array("児童扶養手当を支給する".unicodeScalars.map(\.value))[...], maxEdits: 1)
        let oneOff = filter.mayMatch(name, in: Array("児童扶養手当(試行)を".unicodeScalars.map(\.value))[...], maxEdits: 1)
        #expect(!lacking)
        #expect(oneOff)
    }
}
