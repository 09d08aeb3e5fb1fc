/// A plan as plancov understands it, whatever file it came from.
///
/// The text is kept exactly as decoded (minus a byte-order mark) so that every offset the
/// later stages report can be turned into a line, a page and an excerpt of what the user
/// actually has on disk. Offsets everywhere in plancov are indices into `scalars`.
public struct Document: Sendable {
    /// The path as the user named it (or as found under a folder they named), for evidence.
    public let path: String
    /// What the content turned out to be, whatever the file's extension said.
    public let format: DocumentFormat
    /// The charset the bytes were decoded from (for example "UTF-8", "Shift_JIS").
    public let encoding: String
    /// The decoded text as Unicode scalar values: hot loops in Normalize and Compare work on
    /// this array, never on `Character`s (grapheme breaking is far too slow at national scale).
    public let scalars: [UInt32]
    /// Offset in `scalars` where each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    /// Offset where each page starts, when the format has pages (a PDF, or form feeds in text).
    public let pageStarts: [Int]?
    /// The plan's headings in document order (empty when none were recognised).
    public var outline: [Heading] = []
    /// Debris and separators for matching, sorted and non-overlapping (see `LayoutSpan`).
    public var layout: [LayoutSpan] = []
    /// Where each line came from in the original file, for formats whose own structure says
    /// more than a line number: one entry per line of `lineStarts` (empty for lines with no
    /// place of their own), or nil for plain text and PDF (whose line and page say it all).
    ///
    /// The labels are what a reader of that format can find: "p 12" for the 12th paragraph
    /// of a DOCX or ODT body, an element path such as "body/div[2]/p[3]" for HTML, a cell
    /// such as "手続一覧!B7" for XLSX. A line that is a table row holds one label per cell,
    /// separated by tabs like the cells themselves; `location(at:)` picks the right one.
    public var lineLocations: [String]? {
        didSet { places = lineLocations.map { Document.places($0, lineStarts: lineStarts, scalars: scalars) } ?? ([], []) }
    }
    /// Where each line lies on its page, for formats that say (PDF): one entry per line of
    /// `lineStarts` (nil for blank lines), or nil for the whole document.
    public var lineBoxes: [PageBox?]?
    /// How sure OCR was of each line it read (`--ocr`): the mean confidence (0–100) Tesseract
    /// gave its words, one entry per line of `lineStarts` (nil for lines of a text layer and
    /// blank lines), or nil when no line of the document came from OCR.
    public var lineConfidences: [Double?]?
    /// `lineLocations` one label per line or cell, by the offset where it begins: a table row
    /// of thousands of cells, each with a mention, would otherwise be split once per mention.
    private var places: (starts: [Int], labels: [Substring]) = ([], [])

    public init(path: String, format: DocumentFormat, encoding: String, scalars: [UInt32], pageStarts: [Int]? = nil) {
        let (lines, formFeedPages) = Document.lineAndPageStarts(of: scalars)
        self.init(path: path, format: format, encoding: encoding, scalars: scalars,
                  lineIndex: LineIndex(lines: lines, pages: pageStarts ?? formFeedPages))
    }

    /// A document whose line and page starts the decoder already found.
    init(path: String, format: DocumentFormat, encoding: String, scalars: [UInt32], lineIndex: LineIndex) {
        self.path = path
        self.format = format
        self.encoding = encoding
        self.scalars = scalars
        self.lineStarts = lineIndex.lines
        self.pageStarts = lineIndex.pages
    }

    /// The 1-based line that holds `offset`.
    public func line(at offset: Int) -> Int {
        Document.index(of: offset, in: lineStarts) + 1
    }

    /// The 1-based page that holds `offset`, or nil when the document has no pages.
    public func page(at offset: Int) -> Int? {
        guard let pageStarts else { return nil }
        return Document.index(of: offset, in: pageStarts) + 1
    }

    /// The box on its page of the lines from the one holding `start` to the one holding
    /// `end - 1` (those on the first one's page), or nil when the format gives none.
    public func box(of range: Range<Int>) -> PageBox? {
        guard let lineBoxes else { return nil }
        let first = line(at: range.lowerBound) - 1, last = line(at: max(range.lowerBound, range.upperBound - 1)) - 1
        let page = self.page(at: range.lowerBound)
        var box: PageBox? = nil
        for index in first...last where index < lineBoxes.count {
            guard let lineBox = lineBoxes[index] else { continue }
            if index > first, self.page(at: lineStarts[index]) != page { break }
            box = box.map { $0.union(lineBox) } ?? lineBox
        }
        return box
    }

