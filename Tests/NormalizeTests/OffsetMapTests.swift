import CICU
import CVector
import TestSupport
import Testing
@testable import Normalize

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

    /// The other way: an original line (a heading's, a title's) to the normalized text it became.
    @Test func anOriginalLineMapsToItsNormalizedText() {
        let original = "表紙\n１ 自治体情報システムの標準化\n本文"
        let input = Array(original.unicodeScalars.map(\.value))
        let text = normalizer.normalize(input)
        let line = 3..<18   // "１ 自治体情報システムの標準化"
        #expect(String(original.unicodeScalars.dropFirst(3).prefix(15)) == "１ 自治体情報システムの標準化")
        let range = text.normalizedRange(ofSource: line)
        let words = String(String.UnicodeScalarView(text.scalars[range].compactMap(Unicode.Scalar.init)))
        #expect(words.contains("1") && words.hasSuffix(normalizer.normalize("標準化").string), "\(words)")
        #expect(text.normalizedRange(ofSource: 0..<0).isEmpty)
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
