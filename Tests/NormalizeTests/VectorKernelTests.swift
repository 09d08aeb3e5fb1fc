import CICU
import CVector
import TestSupport
import Testing
@testable import Normalize

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