    /// The mean OCR confidence of the lines from the one holding `start` to the one holding
    /// `end - 1`, or nil when none of them came from OCR.
    public func confidence(of range: Range<Int>) -> Double? {
        guard let lineConfidences else { return nil }
        let first = line(at: range.lowerBound) - 1, last = line(at: max(range.lowerBound, range.upperBound - 1)) - 1
        var sum = 0.0, count = 0
        for index in first...last where index < lineConfidences.count {
            if let value = lineConfidences[index] { sum += value; count += 1 }
        }
        return count == 0 ? nil : sum / Double(count)
    }

    /// The place in the original file that holds `offset` (see `lineLocations`), or nil when
    /// the format has none: the label of its line, or of its cell when the line is a table row.
    public func location(at offset: Int) -> String? {
        guard !places.starts.isEmpty else { return nil }
        let label = places.labels[Document.index(of: offset, in: places.starts)]
        return label.isEmpty ? nil : String(label)
    }

    /// Where each label of `lineLocations` begins: the line's start, and after each tab of a
    /// table row the start of the next cell (a row with more tabs than labels keeps its last).
    private static func places(_ labels: [String], lineStarts: [Int], scalars: [UInt32]) -> ([Int], [Substring]) {
        var starts = [Int](), places = [Substring]()
        starts.reserveCapacity(labels.count)
        places.reserveCapacity(labels.count)
        for (line, label) in labels.enumerated() where line < lineStarts.count {
            let start = lineStarts[line], end = line + 1 < lineStarts.count ? lineStarts[line + 1] : scalars.count
            var cells = label.split(separator: "\t", omittingEmptySubsequences: false)[...]
            starts.append(start)
            places.append(cells.removeFirst())
            for position in start..<end where scalars[position] == 0x09 {
                guard let cell = cells.popFirst() else { break }
                starts.append(position + 1)
                places.append(cell)
            }
        }
        return (starts, places)
    }

