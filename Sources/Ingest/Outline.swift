/// Recovers the structure of a plan written as plain text or Markdown: its headings and their
/// levels, its table of contents, and the layout debris that must not take part in matching.
///
/// Plans number their headings in a handful of styles (第N章, N / N., N.N, (N) / （N）, ①,
/// ア/イ/ウ, 【…】, 付録N, Markdown #). Levels come from the order in which the styles
/// appear, not from the style itself: the first style met is the outermost, a style met
/// again closes everything below it. 第N章 and 付録N always start a top-level chapter, and
/// 【…】 labels a block without opening a level of its own. Markdown's # counts are
/// ignored when the heading is numbered, because extractions put them inconsistently
/// (芦別: "## (2)" and "### (3)" are siblings).
///
/// What is not a heading: a line inside a run of same-style numbered lines (a numbered list
/// such as 芦別's 付録2 or 朝霞's ①…⑮ table), a line with a tab inside (a table row), a
/// list item ("- "), a line ending in 。, a line over 60 characters.
///
/// The table of contents (目次, 内容, or three page-numbered entries at the start) becomes
/// one pseudo-section "目次" whose lines are never headings.
public enum OutlineParser {
    public struct Result: Sendable, Equatable {
        public var headings: [Heading]
        public var layout: [LayoutSpan]
    }

    public static func parse(_ scalars: [UInt32], lineStarts: [Int]) -> Result {
        parse(scalars, lineStarts: lineStarts, debrisMarks: nil)
    }

    /// As `parse(_:lineStarts:)`, told where debris can start (see `LineIndex.debrisMarks`):
    /// the text is not scanned for it.
    static func parse(_ scalars: [UInt32], lineStarts: [Int], debrisMarks: [Int]?) -> Result {
        let lines = lineStarts.indices.map { index -> Range<Int> in
            let start = lineStarts[index]
            var end = index + 1 < lineStarts.count ? lineStarts[index + 1] : scalars.count
            while end > start, scalars[end - 1] == 0x0A || scalars[end - 1] == 0x0D { end -= 1 }
            return start..<end
        }
        var layout = [LayoutSpan]()
        var candidates = [Candidate?](repeating: nil, count: lines.count)
        let toc = tableOfContents(scalars, lines)
        var nextMark = 0
        for (index, line) in lines.enumerated() {
            if let marks = debrisMarks {
                while nextMark < marks.count, marks[nextMark] < line.lowerBound { nextMark += 1 }
                var endMark = nextMark
                while endMark < marks.count, marks[endMark] < line.upperBound { endMark += 1 }
                debris(scalars, line, candidates: marks[nextMark..<endMark], into: &layout)
                nextMark = endMark
            } else {
                debris(scalars, line, into: &layout)
            }
            if let toc, toc.contains(index) { continue }
            candidates[index] = candidate(scalars, line)
        }
        // A numbered line next to another of the same style (blank lines aside) is a list item.
        var previousNonBlank: Int? = nil
        var demoted = [Bool](repeating: false, count: lines.count)
        let nonBlank = lines.indices.filter { !isBlank(scalars, lines[$0]) }
        for (position, index) in nonBlank.enumerated() {
            guard let current = candidates[index], current.style.isNumbered else { previousNonBlank = index; continue }
            let next = position + 1 < nonBlank.count ? candidates[nonBlank[position + 1]] : nil
            let previous = previousNonBlank.flatMap { candidates[$0] }
            if next?.style == current.style || previous?.style == current.style {
                demoted[index] = true
            }
            previousNonBlank = index
        }
        // Levels from the order of styles.
        var headings = [Heading]()
        var pending = [(title: String, level: Int, line: Int, start: Int, isLabel: Bool)]()
        var stack = [Style]()
        var lastDecimal: Int? = nil
        if let toc {
            pending.append(("目次", 1, toc.lowerBound + 1, lines[toc.lowerBound].lowerBound, false))
        }
        for (index, line) in lines.enumerated() {
            guard let found = candidates[index], !demoted[index] else { continue }
            let level: Int
            switch found.style {
            case .chapter, .appendix:
                stack = [found.style]
                level = 1
            case .label:
                level = stack.count + 1
            case .dotted where found.number != nil && lastDecimal != nil && found.number != lastDecimal
                && stack.contains(.decimal) && !stack.contains(found.style):
                // 5.3 after headings 4. 5. 6: those were items inside section 5.2, so the
                // dotted numbering is the outer one and takes their place.
                let position = stack.firstIndex(of: .decimal)!
                stack = Array(stack[..<position]) + [found.style]
                level = position + 1
            default:
                if let position = stack.firstIndex(of: found.style) {
                    stack.removeSubrange((position + 1)...)
                    level = position + 1
                } else {
                    stack.append(found.style)
                    level = stack.count
                }
            }
            if found.style == .decimal { lastDecimal = found.number }
            pending.append((Document.string(scalars[found.title]), level, index + 1, line.lowerBound, found.style == .label))
            // Heading lines stand apart from the text around them.
            if line.lowerBound > 0 { layout.append(LayoutSpan(range: (line.lowerBound - 1)..<line.lowerBound, kind: .separate)) }
            if line.upperBound < scalars.count { layout.append(LayoutSpan(range: line.upperBound..<(line.upperBound + 1), kind: .separate)) }
        }
        pending.sort { $0.start < $1.start }
        for (position, heading) in pending.enumerated() {
            var end = scalars.count
            let isContents = toc != nil && heading.title == "目次" && heading.line == toc!.lowerBound + 1
            if isContents, let toc {
                end = toc.upperBound < lines.count ? lines[toc.upperBound].lowerBound : scalars.count
            } else if let next = pending[(position + 1)...].first(where: { heading.isLabel || $0.level <= heading.level }) {
                end = next.start
            }
            headings.append(Heading(title: heading.title, level: heading.level, line: heading.line, range: heading.start..<end,
                                    isTableOfContents: isContents))
        }
        layout.sort { $0.range.lowerBound < $1.range.lowerBound }
        var merged = [LayoutSpan]()
        for span in layout {
            if let last = merged.last, span.range.lowerBound < last.range.upperBound { continue }
            merged.append(span)
        }
        return Result(headings: headings, layout: merged)
    }

