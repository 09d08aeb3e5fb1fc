/// Turns the fragments an extractor placed on each page into lines in reading order, the way a
/// person reads the page:
///
/// - **Page furniture** is dropped: a line at the top or bottom of a page (the outermost two)
///   that is only a page number (`- 3 -`, `3`, `3 / 24`, `P.3`, `－３－`), or whose text with
///   its digits masked recurs at the same height on other pages (at least two, and a third of
///   them: a running header or footer), never reaches matching or the outline.
/// - **Visual lines**: fragments that overlap vertically are one line, left to right (MuPDF
///   cuts a line where the font changes, and a slide's text boxes are fragments of their own:
///   基幹系 / 20 / 業務). The gap between two fragments decides what stands between them:
///   nothing when they touch, a space up to two characters' width, a tab (a table cell, a
///   boundary no match crosses) beyond. MuPDF's spaces between two Japanese characters (it adds
///   them where a word processor spaced the letters out) are dropped.
/// - **Reading order** by recursive cuts of the page along the white space between the
///   extractor's blocks (paragraphs, text boxes, table cells): two columns of running text
///   side by side are read column by column; otherwise rows top to bottom, and side by side
///   blocks in a row left to right, each block whole (a text box's lines stay together); a
///   row of single-line blocks is one line (a table row).
/// - **Vertical writing** (縦書き) is laid out the same way turned a quarter: lines top to
///   bottom, right to left.
/// - **Paragraphs**: consecutive lines stay one paragraph unless a blank line would separate
///   them to a reader: a region starts (a column, a box), the gap between the lines exceeds
///   one and a half lines (double spacing does not), the font size changes, or the line above ends
///   short of the column. Lines of one paragraph are joined for
///   matching (see `PDFExtractor`); a blank line is a boundary.
enum PageLayout {
    /// Lays out every page of a document.
    static func lay(_ pages: [[PDFFragment]]) -> PDFText {
        let cleaned = pages.map { stackingVertical($0.compactMap(clean)) }
        let furniture = Furniture.find(cleaned)
        var text = PDFText(pages: [], furniture: 0)
        for (number, fragments) in cleaned.enumerated() {
            let kept = fragments.indices.filter { !furniture.contains(Furniture.Key(page: number, fragment: $0)) }
            text.furniture += fragments.count - kept.count
            text.pages.append(lay(page: fragments, kept: kept))
        }
        return text
    }

    // MARK: - One page

    /// A fragment in layout coordinates (vertical writing turned so that its lines run left to
    /// right and follow each other downwards).
    struct Placed {
        let index: Int
        let box: PageBox
        let size: Double
    }

    /// A line being laid out: its fragments in order, in segments separated by a cut (cells).
    struct Line {
        var segments: [[Placed]]
        var startsRegion = false
        var box: PageBox {
            segments.joined().dropFirst().reduce(segments[0][0].box) { $0.union($1.box) }
        }
    }

    static func lay(page fragments: [PDFFragment], kept: [Int]) -> [PDFLine] {
        guard !kept.isEmpty else { return [] }
        let horizontal = kept.filter { !fragments[$0].vertical }
        let vertical = kept.filter { fragments[$0].vertical }
        var groups = [(indices: horizontal, turned: false), (indices: vertical, turned: true)].filter { !$0.indices.isEmpty }
        let horizontalText = horizontal.reduce(0) { $0 + fragments[$1].text.count }
        let verticalText = vertical.reduce(0) { $0 + fragments[$1].text.count }
        if verticalText > horizontalText { groups.reverse() }
        var result = [PDFLine]()
        for group in groups {
            let placed = group.indices.map { index -> Placed in
                let f = fragments[index]
                let box = group.turned ? PageBox(left: f.box.top, top: -f.box.right, right: f.box.bottom, bottom: -f.box.left) : f.box
                return Placed(index: index, box: box, size: f.size > 0 ? f.size : max(1, min(box.height, 72)))
            }
            let em = median(placed.map(\.size))
            // Units of the cuts: the extractor's blocks.
            var byBlock = [Int: [Placed]]()
            var order = [Int]()
            for item in placed {
                let block = fragments[item.index].block
                if byBlock[block] == nil { order.append(block) }
                byBlock[block, default: []].append(item)
            }
            let units = textBoxes(order.map { Unit(items: byBlock[$0]!) })
            var lines = cut(units, em: em)
            if !lines.isEmpty { lines[0].startsRegion = true }
            result += paragraphs(lines, fragments: fragments, em: em)
        }
        return result
    }

