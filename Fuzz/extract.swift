// Fuzz targets html, docx, odt, xlsx: DocumentReader.document(from:path:) with the file name
// of the format (FUZZ_EXTENSION, set by `make fuzz` through -D), so the sniffer and the
// extractor of that format see every input. PDFs are skipped (they would run pdftotext).
// Properties: it returns a document or throws IngestError, never crashes; a document's line
// starts, outline and locations lie inside its text.
import Ingest

#if FUZZ_HTML
let fileName = "plan.html"
#elseif FUZZ_DOCX
let fileName = "plan.docx"
#elseif FUZZ_ODT
let fileName = "plan.odt"
#else
let fileName = "plan.xlsx"
#endif

let reader = DocumentReader()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    if input.starts(with: Array("%PDF-".utf8)) { return 0 }
    do {
        let document = try reader.document(from: input, path: fileName)
        require(document.lineStarts.first == 0 && document.lineStarts.allSatisfy { $0 <= document.scalars.count }, "line starts outside the text")
        for heading in document.outline {
            require(heading.range.upperBound <= document.scalars.count, "heading outside the text")
        }
        _ = document.text
    } catch {
        _ = error.description
    }
    return 0
}