    enum Style: Equatable {
        case chapter, appendix, decimal, dotted(Int), paren, closingParen, circled, katakana, label, markdown(Int)
        var isNumbered: Bool {
            switch self {
            case .label, .markdown, .chapter, .appendix: return false
            default: return true
            }
        }
    }

    struct Candidate {
        let style: Style
        /// Where the title is in the text (made a String only for the lines that become
        /// headings: numbered list items are candidates too).
        let title: Range<Int>
        /// The leading number of a numbered heading (5 of "5.3", 4 of "4."), when it has one.
        var number: Int? = nil
    }

    // MARK: - Headings

    static func candidate(_ scalars: [UInt32], _ line: Range<Int>) -> Candidate? {
        var start = line.lowerBound
        var markdownLevel = 0
        while start < line.upperBound, isSpace(scalars[start]) { start += 1 }
        while start < line.upperBound, scalars[start] == 0x23 { markdownLevel += 1; start += 1 }      // #
        while start < line.upperBound, isSpace(scalars[start]) || scalars[start] == 0x2A { start += 1 } // spaces, **
        var end = line.upperBound
        while end > start, isSpace(scalars[end - 1]) || scalars[end - 1] == 0x2A { end -= 1 }
        guard start < end else { return nil }
        // Most lines are running text: a line that is no Markdown heading and does not start
        // the way a numbering style must is no candidate, without looking further.
        guard markdownLevel > 0 || mayStartNumbering(scalars[start]) else { return nil }
        let body = scalars[start..<end]
        guard body.count <= 60, body.last != 0x3002, !body.contains(0x09) else { return nil }   // 。 tab
        guard !(body.count >= 2 && (body.first == 0x2D || body.first == 0x30FB || body.first == 0x2022) && isSpace(scalars[start + 1])) else { return nil }
        let style = body.withUnsafeBufferPointer { numberingStyle($0) }
        guard style != nil || markdownLevel > 0 else { return nil }
        let title = start..<end
        guard let style else {
            return Candidate(style: .markdown(markdownLevel), title: title)
        }
        // The leading ASCII number, at most two digits by numberingStyle's rules.
        let digits = body.prefix { (0x30...0x39).contains($0) }
        let number = digits.isEmpty ? nil : digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return Candidate(style: style, title: title, number: number)
    }