    /// Blocks that follow each other as lines of one box do (left edges aligned, less than
    /// half a line apart, one font size) are one unit: MuPDF makes a block of each line of a
    /// text box, and the box must be read whole.
    static func textBoxes(_ units: [Unit]) -> [Unit] {
        var boxes = [[Placed]]()
        var frames = [(box: PageBox, size: Double)]()
        for unit in units.sorted(by: { $0.box.top < $1.box.top }) {
            let size = unit.items.map(\.size).max() ?? 1
            let lineHeight = unit.box.height / Double(max(1, rows(unit.items).count))
            // The boxes open just above: a few at most share a band of the page.
            let candidates = frames.indices.suffix(8).reversed()
            if let position = candidates.first(where: { index in
                let frame = frames[index]
                let gap = unit.box.top - frame.box.bottom
                return abs(unit.box.left - frame.box.left) <= 2 && gap <= 0.5 * lineHeight && gap >= -0.5 * lineHeight
                    && max(size, frame.size) < 1.2 * min(size, frame.size)
            }) {
                boxes[position] += unit.items
                frames[position].box = frames[position].box.union(unit.box)
            } else {
                boxes.append(unit.items)
                frames.append((unit.box, size))
            }
        }
        return boxes.map { Unit(items: $0) }
    }

    /// A block of one- or two-character lines stacked down the page is a line of vertical
    /// writing that the extractor did not see as one (LibreOffice sets 縦書き glyph by glyph):
    /// it becomes one vertical fragment, its characters top to bottom.
    static func stackingVertical(_ fragments: [PDFFragment]) -> [PDFFragment] {
        var byBlock = [Int: [Int]]()
        for (index, fragment) in fragments.enumerated() where !fragment.vertical { byBlock[fragment.block, default: []].append(index) }
        var replaced = Set<Int>()
        var stacks = [Int: PDFFragment]()   // first index → the stack
        for (_, indices) in byBlock where indices.count >= 3 {
            let members = indices.map { fragments[$0] }
            let box = members.dropFirst().reduce(members[0].box) { $0.union($1.box) }
            guard box.height >= 3 * box.width, members.allSatisfy({ $0.text.filter { $0 != 0x20 }.count <= 2 }) else { continue }
            let sorted = indices.sorted { fragments[$0].box.top < fragments[$1].box.top }
            var stack = fragments[sorted[0]]
            stack.text = sorted.flatMap { fragments[$0].text.filter { $0 != 0x20 } }
            stack.box = box
            stack.vertical = true
            stacks[indices.min()!] = stack
            replaced.formUnion(indices)
        }
        guard !replaced.isEmpty else { return fragments }
        var result = [PDFFragment]()
        for (index, fragment) in fragments.enumerated() {
            if let stack = stacks[index] { result.append(stack) } else if !replaced.contains(index) { result.append(fragment) }
        }
        return result
    }

    /// A block: the unit the cuts never split.
    struct Unit {
        let items: [Placed]
        let box: PageBox
        init(items: [Placed]) {
            self.items = items
            box = items.dropFirst().reduce(items[0].box) { $0.union($1.box) }
        }
        var rows: [Line] { PageLayout.rows(items) }
    }

