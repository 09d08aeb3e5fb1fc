import CVector
import Foundation

/// Turns text into the form plancov matches on, remembering where every character came from.
///
/// The rules, in the order they apply (each has a test named after it in NormalizeTests):
///
/// 1. **Unicode compatibility and width** (ICU NFKC_Casefold): ＡＢＣ → abc, ｶﾞ → ガ,
///    ① → 1, （ → (, and invisible characters (zero-width space, soft hyphen) vanish.
/// 2. **Latin case**: AI, Ai and ａｉ all become ai (part of NFKC_Casefold).
/// 3. **Kana**: hiragana become katakana (ICU's Hiragana-Katakana transliterator), and small
///    kana become large ones, so ぴつたり, ぴったり and ピッタリ are one word.
/// 4. **Dashes, long vowels, tildes, middle dots**: every dash, minus and long-vowel mark is
///    "-", every wave dash "~", every middle dot or bullet "・".
/// 5. **Brackets**: 【】〔〕［］｛｝ and () are all ( and ); 『』 are 「」.
/// 6. **Spaces and line breaks**: spaces vanish next to Japanese text and between spaced-out
///    Latin letters (`A I` → ai, `L G W A N` → lgwan); a space between two Latin words stays.
///    A single line break between two Japanese characters vanishes (a word broken across
///    lines); any other line break, a blank line, a tab or a page break becomes a
///    `boundary`, which no catalog name contains, so no match spans table cells or paragraphs.
///    Spaced-out Japanese (`国 民 健 康 保 険`, as some PDFs extract), a stray space
///    (`国民健康 保険`) and spaces around numbers (`基幹系 ２０ 業務`, `２６ 手続`) vanish by the
///    same rule.
/// 6a. **Double spacing**: in double-spaced text (see `isDoubleSpaced`: a blank line after
///    nearly every line of text, as word processors' PDFs extract) one blank line between two
///    Japanese characters is a broken line, not a paragraph: 固\n\n定資産税 ~ 固定資産税. Two
///    or more blank lines are still a boundary, and so is one in ordinary text.
/// 7. **A trailing 等**: 等 after a Japanese word is dropped when a particle (の, を, に, が,
///    は, も, で, と, へ, や), punctuation or a boundary follows (未支払の児童手当等の請求 ~ 未支払の児童手当の請求; 入札参加資格審査申請等 ~
///    入札参加資格審査申請), but kept inside words (高等学校).
/// 8. **Orthographic variants** from the data table `Resources/variants.tsv`
///    (手続/手続き, り災/罹災, 障がい/障害 …), longest variant first.
///
/// Invariant: the output's offset map (see `NormalizedText`) is monotonic and every entry
/// points inside the input. Cost: three linear passes with table lookups, no `Character`s.
public final class Normalizer: Sendable {
    /// Separates cells, paragraphs and pages in normalized text.
    public static let boundary: UInt32 = 0x0A
    static let lineBreak: UInt32 = 0x2028
    static let space: UInt32 = 0x20

    let folding: CharacterFolding
    let variants: VariantTable

    /// The standard normalizer with the bundled variant table, built once per process.
    public static let standard: Normalizer = {
        do {
            return try Normalizer(variantTable: VariantTable.bundledText())
        } catch {
            fatalError("the bundled variant table is invalid: \(error)")
        }
    }()

    /// A normalizer with another orthographic-variant table (same format as the bundled one).
    /// Both sides of every entry go through rules 1–7 first, so the table can be written in
    /// natural spelling (り災, not リ災).
    public init(variantTable text: String) throws(VariantTableError) {
        let folding = CharacterFolding.shared
        var table = VariantTable.empty
        for entry in try VariantTable.parse(text) {
            let canonical = Normalizer.contextRules(Normalizer.fold(entry.canonical, folding: folding)).scalars
            // The canonical spelling maps to itself, so that a variant which is a prefix of it
            // (引越 of 引越し) never eats into it.
            try table.insert(canonical, canonical: canonical, line: entry.line)
            for variant in entry.variants {
                let form = Normalizer.contextRules(Normalizer.fold(variant, folding: folding)).scalars
                guard form != canonical else { continue }
                try table.insert(form, canonical: canonical, line: entry.line)
            }
        }
        table.compile()
        self.folding = folding
        self.variants = table
    }