    /// Whether `first` can begin a numbering style (see `numberingStyle`, every branch of which
    /// needs one of these first).
    static func mayStartNumbering(_ first: UInt32) -> Bool {
        switch first {
        case 0x30...0x39, 0xFF10...0xFF19,        // N, N., N.N, N)
             0x28, 0xFF08,                        // (N) （N）
             0x7B2C, 0x4ED8, 0x3010,              // 第 付 【
             0x2460...0x2473:                     // ①…⑳
            return true
        case 0x30A2...0x30B3:                     // ア … コ
            return katakanaNumbers.contains(first)
        default:
            return false
        }
    }

    /// The numbering style a heading starts with, provided text follows the number.
    static func numberingStyle(_ s: [UInt32]) -> Style? {
        s.withUnsafeBufferPointer { numberingStyle($0) }
    }

    static func numberingStyle(_ s: UnsafeBufferPointer<UInt32>) -> Style? {
        func digitValue(_ v: UInt32) -> Bool { (0x30...0x39).contains(v) || (0xFF10...0xFF19).contains(v) }
        func kanjiNumber(_ v: UInt32) -> Bool {
            v == 0x4E00 || v == 0x4E8C || v == 0x4E09 || v == 0x56DB || v == 0x4E94 || v == 0x516D || v == 0x4E03
                || v == 0x516B || v == 0x4E5D || v == 0x5341   // 一二三四五六七八九十
        }
        func hasText(after index: Int) -> Bool {
            var i = index
            while i < s.count, isSpace(s[i]) || s[i] == 0x2E || s[i] == 0xFF0E { i += 1 }
            return i < s.count
        }
        var i = 0
        // 第N章
        if s.first == 0x7B2C {
            i = 1
            while i < s.count, digitValue(s[i]) || kanjiNumber(s[i]) { i += 1 }
            if i > 1, i < s.count, s[i] == 0x7AE0 { return .chapter }
            return nil
        }
        // 付録N
        if s.count >= 3, s[0] == 0x4ED8, s[1] == 0x9332 {
            i = 2
            while i < s.count, isSpace(s[i]) { i += 1 }
            if i < s.count, digitValue(s[i]) { return .appendix }
            return nil
        }
        // 【…】 alone on its line
        if s.first == 0x3010, s.last == 0x3011 { return .label }
        // ①…⑳
        if let first = s.first, (0x2460...0x2473).contains(first), hasText(after: 1) { return .circled }
        // ア イ ウ … followed by a space
        if s.count >= 3, OutlineParser.katakanaNumbers.contains(s[0]), isSpace(s[1]) { return .katakana }
        // (N) （N）
        if let first = s.first, first == 0x28 || first == 0xFF08 {
            i = 1
            while i < s.count, digitValue(s[i]) { i += 1 }
            if i > 1, i < s.count, s[i] == 0x29 || s[i] == 0xFF09, hasText(after: i + 1) { return .paren }
            return nil
        }
        // N, N., N.N, N)
        while i < s.count, digitValue(s[i]) { i += 1 }
        guard i >= 1, i <= 2 else { return nil }
        var depth = 0
        while i + 1 < s.count, s[i] == 0x2E || s[i] == 0xFF0E, digitValue(s[i + 1]) {
            i += 1
            while i < s.count, digitValue(s[i]) { i += 1 }
            depth += 1
        }
        if depth > 0 { return hasText(after: i) && (i < s.count && (isSpace(s[i]) || !digitValue(s[i]))) ? .dotted(depth) : nil }
        guard i < s.count else { return nil }
        if s[i] == 0x29 || s[i] == 0xFF09 { return hasText(after: i + 1) ? .closingParen : nil }
        if s[i] == 0x2E || s[i] == 0xFF0E || s[i] == 0x3001 || isSpace(s[i]) { return hasText(after: i + 1) ? .decimal : nil }
        return nil
    }

    // MARK: - Table of contents