    /// Recursive cuts along white space: columns of running text, then rows, then side by side
    /// blocks; a single block (or blocks that overlap) is read row by row.
    static func cut(_ units: [Unit], em: Double) -> [Line] {
        if units.count <= 1 { return units.first?.rows ?? [] }
        // Two columns of running text: read each whole.
        for gap in gaps(units.map { ($0.box.left, $0.box.right) }, minimum: 1.5 * em).sorted(by: { $0.width > $1.width }) {
            let left = units.filter { $0.box.right <= gap.start }
            let right = units.filter { $0.box.left >= gap.end }
            guard left.count + right.count == units.count, isRunningText(left, em: em), isRunningText(right, em: em) else { continue }
            var lines = cut(left, em: em)
            var rightLines = cut(right, em: em)
            if !rightLines.isEmpty { rightLines[0].startsRegion = true }
            lines += rightLines
            return lines
        }
        // Rows, top to bottom.
        let slabs = split(units, along: { ($0.box.top, $0.box.bottom) }, tolerance: 0.25)
        if slabs.count > 1 { return slabs.flatMap { cut($0, em: em) } }
        // Blocks side by side, left to right.
        let parts = split(units, along: { ($0.box.left, $0.box.right) }, tolerance: 0, minimumGap: 0.8 * em)
        if parts.count > 1 {
            let laid = parts.map { cut($0, em: em) }
            if laid.allSatisfy({ $0.count == 1 }) {
                // One line each: a table row, or a line of separate text boxes.
                return [Line(segments: laid.flatMap { $0[0].segments })]
            }
            var lines = [Line]()
            for var part in laid where !part.isEmpty {
                part[0].startsRegion = true
                lines += part
            }
            return lines
        }
        return rows(units.flatMap(\.items))
    }

    /// Groups `units` whose extents along one axis overlap (by more than `tolerance` of the
    /// smaller one), in order; groups separated by less than `minimumGap` stay together.
    static func split(_ units: [Unit], along extent: (Unit) -> (Double, Double), tolerance: Double, minimumGap: Double = -.infinity) -> [[Unit]] {
        let sorted = units.sorted { extent($0).0 < extent($1).0 || (extent($0).0 == extent($1).0 && extent($0).1 < extent($1).1) }
        var groups = [[Unit]]()
        var end = -Double.infinity
        var smallest = Double.infinity
        for unit in sorted {
            let (low, high) = extent(unit)
            let size = high - low
            let overlap = end - low
            if groups.isEmpty || (overlap <= tolerance * min(size, smallest) && low - end >= minimumGap) {
                groups.append([unit])
                end = high
                smallest = size
            } else {
                groups[groups.count - 1].append(unit)
                end = max(end, high)
                smallest = min(smallest, size)
            }
        }
        return groups
    }

    /// White space between the extents, at least `minimum` wide.
    static func gaps(_ extents: [(Double, Double)], minimum: Double) -> [(start: Double, end: Double, width: Double)] {
        var result = [(start: Double, end: Double, width: Double)]()
        var end = -Double.infinity
        for (low, high) in extents.sorted(by: { $0.0 < $1.0 }) {
            if end > -Double.infinity, low - end >= minimum { result.append((end, low, low - end)) }
            end = max(end, high)
        }
        return result
    }

    /// Whether the blocks read as a column of running text: three lines or more, most of them
    /// filling the column's width (table cells and labels do not).
    static func isRunningText(_ units: [Unit], em: Double) -> Bool {
        let lines = units.flatMap(\.rows)
        guard lines.count >= 3 else { return false }
        let left = units.map(\.box.left).min()!, right = units.map(\.box.right).max()!
        let full = lines.filter { $0.box.width >= 0.7 * (right - left) }.count
        return Double(full) >= 0.5 * Double(lines.count)
    }

    /// Fragments grouped into visual lines (vertical overlap of at least half the smaller
    /// height), top to bottom, each left to right.
    static func rows(_ items: [Placed]) -> [Line] {
        let sorted = items.sorted { $0.box.top < $1.box.top || ($0.box.top == $1.box.top && $0.box.left < $1.box.left) }
        var lines = [(box: PageBox, items: [Placed])]()
        for item in sorted {
            if let line = lines.last,
               min(line.box.bottom, item.box.bottom) - max(line.box.top, item.box.top) >= 0.5 * min(line.box.height, item.box.height) {
                lines[lines.count - 1].box = line.box.union(item.box)
                lines[lines.count - 1].items.append(item)
            } else {
                lines.append((item.box, [item]))
            }
        }
        return lines.map { Line(segments: [$0.items.sorted { $0.box.left < $1.box.left }]) }
    }

