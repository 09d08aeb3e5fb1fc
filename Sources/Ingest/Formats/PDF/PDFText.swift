/// A box on a PDF page, in points from the page's top-left corner (MuPDF's page coordinates):
/// the place of a line, and of the evidence that quotes it.
public struct PageBox: Sendable, Equatable, Hashable, Decodable {
    public var left: Double
    public var top: Double
    public var right: Double
    public var bottom: Double

    public init(left: Double, top: Double, right: Double, bottom: Double) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }

    public var width: Double { right - left }
    public var height: Double { bottom - top }

    /// The smallest box holding both.
    public func union(_ other: PageBox) -> PageBox {
        PageBox(left: min(left, other.left), top: min(top, other.top), right: max(right, other.right), bottom: max(bottom, other.bottom))
    }

    /// Decoded from the JSON report's `[left, top, right, bottom]`.
    public init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        left = try container.decode(Double.self)
        top = try container.decode(Double.self)
        right = try container.decode(Double.self)
        bottom = try container.decode(Double.self)
    }
}

/// A run of text the extractor placed on a page: a line of one block (MuPDF cuts a visual line
/// where the font changes), with its box and font size.
struct PDFFragment: Sendable, Equatable {
    var text: [UInt32]
    var box: PageBox
    var size: Double
    /// Written top to bottom (縦書き: MuPDF's wmode 1).
    var vertical: Bool
    /// The extractor's block (a paragraph, a text box, a table cell) it belongs to, per page.
    var block: Int
}

/// One line of a PDF's text after layout, in reading order.
struct PDFLine: Sendable, Equatable {
    var text: [UInt32]
    var box: PageBox?
    /// A paragraph (or a text box, a column, a table row) starts here: a blank line goes
    /// before it, so no match joins it to the line above.
    var startsParagraph: Bool
    /// The mean confidence (0–100) Tesseract gave the words of a line it read from a page's
    /// image (`--ocr`); nil for a line of the PDF's own text layer.
    var confidence: Double? = nil
}

/// A PDF's text after layout, page by page: what the extraction cache keeps.
struct PDFText: Sendable, Equatable {
    var pages: [[PDFLine]]
    /// Lines dropped as page furniture (running headers and footers, page numbers).
    var furniture: Int = 0
    /// The pages (0-based) whose text layer holds no character at all: scanned pages, which
    /// `--ocr` reads from their image.
    var textless: [Int] = []
}