    static func tableOfContents(_ scalars: [UInt32], _ lines: [Range<Int>]) -> Range<Int>? {
        let searchLimit = min(lines.count, 80)
        var start: Int? = nil
        // The short lines near the start, decoration dropped and letters lowercased, against the
        // titles: in one buffer, with no set lookup (this runs on every plan).
        var letters = [UInt32]()
        letters.reserveCapacity(24)
        for index in 0..<searchLimit where lines[index].count <= 24 {
            letters.removeAll(keepingCapacity: true)
            for value in scalars[lines[index]] where !isContentsDecoration(value) {
                letters.append(value >= 0x41 && value <= 0x5A ? value + 0x20 : value)
            }
            if OutlineParser.contentsTitles.contains(letters) { start = index; break }
        }
        var first: Int
        if let start { first = start + 1 } else {
            // No title: three page-numbered entries in a row near the start.
            guard let run = (0..<max(0, searchLimit - 2)).first(where: { i in (i..<(i + 3)).allSatisfy { endsWithPageNumber(scalars, lines[$0]) } }) else { return nil }
            first = run
        }
        while first < lines.count, isBlank(scalars, lines[first]) { first += 1 }
        var end = first
        while end < lines.count {
            let line = lines[end]
            if isBlank(scalars, line) {
                // A blank line ends the contents unless page-numbered entries go on after it.
                var next = end
                while next < lines.count, isBlank(scalars, lines[next]) { next += 1 }
                guard next < lines.count, endsWithPageNumber(scalars, lines[next]) else { break }
                end = next
                continue
            }
            guard endsWithPageNumber(scalars, line) || candidateNumbering(scalars, line) else { break }
            end += 1
        }
        guard end > first else { return nil }
        return (start ?? first)..<end
    }

    static let contentsTitles: [[UInt32]] = ["目次", "もくじ", "内容", "contents"].map { Array($0.unicodeScalars.map(\.value)) }
    /// # ◆ ■ ● ◇ □, spaces and * around a contents title.
    @inline(__always)
    static func isContentsDecoration(_ value: UInt32) -> Bool {
        switch value {
        case 0x23, 0x25C6, 0x25A0, 0x25CF, 0x25C7, 0x25A1, 0x20, 0x3000, 0x2A: return true
        default: return false
        }
    }

    static func endsWithPageNumber(_ scalars: [UInt32], _ line: Range<Int>) -> Bool {
        var end = line.upperBound
        while end > line.lowerBound, isSpace(scalars[end - 1]) { end -= 1 }
        var digits = 0
        while end > line.lowerBound, (0x30...0x39).contains(scalars[end - 1]) { end -= 1; digits += 1 }
        guard (1...3).contains(digits), end > line.lowerBound else { return false }
        let before = scalars[end - 1]
        return before == 0x09 || before == 0x20 || before == 0x3000 || before == 0x2E || before == 0x2026 || before == 0x30FB
    }

    static func candidateNumbering(_ scalars: [UInt32], _ line: Range<Int>) -> Bool {
        var start = line.lowerBound
        while start < line.upperBound, isSpace(scalars[start]) || scalars[start] == 0x23 { start += 1 }
        let body = Array(scalars[start..<line.upperBound]).map { $0 == 0x09 ? 0x20 : $0 }
        return body.count <= 80 && numberingStyle(body) != nil
    }

    // MARK: - Debris

    /// Markup and marks left by PDF-to-text tools: HTML tags separate, the rest vanishes.
    static func debris(_ scalars: [UInt32], _ line: Range<Int>) -> [LayoutSpan] {
        var spans = [LayoutSpan]()
        debris(scalars, line, into: &spans)
        return spans
    }

    /// As `debris(_:_:)`, appending to `spans`: it runs on every line of every plan, and most
    /// lines have none, so it allocates nothing and skips quickly to the next `<`, `^`, `[`,
    /// `(`, `（` or `*`.
    static func debris(_ scalars: [UInt32], _ line: Range<Int>, into spans: inout [LayoutSpan]) {
        debris(scalars, line, candidates: nil, into: &spans)
    }