    public func normalize(_ text: String) -> NormalizedText {
        normalize(Array(text.unicodeScalars.map(\.value)))
    }

    public func normalize(_ scalars: [UInt32]) -> NormalizedText {
        normalize(scalars, layout: [])
    }

    /// Normalizes with layout knowledge from an earlier stage: each span of the input either
    /// vanishes (`separates == false`: debris such as `^{*}` or `**`, the words around it join)
    /// or becomes a boundary (`true`: markup such as `<p>`, the line ends around a heading).
    /// Spans must be sorted and must not overlap. Offsets still point into `scalars`.
    /// `doubleSpaced`: rule 6a applies (a caller that knows the lines, a `Document`, decides
    /// it with `isDoubleSpaced(_:lineStarts:)`; plain strings are never double-spaced).
    public func normalize(_ scalars: [UInt32], layout: [(range: Range<Int>, separates: Bool)], doubleSpaced: Bool = false) -> NormalizedText {
        normalize(scalars, layout: layout, doubleSpaced: doubleSpaced, vectorKernel: MappedTextBuilder.hasVectorKernel)
    }

    /// `vectorKernel: false` normalizes as a processor without AVX2 does (for the tests).
    func normalize(_ scalars: [UInt32], layout: [(range: Range<Int>, separates: Bool)], doubleSpaced: Bool = false,
                   vectorKernel: Bool) -> NormalizedText {
        var text = Normalizer.folded(scalars, layout: layout, folding: folding, vectorKernel: vectorKernel)
        Normalizer.applyContextRules(to: &text, joiningBlankLines: doubleSpaced, vectorKernel: vectorKernel)
        return text.withView { variants.apply(in: $0, vectorKernel: vectorKernel) }
    }

    /// Rule 6a: whether text is double-spaced. Of the places where a line of text is followed
    /// by another line of text, at least 90% (and at least eight) have exactly one blank line
    /// in between. Lines holding only spaces, tabs, CR or U+3000 are blank. A plan written
    /// with blank lines between its paragraphs still has its lists and tables line after line
    /// (the bundled plans: 29–71% of their line ends); the 南国市 speeches extracted with
    /// `pdftotext -layout`, 98–99%. Cost: one look at each line's first scalars.
    public static func isDoubleSpaced(_ scalars: [UInt32], lineStarts: [Int]) -> Bool {
        guard lineStarts.count >= 9 else { return false }
        return scalars.withUnsafeBufferPointer { scalars in
            lineStarts.withUnsafeBufferPointer { starts in
                func isBlank(_ line: Int) -> Bool {
                    let end = line + 1 < starts.count ? starts[line + 1] : scalars.count
                    var index = starts[line]
                    while index < end {
                        let value = scalars[index]
                        guard value == 0x20 || value == 0x09 || value == 0x0D || value == 0x0A || value == 0x3000 else { return false }
                        index += 1
                    }
                    return true
                }
                // Lines two ahead, one ahead and this one, rolled along.
                var adjacent = 0, spaced = 0
                var this = isBlank(0), next = isBlank(1)
                for line in 0..<(starts.count - 1) {
                    let afterNext = line + 2 < starts.count ? isBlank(line + 2) : true
                    if !this {
                        if !next { adjacent += 1 } else if !afterNext { spaced += 1 }
                    }
                    (this, next) = (next, afterNext)
                }
                return spaced >= 8 && spaced * 10 >= (spaced + adjacent) * 9
            }
        }
    }

    /// Pass 1 (rules 1–5): one table lookup per scalar; voicing marks compose with their kana;
    /// CR LF is one line break.
    static func fold(_ text: String, folding: CharacterFolding) -> NormalizedText {
        fold(Array(text.unicodeScalars.map(\.value)), folding: folding)
    }

    static func fold(_ input: [UInt32], layout: [(range: Range<Int>, separates: Bool)] = [], folding: CharacterFolding) -> NormalizedText {
        folded(input, layout: layout, folding: folding).finish()
    }

