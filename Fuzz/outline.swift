// Fuzz target: the text/Markdown outline parser (headings, table of contents, layout debris).
// Properties: headings come in order, their lines and ranges lie inside the text; layout
// spans are sorted, do not overlap and lie inside the text.
import Ingest

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = scalars(bytes(data, size))
    let document = Document(path: "fuzz.txt", format: .text, encoding: "UTF-8", scalars: input)
    let outline = OutlineParser.parse(input, lineStarts: document.lineStarts)
    var previousLine = 0
    for heading in outline.headings {
        require(heading.line >= 1 && heading.line <= document.lineStarts.count, "heading line \(heading.line) outside the text")
        require(heading.line >= previousLine, "headings out of order")
        require(heading.range.lowerBound >= 0 && heading.range.upperBound <= input.count, "heading range outside the text")
        previousLine = heading.line
    }
    var previousEnd = 0
    for span in outline.layout {
        require(span.range.lowerBound >= previousEnd && span.range.upperBound <= input.count, "layout span \(span.range) overlaps or leaves the text")
        previousEnd = span.range.upperBound
    }
    return 0
}