    /// As `debris(_:_:into:)`, looking only at `candidates` (the offsets in the line where
    /// `mayStartDebris` holds, ascending) when given, instead of at every scalar.
    static func debris(_ scalars: [UInt32], _ line: Range<Int>, candidates: ArraySlice<Int>?, into spans: inout [LayoutSpan]) {
        scalars.withUnsafeBufferPointer { scalars in
            let end = line.upperBound
            // Markdown heading marks at the start of the line.
            var start = line.lowerBound
            while start < end, scalars[start] == 0x23 { start += 1 }
            if start > line.lowerBound, start < end, isSpace(scalars[start]) {
                spans.append(LayoutSpan(range: line.lowerBound..<start, kind: .remove))
            }
            func firstIndex(of target: UInt32, in range: Range<Int>) -> Int? {
                var k = range.lowerBound
                while k < range.upperBound { if scalars[k] == target { return k }; k += 1 }
                return nil
            }
            /// The debris that starts at `i` (appended), and where to look on; nil if none does.
            func debris(at i: Int) -> Int? {
                let value = scalars[i]
                if value == 0x3C, i + 1 < end, isASCIILetter(scalars[i + 1]) || scalars[i + 1] == 0x2F,   // <tag …> </tag>
                   let close = firstIndex(of: 0x3E, in: (i + 1)..<end) {
                    spans.append(LayoutSpan(range: i..<(close + 1), kind: .separate))
                    return close + 1
                }
                if value == 0x5E, i + 1 < end, scalars[i + 1] == 0x7B, let close = firstIndex(of: 0x7D, in: (i + 2)..<end), close - i <= 8 {
                    spans.append(LayoutSpan(range: i..<(close + 1), kind: .remove))                        // ^{*}
                    return close + 1
                }
                if (value == 0x5B || value == 0x28 || value == 0xFF08), i + 2 < end,
                   scalars[i + 1] == 0x203B || scalars[i + 1] == 0x2A || scalars[i + 1] == 0xFF0A {        // [※] (*¹) （＊）
                    var close = i + 2
                    while close < end, close - i <= 6, scalars[close] != 0x5D, scalars[close] != 0x29, scalars[close] != 0xFF09 { close += 1 }
                    if close < end, close - i <= 6, scalars[close] == 0x5D || scalars[close] == 0x29 || scalars[close] == 0xFF09,
                       scalars[(i + 2)..<close].allSatisfy({ isFootnoteMark($0) }) {
                        spans.append(LayoutSpan(range: i..<(close + 1), kind: .remove))
                        return close + 1
                    }
                }
                if value == 0x2A, i + 1 < end, scalars[i + 1] == 0x2A {                                   // **bold**
                    spans.append(LayoutSpan(range: i..<(i + 2), kind: .remove))
                    return i + 2
                }
                return nil
            }
            if let candidates {
                var next = line.lowerBound
                for i in candidates where i >= next {
                    if let after = debris(at: i) { next = after }
                }
            } else {
                var i = line.lowerBound
                while i < end {
                    guard mayStartDebris(scalars[i]) else { i += 1; continue }
                    i = debris(at: i) ?? i + 1
                }
            }
        }
    }

    /// Whether debris can start with `value` (< ^ [ ( * or （): the test the outline makes on
    /// every scalar of a line, and the decoder on every character it decodes to mark it. One
    /// bit test for ASCII, with no branch on ASCII or not (plans mix the two at random).
    @inline(__always)
    static func mayStartDebris(_ value: UInt32) -> Bool {
        let key = UInt64(value < 0x7F ? value : 0x7F)
        return ((key < 64 ? debrisStartsLow : debrisStartsHigh) &>> key) & 1 != 0 || value == 0xFF08
    }

    /// The ASCII characters debris can start with, as bits of two words.
    private static let debrisStartsLow: UInt64 = 1 << 0x3C | 1 << 0x28 | 1 << 0x2A
    private static let debrisStartsHigh: UInt64 = 1 << (0x5E - 64) | 1 << (0x5B - 64)

    /// ア イ ウ エ オ カ キ ク ケ コ: the katakana that number headings.
    static let katakanaNumbers: Set<UInt32> = Set("アイウエオカキクケコ".unicodeScalars.map(\.value))

    static func isFootnoteMark(_ v: UInt32) -> Bool {
        (0x30...0x39).contains(v) || v == 0xB9 || v == 0xB2 || v == 0xB3 || (0x2070...0x2079).contains(v) || v == 0x2A || v == 0x203B
    }

    static func isASCIILetter(_ v: UInt32) -> Bool { (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) }
    /// Form feeds count as space: pdftotext puts one at the start of each page's first line.
    static func isSpace(_ v: UInt32) -> Bool { v == 0x20 || v == 0x09 || v == 0x3000 || v == 0xA0 || v == 0x0C }
    static func isBlank(_ scalars: [UInt32], _ line: Range<Int>) -> Bool { scalars[line].allSatisfy(isSpace) }
}

/// A stretch of the original text that takes no part in matching as it is.
public struct LayoutSpan: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Debris that vanishes (`^{*}`, `[※]`, `**`): the words around it join.
        case remove
        /// Markup that separates (`<p>`, `<li>`, a heading's line ends): no match spans it.
        case separate
    }
    public let range: Range<Int>
    public let kind: Kind
    public init(range: Range<Int>, kind: Kind) {
        self.range = range
        self.kind = kind
    }
}
