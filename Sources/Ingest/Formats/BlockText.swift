/// Lays the blocks an extractor finds out as the text of a `Document`: one block per line (a
/// heading, a paragraph, a list item, or a table row with its cells separated by tabs), each
/// line with the label of the place it came from (`Document.lineLocations`).
///
/// Headings come from the format's own structure (h1–h6, Word's heading styles, ODT's outline
/// levels, sheet names) and take precedence: when a file has any, they are its outline, and the
/// plain-text outline parser only contributes its layout debris. A file with none (a Word file
/// written with bold numbered lines instead of heading styles) gets the outline the parser
/// recovers from its numbering, as a text file would.
struct BlockText {
    private(set) var scalars: [UInt32] = []
    private(set) var locations: [String] = []
    private var headings: [(title: String, level: Int, line: Int, start: Int, contents: Bool, synthetic: Bool)] = []

    var lineCount: Int { locations.count }

    /// Adds a paragraph-like block. Line breaks inside become spaces (one block, one line);
    /// an empty block adds nothing.
    mutating func addLine(_ text: [UInt32], location: String) {
        let cleaned = BlockText.clean(text, keepTabs: true)
        guard !cleaned.isEmpty else { return }
        append(cleaned, location: location)
    }

    mutating func addLine(_ text: String, location: String) {
        addLine(text.unicodeScalars.map(\.value), location: location)
    }

    /// Adds a heading of `level` (1 = chapter) to the text and to the outline. `contents`
    /// marks the title of a table of contents (also recognised by its words: 目次, Contents);
    /// a `synthetic` heading is one plancov adds (脚注 above footnotes), which alone does not
    /// make the format's outline.
    mutating func addHeading(_ text: [UInt32], level: Int, location: String, contents: Bool = false, synthetic: Bool = false) {
        let cleaned = BlockText.clean(text, keepTabs: false)
        guard !cleaned.isEmpty else { return }
        let title = BlockText.string(cleaned)
        headings.append((title, min(max(1, level), 9), lineCount + 1, scalars.count, contents || BlockText.isContentsTitle(title), synthetic))
        append(cleaned, location: location)
    }

    /// Appends the blocks of another walk (notes, text boxes), headings included.
    mutating func append(_ other: BlockText) {
        let lineOffset = lineCount, offset = scalars.count
        headings += other.headings.map { ($0.title, $0.level, $0.line + lineOffset, $0.start + offset, $0.contents, $0.synthetic) }
        scalars += other.scalars
        locations += other.locations
    }

    /// Adds a table row: non-empty cells separated by tabs, each with its own label.
    mutating func addRow(_ cells: [(text: [UInt32], location: String)]) {
        let kept = cells.map { (BlockText.clean($0.text, keepTabs: false), $0.location) }.filter { !$0.0.isEmpty }
        guard !kept.isEmpty else { return }
        var line = [UInt32]()
        for (index, cell) in kept.enumerated() {
            if index > 0 { line.append(0x09) }
            line += cell.0
        }
        append(line, location: kept.map { $0.1.replacingTabs() }.joined(separator: "\t"))
    }

    private mutating func append(_ line: [UInt32], location: String) {
        scalars += line
        scalars.append(0x0A)
        locations.append(location.contains("\t") && !line.contains(0x09) ? location.replacingTabs() : location)
    }

    func document(path: String, format: DocumentFormat, encoding: String) throws(IngestError) -> Document {
        guard !scalars.isEmpty else { throw .noText(format) }
        var document = Document(path: path, format: format, encoding: encoding, scalars: scalars)
        document.lineLocations = locations
        let lines = (0..<document.lineStarts.count).map { document.lineRange($0 + 1) }
        if headings.allSatisfy(\.synthetic) {
            let outline = OutlineParser.parse(document.scalars, lineStarts: document.lineStarts)
            document.outline = outline.headings
            document.layout = outline.layout
            return document
        }
        var outline = [Heading]()
        var layout = [LayoutSpan]()
        for line in lines { OutlineParser.debris(scalars, line, into: &layout) }
        for (position, heading) in headings.enumerated() {
            let end = headings[(position + 1)...].first { $0.level <= heading.level }?.start ?? scalars.count
            outline.append(Heading(title: heading.title, level: heading.level, line: heading.line, range: heading.start..<end,
                                   isTableOfContents: heading.contents))
            // Heading lines stand apart from the text around them, as in OutlineParser.
            let line = lines[heading.line - 1]
            if line.lowerBound > 0 { layout.append(LayoutSpan(range: (line.lowerBound - 1)..<line.lowerBound, kind: .separate)) }
            if line.upperBound < scalars.count { layout.append(LayoutSpan(range: line.upperBound..<(line.upperBound + 1), kind: .separate)) }
        }
        layout.sort { $0.range.lowerBound < $1.range.lowerBound }
        var merged = [LayoutSpan]()
        for span in layout {
            if let last = merged.last, span.range.lowerBound < last.range.upperBound { continue }
            merged.append(span)
        }
        document.outline = outline
        document.layout = merged
        return document
    }

    /// A heading that titles the table of contents: its section gives no topic.
    static func isContentsTitle(_ title: String) -> Bool {
        let letters = title.filter { !"#◆■●◇□ 　*".contains($0) }
        return ["目次", "もくじ", "内容", "contents"].contains(letters.lowercased())
    }

    /// Line breaks, form feeds and (outside table rows) tabs become spaces; ends are trimmed.
    static func clean(_ text: [UInt32], keepTabs: Bool) -> [UInt32] {
        var result = [UInt32]()
        result.reserveCapacity(text.count)
        for value in text {
            switch value {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: result.append(0x20)
            case 0x09 where !keepTabs: result.append(0x20)
            case 0x00: continue
            default: result.append(value)
            }
        }
        func isTrimmed(_ v: UInt32) -> Bool { v == 0x20 || v == 0x3000 || v == 0xA0 || (v == 0x09 && !keepTabs) }
        var start = 0, end = result.count
        while start < end, isTrimmed(result[start]) { start += 1 }
        while end > start, isTrimmed(result[end - 1]) { end -= 1 }
        return Array(result[start..<end])
    }

    static func string(_ scalars: [UInt32]) -> String { Document.string(scalars[...]) }
}

extension String {
    func replacingTabs() -> String { String(unicodeScalars.map { $0 == "\t" ? " " : Character($0) }) }
}