    /// The lines' text, with paragraph starts decided from the geometry.
    static func paragraphs(_ lines: [Line], fragments: [PDFFragment], em: Double) -> [PDFLine] {
        var result = [PDFLine]()
        // The right edge of each region (a column, a box): where a full line ends.
        var regionRight = [Double](repeating: 0, count: lines.count)
        var start = 0
        func close(_ end: Int) {
            let right = lines[start..<end].map(\.box.right).max() ?? 0
            for k in start..<end { regionRight[k] = right }
        }
        for index in lines.indices where index > start && lines[index].startsRegion {
            close(index)
            start = index
        }
        if !lines.isEmpty { close(lines.count) }
        var previous: (line: Line, box: PageBox, tabbed: Bool)? = nil
        for (index, line) in lines.enumerated() {
            let text = self.text(of: line, fragments: fragments, em: em)
            guard !text.isEmpty else { continue }
            let box = line.box
            let tabbed = text.contains(0x09)
            var starts = line.startsRegion || tabbed
            if let previous {
                let height = max(previous.box.height, box.height)
                let gap = box.top - previous.box.bottom
                let sizes = (line.segments[0].map(\.size).max() ?? em, previous.line.segments[0].map(\.size).max() ?? em)
                if previous.tabbed || gap > 1.5 * height || gap < -0.5 * height
                    || max(sizes.0, sizes.1) > 1.2 * min(sizes.0, sizes.1)
                    || previous.box.right < regionRight[index] - 1.5 * em {
                    starts = true
                }
            }
            let original = line.segments.joined().map { fragments[$0.index].box }
            result.append(PDFLine(text: text, box: original.dropFirst().reduce(original[0]) { $0.union($1) }, startsParagraph: starts))
            previous = (line, box, tabbed)
        }
        return result
    }

    /// A line's text: its fragments joined by nothing, a space or a tab, by the gap between them.
    static func text(of line: Line, fragments: [PDFFragment], em: Double) -> [UInt32] {
        var text = [UInt32]()
        var last: Placed? = nil
        for segment in line.segments {
            for item in segment {
                var value = fragments[item.index].text[...]
                if let last, let end = text.last, let first = value.first {
                    let gap = item.box.left - last.box.right
                    let width = min(item.size, last.size)
                    // A numbering label (1, (1), ①, 第1章) and its title are one heading, however
                    // far the word processor's tab put them apart.
                    let letters = text.filter { $0 != 0x20 }
                    let label = letters.count <= 4 && OutlineParser.mayStartNumbering(letters.first ?? 0)
                    // A number set large between words (a slide's 基幹系 20 業務) belongs to them.
                    let emphasis = max(item.size, last.size) >= 1.3 * min(item.size, last.size)
                    if gap >= 2 * width && !label && !emphasis {
                        while text.last == 0x20 { text.removeLast() }
                        while value.first == 0x20 { value = value.dropFirst() }
                        text.append(0x09)
                    } else if end != 0x20, first != 0x20, gap >= (isWide(end) && isWide(first) && !label ? 1.0 : 0.1) * width {
                        text.append(0x20)
                    } else if end == 0x20, first == 0x20 {
                        value = value.dropFirst()
                    }
                }
                text += value
                last = item
            }
        }
        while text.last == 0x20 { text.removeLast() }
        while text.first == 0x20 { text.removeFirst() }
        return text
    }

    // MARK: - Fragments

    /// A fragment's text tidied: line breaks and tabs become spaces, the spaces MuPDF puts
    /// between two Japanese characters go, the ends are trimmed; nil when nothing is left.
    static func clean(_ fragment: PDFFragment) -> PDFFragment? {
        var text = [UInt32]()
        text.reserveCapacity(fragment.text.count)
        let source = fragment.text
        var index = 0
        while index < source.count {
            var value = source[index]
            if value < 0x20 || value == 0x7F || value == 0x2028 || value == 0x2029 { value = 0x20 }
            if value == 0x20 {
                var end = index
                while end < source.count, source[end] == 0x20 || source[end] < 0x20 { end += 1 }
                let before = text.last, after = end < source.count ? source[end] : nil
                // Kept at the ends too (next to a Latin letter or a digit): a fragment " 8"
                // after a title is a page number apart from it, as MuPDF saw it.
                if !((before.map(isWide) ?? true) && (after.map(isWide) ?? true)) { text.append(0x20) }
                index = end
                continue
            }
            text.append(value)
            index += 1
        }
        guard text.contains(where: { $0 != 0x20 }), fragment.box.width >= 0, fragment.box.height >= 0 else { return nil }
        var result = fragment
        result.text = text
        return result
    }