    static func folded(_ input: [UInt32], layout: [(range: Range<Int>, separates: Bool)], folding: CharacterFolding,
                       vectorKernel: Bool = MappedTextBuilder.hasVectorKernel) -> MappedTextBuilder {
        var out = MappedTextBuilder(capacity: input.count + 16)
        let count = input.count
        var nextSpan = 0
        // Where the next layout span begins: one comparison per scalar instead of a look at
        // the span array.
        var spanAt = layout.first?.range.lowerBound ?? Int.max
        input.withUnsafeBufferPointer { input in
            folding.withTable { table in
                var index = 0
                while index < count {
                    if index < spanAt {
                        // Most of the text: one to one, up to the next layout span.
                        let stopped = out.appendFolded(input, from: index, to: min(spanAt, count), table: table, vectorKernel: vectorKernel)
                        if stopped > index { index = stopped; continue }
                    }
                    if index >= spanAt {
                        let span = layout[nextSpan]
                        nextSpan += 1
                        spanAt = nextSpan < layout.count ? layout[nextSpan].range.lowerBound : Int.max
                        if span.range.upperBound > index {
                            if span.separates {
                                out.append(Normalizer.boundary, Int32(index), Int32(min(span.range.upperBound, count)))
                            }
                            index = min(span.range.upperBound, count)
                        }
                        continue
                    }
                    // A scalar `appendFolded` leaves to the general path.
                    let value = input[index]
                    if value == 0x0A, index > 0, input[index - 1] == 0x0D, out.last == Normalizer.lineBreak {
                        // CR LF is one line break.
                        out.setEnd(Int32(index + 1), at: out.count - 1)
                        index += 1
                        continue
                    }
                    let (single, expansion) = folding.lookup(value)
                    if let expansion {
                        for scalar in expansion { out.append(scalar, Int32(index), Int32(index + 1)) }
                    } else if single != CharacterFolding.deleted {
                        if (single == 0x3099 || single == 0x309A), let previous = out.last, let composed = folding.compose(previous, single) {
                            out.setScalar(composed, at: out.count - 1)
                            out.setEnd(Int32(index + 1), at: out.count - 1)
                        } else {
                            out.append(single, Int32(index), Int32(index + 1))
                        }
                    }
                    index += 1
                }
            }
        }
        return out
    }

    /// Pass 2 (rules 6 and 7): decisions that need a neighbour on each side.
    static func contextRules(_ text: NormalizedText) -> NormalizedText {
        var builder = MappedTextBuilder(capacity: text.count)
        text.withView { builder.append($0, 0..<$0.count) }
        applyContextRules(to: &builder)
        return builder.finish()
    }

