import Ingest

/// One quotable place in a plan that supports a cell: everything a reader needs to find it
/// in the original and judge it, and nothing of how the tagger found it beyond its match kind.
public struct Evidence: Sendable, Decodable, Equatable {
    public let document: String
    public let line: Int
    public let page: Int?
    /// The chain of headings above the place, outermost first.
    public let section: [String]
    /// The catalog categories whose own section this is (section topics, see `CellStatus`):
    /// a system named under 標準化 carries "system" and makes its cell `listed`.
    public let topics: [String]
    /// The original text around the match, on one line.
    public let excerpt: String
    public let match: MatchKind
    public let score: Double
    /// The words of the plan that matched, exactly as printed (a substring of `excerpt`).
    public let matched: String
    /// The alias that matched, when it was not the official name.
    public let alias: String?
    /// Where in the file the place is, in the format's own terms, when it has them: "p 12" (a
    /// DOCX/ODT paragraph), an HTML element path ("body/div[2]/p[3]"), an XLSX cell ("Sheet1!B7").
    public var location: String? = nil
    /// Where on its page the quoted line(s) lie, when the extractor says (PDF): page
    /// coordinates in points from the top-left corner.
    public var bbox: PageBox? = nil
    /// The mean confidence (0–100) Tesseract gave the words of the quoted line(s), when they
    /// were read from a page's image (`--ocr`) rather than a text layer.
    public var ocr: Double? = nil
    /// `excluded` when the plan leaves the item out here (就学及び印鑑登録以外の18業務): the
    /// place is kept as evidence, but it names the item as not covered (see `CellStatus`).
    public var qualifier: Mention.Qualifier? = nil
}

extension Evidence {
    /// Excerpts run from up to `context` characters before the match to as many after it,
    /// within its line(s), so a reader sees the sentence or table row it stands in.
    static let context = 40

    /// The evidence of `mention`, quoted from `document`'s original text, in the section
    /// whose heading titles and topics the caller found.
    init(mention: Mention, in document: Document, section: [String], topics: [String]) {
        let range = mention.sourceRange
        let scalars = document.scalars
        let firstLine = document.line(at: range.lowerBound)
        let lastLine = document.line(at: max(range.lowerBound, range.upperBound - 1))
        let lineStart = document.lineRange(firstLine).lowerBound
        let lineEnd = document.lineRange(lastLine).upperBound
        var start = max(lineStart, range.lowerBound - Evidence.context)
        var end = min(lineEnd, range.upperBound + Evidence.context)
        let clipped = (start > lineStart, end < lineEnd)
        func isBlank(_ value: UInt32) -> Bool { value == 0x20 || value == 0x09 || value == 0x3000 }
        while start < range.lowerBound, isBlank(scalars[start]) { start += 1 }
        while end > range.upperBound, isBlank(scalars[end - 1]) { end -= 1 }
        // One line: tabs (cells) and line breaks inside a match become spaces. The excerpt is
        // one string, ellipses included (each evidence builds two strings).
        let excerpt = Document.string(scalars[start..<end], flatteningLines: true, ellipses: clipped)
        self.init(document: document.path, line: firstLine, page: document.page(at: range.lowerBound),
                  section: section, topics: topics, excerpt: excerpt, match: mention.match,
                  score: mention.score, matched: Document.string(scalars[range], flatteningLines: true), alias: mention.alias,
                  location: document.location(at: range.lowerBound), bbox: document.box(of: range),
                  ocr: document.confidence(of: range),
                  qualifier: mention.qualifier)
    }
}