    /// Characters written without spaces between them: kanji, kana, Japanese punctuation and
    /// full-width forms.
    static func isWide(_ value: UInt32) -> Bool {
        (0x3000...0x30FF).contains(value) || (0x3400...0x9FFF).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFF00...0xFFEF).contains(value) || (0x20000...0x3FFFF).contains(value)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 10 }
        let sorted = values.sorted()
        return max(1, sorted[sorted.count / 2])
    }
}

/// Running headers, footers and page numbers (see `PageLayout`).
enum Furniture {
    struct Key: Hashable {
        let page: Int
        let fragment: Int
    }

    /// The fragments that are page furniture.
    static func find(_ pages: [[PDFFragment]]) -> Set<Key> {
        // The two outermost visual lines at each end of every page, with their text's shape.
        struct Candidate {
            let page: Int
            let fragments: [Int]
            let top: Double
            let shape: [UInt32]
            let isPageNumber: Bool
        }
        var ends = [[[Candidate]]]()   // page → [top side, bottom side] → outermost first
        var counts = [[UInt32]: [(page: Int, top: Double, side: Int)]]()
        for (page, fragments) in pages.enumerated() {
            let placed = fragments.indices.filter { !fragments[$0].vertical }.map {
                PageLayout.Placed(index: $0, box: fragments[$0].box, size: fragments[$0].size)
            }
            let lines = PageLayout.rows(placed)
            var sides = [[Candidate](), [Candidate]()]
            for (side, chosen) in [Array(lines.prefix(2)), Array(lines.suffix(2).reversed())].enumerated() {
                for line in chosen {
                    let items = line.segments[0]
                    var shape = [UInt32]()
                    for item in items {
                        for value in fragments[item.index].text where value != 0x20 && value != 0x3000 {
                            shape.append((0x30...0x39).contains(value) || (0xFF10...0xFF19).contains(value) ? 0x23 : value)
                        }
                    }
                    sides[side].append(Candidate(page: page, fragments: items.map(\.index), top: line.box.top, shape: shape,
                                                 isPageNumber: isPageNumber(shape)))
                    counts[shape, default: []].append((page, line.box.top, side))
                }
            }
            // A page of one or two lines has no furniture to tell from its text.
            if lines.count <= 2 { sides = [[], []] }
            ends.append(sides)
        }
        let needed = max(2, (pages.count + 2) / 3)
        var furniture = Set<Key>()
        for sides in ends {
            for (side, candidates) in sides.enumerated() {
                for candidate in candidates {
                    let recurring = Set((counts[candidate.shape] ?? []).filter {
                        $0.side == side && abs($0.top - candidate.top) <= 6 && $0.page != candidate.page
                    }.map(\.page)).count + 1
                    guard candidate.isPageNumber || (candidate.shape.count > 0 && recurring >= needed) else { break }
                    for fragment in candidate.fragments { furniture.insert(Key(page: candidate.page, fragment: fragment)) }
                }
            }
        }
        return furniture
    }

    /// A page number and its decoration: `#`, `- # -`, `－#－`, `# / #`, `P.#`, `(#)`, `#頁`, `page #`.
    static func isPageNumber(_ shape: [UInt32]) -> Bool {
        guard shape.contains(0x23), shape.count <= 12 else { return false }
        let decoration = Set("#-－―‐ー–—()（）.．/／pPｐＰ頁ページagePAGE".unicodeScalars.map(\.value))
        return shape.allSatisfy { decoration.contains($0) }
    }
}