    /// The range of line `number` (1-based), without its line terminator.
    public func lineRange(_ number: Int) -> Range<Int> {
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] : scalars.count
        while end > start, scalars[end - 1] == 0x0A || scalars[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// The original text of `range`, for excerpts and messages.
    public func text(_ range: Range<Int>) -> String {
        Document.string(scalars[range.clamped(to: 0..<scalars.count)])
    }

    /// Scalars to a String, encoded straight into the string's own storage: appending scalar
    /// by scalar to a String costs several times more, and evidence builds two strings per
    /// mention. With `flatteningLines`, tabs and line breaks become spaces (an excerpt on one
    /// line); `ellipses` puts "…" before and/or after (an excerpt cut inside its line).
    public static func string(_ values: ArraySlice<UInt32>, flatteningLines: Bool = false,
                              ellipses: (before: Bool, after: Bool) = (false, false)) -> String {
        let ellipsis: [UInt8] = [0xE2, 0x80, 0xA6]
        return String(unsafeUninitializedCapacity: values.count * 4 + 6) { buffer in
            var count = 0
            @inline(__always) func put(_ byte: UInt8) { buffer[count] = byte; count += 1 }
            if ellipses.before { for byte in ellipsis { put(byte) } }
            for value in values { encode(value, flatteningLines: flatteningLines, put) }
            if ellipses.after { for byte in ellipsis { put(byte) } }
            return count
        }
    }

    /// Scalar values as UTF-8 bytes (what libxml2 takes).
    public static func utf8(_ values: ArraySlice<UInt32>, flatteningLines: Bool = false) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 3)
        for value in values { encode(value, flatteningLines: flatteningLines) { bytes.append($0) } }
        return bytes
    }

    /// One scalar as UTF-8, byte by byte.
    @inline(__always)
    static func encode(_ value: UInt32, flatteningLines: Bool, _ put: (UInt8) -> Void) {
        var value = value
        if flatteningLines, value == 0x09 || value == 0x0A || value == 0x0D { value = 0x20 }
        switch value {
        case 0..<0x80: put(UInt8(value))
        case 0x80..<0x800:
            put(UInt8(0xC0 | value >> 6)); put(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            put(UInt8(0xE0 | value >> 12)); put(UInt8(0x80 | value >> 6 & 0x3F)); put(UInt8(0x80 | value & 0x3F))
        default:
            put(UInt8(0xF0 | value >> 18)); put(UInt8(0x80 | value >> 12 & 0x3F))
            put(UInt8(0x80 | value >> 6 & 0x3F)); put(UInt8(0x80 | value & 0x3F))
        }
    }

    /// The whole text as a String (for tests and small documents).
    public var text: String { text(0..<scalars.count) }

    /// Line starts and form-feed pages in one pass over a buffer (a control character is rare;
    /// the test for one is the only work on most scalars).
    static func lineAndPageStarts(of scalars: [UInt32]) -> (lines: [Int], pages: [Int]?) {
        var starts = [0], pages = [0]
        scalars.withUnsafeBufferPointer { scalars in
            var index = 0
            let count = scalars.count
            while index < count {
                let value = scalars[index]
                index += 1
                if value > 0x0D { continue }
                if value == 0x0A {
                    starts.append(index)
                } else if value == 0x0D {
                    if index < count, scalars[index] == 0x0A { index += 1 }
                    starts.append(index)
                } else if value == 0x0C {
                    pages.append(index)
                }
            }
        }
        if starts.count > 1, starts.last == scalars.count { starts.removeLast() }
        return (starts, pages.count > 1 ? pages : nil)
    }

    /// Index of the last start that is <= offset (binary search).
    static func index(of offset: Int, in starts: [Int]) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// The kinds of content plancov can recognise. Sniffed from the bytes; the extension is a hint.
public enum DocumentFormat: String, Sendable, Codable, CaseIterable {
    case text
    case markdown
    case html
    case xml
    case pdf
    /// A zip archive that is none of the office formats below.
    case zip
    /// Office Open XML word processing (Word 2007 and later): `word/document.xml`.
    case docx
    /// OpenDocument text (LibreOffice, Ichitaro's export): `mimetype` says so.
    case odt
    /// Office Open XML spreadsheet (Excel 2007 and later): `xl/workbook.xml`.
    case xlsx
    case ole
    case binary
}

/// A heading of a plan's outline, with the span of text it governs.
public struct Heading: Sendable, Equatable {
    public let title: String
    /// 1 for chapters, deeper numbers for sub-sections.
    public let level: Int
    /// 1-based line of the heading itself.
    public let line: Int
    /// Scalar offsets of the heading and everything under it, up to the next heading of the
    /// same or a higher level.
    public let range: Range<Int>
    /// The table of contents: its entries are never headings and give no section a topic.
    public let isTableOfContents: Bool

    public init(title: String, level: Int, line: Int, range: Range<Int>, isTableOfContents: Bool = false) {
        self.title = title
        self.level = level
        self.line = line
        self.range = range
        self.isTableOfContents = isTableOfContents
    }
}

/// Section paths of many offsets of one document, asked in text order (evidence): between
/// two consecutive ends of heading ranges the path is the same, so it is worked out once per
/// stretch instead of by scanning the whole outline for every mention.
public struct SectionFinder {
    private let document: Document
    /// Every start and end of a heading's range, sorted. (A repeat does no harm: the stretch
    /// around an offset lies between a bound at or before it and the next bound after it.)
    private let bounds: [Int]
    private var current: (stretch: Range<Int>, indices: [Int])? = nil

    public init(_ document: Document) {
        self.document = document
        // Appended and sorted: made once per document, it was 8% of the evidence stage as a
        // Set of two-element arrays.
        var bounds = [Int]()
        bounds.reserveCapacity(document.outline.count * 2)
        for heading in document.outline { bounds.append(heading.range.lowerBound); bounds.append(heading.range.upperBound) }
        bounds.sort()
        self.bounds = bounds
    }

    /// As `Document.sectionIndices(at:)`.
    public mutating func indices(at offset: Int) -> [Int] {
        if let current, current.stretch.contains(offset) { return current.indices }
        // The last bound at or before `offset`, and the one after it.
        var low = 0, high = bounds.count
        while low < high {
            let mid = (low + high) / 2
            if bounds[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        let stretch = (low > 0 ? bounds[low - 1] : Int.min)..<(low < bounds.count ? bounds[low] : Int.max)
        let indices = document.sectionIndices(at: offset)
        current = (stretch, indices)
        return indices
    }
}

extension Document {
    /// The chain of headings above `offset`, outermost first, as indices into `outline`: the
    /// section path of evidence (indices, for callers that keep facts per heading).
    public func sectionIndices(at offset: Int) -> [Int] {
        // The outline alone in the closures: capturing `self` copied the whole Document
        // (a dozen arrays retained and released) at every comparison.
        let outline = outline
        return outline.indices.filter { outline[$0].range.contains(offset) }.sorted { outline[$0].level < outline[$1].level }
    }
}