    /// Pass 2 in place: it never writes more than it has read (a run of spaces and line
    /// breaks becomes at most one scalar, a dropped 等 none), so the folded text is rewritten
    /// where it lies instead of into a second set of buffers. Every read of the input is at or
    /// after the read position, except the look-behind of rule 6, which is kept aside before
    /// the position can be overwritten.
    static func applyContextRules(to text: inout MappedTextBuilder, joiningBlankLines: Bool = false,
                                  vectorKernel: Bool = MappedTextBuilder.hasVectorKernel) {
        // Rule 6a: the most line breaks a run may hold and still join two Japanese characters.
        let joinableBreaks = joiningBlankLines ? 2 : 1
        text.rewriteInPlace { scalars, sourceStart, sourceEnd, count in
            var written = 0
            @inline(__always) func append(_ value: UInt32, _ start: Int32, _ end: Int32) {
                scalars[written] = value
                sourceStart[written] = start
                sourceEnd[written] = end
                written += 1
            }
            var last: UInt32? { written > 0 ? scalars[written - 1] : nil }
            // Index in the input of the last scalar copied to the output, and the input scalar
            // before it, for rule 6's look-behind; the input scalar before `index`.
            var lastCopied = -1
            var beforeLastCopied: UInt32 = 0
            var inputBefore: UInt32 = 0
            var index = 0
            while index < count {
                // The run up to the next space, line break or 等 is kept as it is (found eight
                // scalars at a time by the vector kernel, the last few here).
                var runEnd = vectorKernel ? plancov_scan_context_stop(scalars, index, count, Normalizer.space, Normalizer.lineBreak, 0x7B49) : index
                while runEnd < count {
                    let value = scalars[runEnd]
                    if value <= Normalizer.space || value == Normalizer.lineBreak || value == 0x7B49 { break }
                    runEnd += 1
                }
                if runEnd > index {
                    let length = runEnd - index
                    beforeLastCopied = length >= 2 ? scalars[runEnd - 2] : inputBefore
                    inputBefore = scalars[runEnd - 1]
                    if written != index {
                        (scalars + written).update(from: scalars + index, count: length)
                        (sourceStart + written).update(from: sourceStart + index, count: length)
                        (sourceEnd + written).update(from: sourceEnd + index, count: length)
                    }
                    written += length
                    lastCopied = runEnd - 1
                    index = runEnd
                    if index == count { break }
                }
                let value = scalars[index]
                if Normalizer.isWhitespace(value) {
                    var end = index, lineBreaks = 0, hardBoundary = false
                    while end < count, Normalizer.isWhitespace(scalars[end]) {
                        if scalars[end] == Normalizer.lineBreak { lineBreaks += 1 }
                        if scalars[end] == Normalizer.boundary { hardBoundary = true }
                        end += 1
                    }
                    let previous = last
                    let next: UInt32? = end < count ? scalars[end] : nil
                    var emit: UInt32? = nil
                    if hardBoundary || lineBreaks > joinableBreaks {
                        emit = Normalizer.boundary
                    } else if lineBreaks >= 1 {
                        if let previous, let next, Normalizer.isJapanese(previous), Normalizer.isJapanese(next) {
                            emit = nil
                        } else {
                            emit = Normalizer.boundary
                        }
                    } else if let previous, let next, Normalizer.isWord(previous), Normalizer.isWord(next) {
                        let previousIsSingle = lastCopied == 0 || (lastCopied > 0 && !Normalizer.isWord(beforeLastCopied))
                        let nextIsSingle = end + 1 >= count || !Normalizer.isWord(scalars[end + 1])
                        emit = previousIsSingle && nextIsSingle ? nil : Normalizer.space
                    }
                    let start = sourceStart[index], stop = sourceEnd[end - 1]
                    inputBefore = scalars[end - 1]
                    if let emit, written > 0, last != Normalizer.boundary, end < count {
                        append(emit, start, stop)
                    }
                    index = end
                    continue
                }
                if value == 0x7B49, let previous = last, Normalizer.isJapaneseLetter(previous) {
                    // Rule 7: look at what follows 等 (spaces skipped).
                    var next = index + 1
                    while next < count, scalars[next] == Normalizer.space { next += 1 }
                    if next >= count || Normalizer.particles.contains(scalars[next]) || !(Normalizer.isJapaneseLetter(scalars[next]) || Normalizer.isWord(scalars[next])) {
                        // The dropped 等 still belongs to the word before it in the original, so
                        // evidence quotes 図書貸出予約等 whole.
                        sourceEnd[written - 1] = sourceEnd[index]
                        inputBefore = value
                        index += 1
                        continue
                    }
                }
                let start = sourceStart[index], stop = sourceEnd[index]
                beforeLastCopied = inputBefore
                inputBefore = value
                append(value, start, stop)
                lastCopied = index
                index += 1
            }
            return written
        }
    }

    /// The particles after which 等 means "and so on" (rule 7), as katakana after rule 3.
    static let particles: Set<UInt32> = Set("ノヲニガハモデトヘヤ".unicodeScalars.map(\.value))

    @inline(__always)
    static func isWhitespace(_ value: UInt32) -> Bool {
        value == space || value == lineBreak || value == boundary
    }

    /// Latin, Greek and Cyrillic letters and digits: the scripts written with spaces.
    @inline(__always)
    static func isWord(_ value: UInt32) -> Bool {
        (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
            || (value >= 0xC0 && value <= 0x24F && value != 0xD7 && value != 0xF7) || (value >= 0x370 && value <= 0x4FF)
    }

    /// Kanji and kana (the long-vowel mark is "-" by now and no longer counts).
    @inline(__always)
    static func isJapaneseLetter(_ value: UInt32) -> Bool {
        (value >= 0x3041 && value <= 0x30FA) || (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF)
            || (value >= 0xF900 && value <= 0xFAFF) || (value >= 0x20000 && value <= 0x3FFFF) || value == 0x3005
            || value == 0x3006 || value == 0x30FD || value == 0x30FE
    }

    /// Japanese letters and Japanese punctuation: what a broken line joins.
    @inline(__always)
    static func isJapanese(_ value: UInt32) -> Bool {
        isJapaneseLetter(value) || (value >= 0x3000 && value <= 0x303F) || value == 0x30FB
    }
}
