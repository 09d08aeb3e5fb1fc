import CICU
import CVector
import TestSupport
import Testing
@testable import Normalize

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
