import Foundation

/// Reads a PDF through MuPDF's `mutool convert -F stext.json` (Debian: mupdf-tools), lays its
/// pages out as a person reads them (`PageLayout`), and keeps the result in the extraction
/// cache when the reader has one.
///
/// Why MuPDF: measured on plans made by word processors (`make bench`), mutool's structured
/// text (blocks, lines, boxes, writing mode) costs a third of `pdftotext -layout`'s time on
/// fonts with CFF outlines (Noto CJK, what LibreOffice and many Word installations embed) and
/// about the same on TrueType, and it carries the layout that `-layout`'s spaces lose.
///
/// The tool runs as a child process (never through a shell, never linked: MuPDF is AGPL) on a
/// private temporary copy of the bytes already read and size-checked, with a time limit and a
/// cap on its output.
///
/// The text becomes a `Document` of one line per laid-out line: a blank line before each
/// paragraph (a boundary no match crosses), a form feed before each page, each line's box in
/// `lineBoxes`. Within a paragraph a line break between two Japanese characters is joined by
/// normalization; where only one side is Japanese (基幹系 / 20業務) a layout span joins it too.
/// The outline comes from the numbering, as for text.
///
/// A PDF whose pages hold no text at all is a scan: with `--ocr` (`ocr` set) those pages, and
/// only those, are read from their image by Tesseract (`PDFOCR`), and the lines it reads carry
/// its confidence; without it the PDF is refused with a message that names `--ocr`. One whose
/// text is mostly characters no font maps to Unicode (U+FFFD, private use) is unreadable
/// garbage and refused. An encrypted PDF says it needs a password.
///
/// The cache keeps the text layer under a key of the file, mutool's version and the layout;
/// a PDF with textless pages read with `--ocr` is kept once more, whole, under a key that adds
/// OCR's signature (Tesseract's version, languages, resolution), so a second run calls neither
/// mutool nor Tesseract.
struct PDFExtractor: Sendable {
    /// Seconds mutool may run on one file.
    var timeout: Double = 120
    /// Where to look for mutool (the process's PATH by default).
    var searchPath: String? = nil
    /// The most text one PDF may give (the text of a real plan is a few MB).
    var maxOutput = 256 << 20
    /// Where extractions are kept between runs; nil for none.
    var cache: ExtractionCache? = nil
    /// How pages with no text layer are read (`--ocr`); nil to refuse a PDF with no text.
    var ocr: PDFOCR? = nil

    /// What changes the extraction: the cache key holds it with the tool's version.
    static let layoutVersion = "stext.json layout 2"

    func extract(_ bytes: [UInt8], path: String) throws(IngestError) -> Document {
        guard let tool = ExternalTool.locate("mutool", searchPath: searchPath) else {
            throw .toolMissing(tool: "mutool", install: "apt-get install mupdf-tools (or run scripts/setup.sh)")
        }
        var text: PDFText
        let version = cache.map { _ in PDFExtractor.version(of: tool) }
        let key = version.map { ExtractionCache.key(for: bytes, extractor: $0, options: PDFExtractor.layoutVersion) }
        if let cache, let key, let payload = cache.load(key), let stored = PDFTextCoding.decode(payload) {
            text = stored
        } else {
            text = try extractText(bytes, tool: tool)
            if let cache, let key { cache.store(key, PDFTextCoding.encode(text)) }
        }
        if let ocr, !text.textless.isEmpty {
            let tools = try ocr.locate()
            let ocrKey = version.map { ExtractionCache.key(for: bytes, extractor: $0, options: PDFExtractor.layoutVersion + "\u{0}" + ocr.signature(tools)) }
            if let cache, let ocrKey, let payload = cache.load(ocrKey), let stored = PDFTextCoding.decode(payload) {
                text = stored
            } else {
                let read = try withScratch(bytes, tool: "tesseract") { (input, scratch) throws(IngestError) in
                    try ocr.read(pages: text.textless, input: input, scratch: scratch, mutool: tool, tools: tools)
                }
                for (page, lines) in read where page < text.pages.count { text.pages[page] = lines }
                if let cache, let ocrKey { cache.store(ocrKey, PDFTextCoding.encode(text)) }
            }
        }
        return try PDFExtractor.document(text, path: path, ocr: ocr != nil)
    }

    /// Runs `work` on a private copy of `bytes` (`in.pdf` in a fresh folder only this user can
    /// read, removed afterwards, or by the interrupt handler: `ScratchFolders`).
    func withScratch<T>(_ bytes: [UInt8], tool: String, _ work: (String, URL) throws(IngestError) -> T) throws(IngestError) -> T {
        guard let scratch = ScratchFolders.make() else {
            throw .toolFailed(tool: tool, reason: "could not be given the file: cannot create a folder in \(FileManager.default.temporaryDirectory.path)")
        }
        defer { ScratchFolders.remove(scratch) }
        let input = scratch.appendingPathComponent("in.pdf").path
        guard FileManager.default.createFile(atPath: input, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw .toolFailed(tool: tool, reason: "could not be given the file: cannot write \(input)")
        }
        return try work(input, scratch)
    }

    /// The laid-out text of the PDF, from mutool.
    func extractText(_ bytes: [UInt8], tool: String) throws(IngestError) -> PDFText {
        try withScratch(bytes, tool: "mutool") { (input, scratch) throws(IngestError) in try extractText(input: input, scratch: scratch, tool: tool) }
    }

    func extractText(input: String, scratch: URL, tool: String) throws(IngestError) -> PDFText {
        let output = scratch.appendingPathComponent("out.json").path
        let runner = ExternalTool(name: "mutool", path: tool, timeout: timeout, maxOutput: maxOutput)
        // convert, not draw: only convert takes text options, and preserve-whitespace keeps the
        // ideographic spaces that set a heading's number apart from its title (１　計画の趣旨).
        let outcome = try runner.run(["convert", "-F", "stext.json", "-O", "preserve-whitespace", "-o", output, input])
        let reason = String(decoding: outcome.errors, as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix("error: ") }.map { String($0.dropFirst(7)) }
        if let reason, reason.contains("password") { throw .encryptedPDF }
        guard outcome.exited, outcome.status == 0 else {
            if outcome.exited, outcome.status == 1 { throw .brokenPDF("mutool says: \(reason ?? "error")") }
            throw .toolFailed(tool: "mutool", reason: "failed (status \(outcome.status)): \(outcome.firstErrorLine ?? "no message")")
        }
        var info = stat()
        guard stat(output, &info) == 0, Int(info.st_size) <= maxOutput, let data = FileManager.default.contents(atPath: output) else {
            if info.st_size > maxOutput { throw .toolFailed(tool: "mutool", reason: "gave more than \(maxOutput >> 20) MB of text") }
            throw .brokenPDF("mutool says: \(reason ?? "no output")")
        }
        let json = [UInt8](data)
        let pages: [[PDFFragment]]
        do { pages = try MuPDFJSON.pages(json) } catch {
            throw .toolFailed(tool: "mutool", reason: "wrote structured text plancov cannot read")
        }
        if pages.isEmpty { throw .brokenPDF("mutool says: \(reason ?? "no pages")") }
        var text = PageLayout.lay(pages)
        text.textless = pages.indices.filter { page in
            pages[page].allSatisfy { $0.text.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x3000 || $0 == 0x0A || $0 == 0x0D } }
        }
        return text
    }

    /// `mutool -v`'s version line, once per tool and process (it keys the cache).
    static func version(of tool: String) -> String {
        versions.lock.lock()
        defer { versions.lock.unlock() }
        if let known = versions.byTool[tool] { return known }
        let runner = ExternalTool(name: "mutool", path: tool, timeout: 10)
        let outcome = try? runner.run(["-v"])
        let line = outcome.map { String(decoding: $0.errors + $0.output, as: UTF8.self) }?
            .split(separator: "\n").first { $0.contains("version") }.map(String.init) ?? "mutool (unknown version)"
        versions.byTool[tool] = line
        return line
    }

    final class Versions: @unchecked Sendable {
        let lock = NSLock()
        var byTool = [String: String]()
    }
    static let versions = Versions()

    /// The document of laid-out text (see the type's documentation).
    static func document(_ text: PDFText, path: String, ocr: Bool = false) throws(IngestError) -> Document {
        var scalars = [UInt32]()
        var boxes = [PageBox?]()
        var confidences = [Double?]()
        var joins = [LayoutSpan]()
        var characters = 0, garbage = 0
        for (number, page) in text.pages.enumerated() {
            for (index, line) in page.enumerated() {
                if index == 0 {
                    // A page starts after a form feed on a line of its own: no excerpt quotes it.
                    if number > 0 { scalars += [0x0C, 0x0A]; boxes.append(nil); confidences.append(nil) }
                } else if line.startsParagraph {
                    scalars.append(0x0A)
                    boxes.append(nil)
                    confidences.append(nil)
                } else if let last = scalars.last, let first = line.text.first, joinsAcrossBreak(last, first) {
                    joins.append(LayoutSpan(range: (scalars.count - 1)..<scalars.count, kind: .remove))
                }
                for value in line.text where value != 0x20 && value != 0x09 {
                    characters += 1
                    if value == 0xFFFD || (0xE000...0xF8FF).contains(value) || value >= 0xF0000 { garbage += 1 }
                }
                scalars += line.text
                scalars.append(0x0A)
                boxes.append(line.box)
                confidences.append(line.confidence)
            }
        }
        if characters == 0 {
            if ocr { throw .noTextFound(pages: max(text.pages.count, 1)) }
            throw .noTextLayer(pages: max(text.pages.count, 1))
        }
        if garbage * 10 >= characters * 3 {
            throw .garbledText(percent: garbage * 100 / characters)
        }
        let (lines, formFeeds) = Document.lineAndPageStarts(of: scalars)
        var pages = [0]
        if let formFeeds { pages = formFeeds }
        var document = Document(path: path, format: .pdf, encoding: "UTF-8 (mutool)", scalars: scalars,
                                lineIndex: LineIndex(lines: lines, pages: pages))
        document.lineBoxes = boxes
        if confidences.contains(where: { $0 != nil }) { document.lineConfidences = confidences }
        let outline = OutlineParser.parse(document.scalars, lineStarts: document.lineStarts)
        document.outline = outline.headings
        // The outline's spans (debris, heading lines set apart) win over a join at the same place.
        var layout = outline.layout
        var next = 0
        for join in joins {
            while next < outline.layout.count, outline.layout[next].range.upperBound <= join.range.lowerBound { next += 1 }
            if next < outline.layout.count, outline.layout[next].range.lowerBound < join.range.upperBound { continue }
            layout.append(join)
        }
        layout.sort { $0.range.lowerBound < $1.range.lowerBound }
        document.layout = layout
        return document
    }

    /// A line break inside a paragraph that normalization would keep as a boundary but a reader
    /// does not see: between a Japanese character and a Latin letter or digit (基幹系 / 20業務).
    /// Between two Japanese characters normalization joins it already; between two Latin
    /// letters it is a space between words.
    static func joinsAcrossBreak(_ before: UInt32, _ after: UInt32) -> Bool {
        let wide = (PageLayout.isWide(before), PageLayout.isWide(after))
        return wide.0 != wide.1 && before != 0x20 && after != 0x20 && before != 0x3002 && before != 0xFF0E
    }
}

/// `PDFText` as bytes for the cache: counts, boxes and confidences little-endian, text as
/// UTF-8, the textless pages last.
enum PDFTextCoding {
    static func encode(_ text: PDFText) -> [UInt8] {
        var out = [UInt8]()
        func put(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        func put(_ value: Double) { withUnsafeBytes(of: value.bitPattern.littleEndian) { out += $0 } }
        put(UInt32(text.pages.count))
        put(UInt32(text.furniture))
        for page in text.pages {
            put(UInt32(page.count))
            for line in page {
                out.append((line.startsParagraph ? 1 : 0) | (line.box != nil ? 2 : 0) | (line.confidence != nil ? 4 : 0))
                if let box = line.box { put(box.left); put(box.top); put(box.right); put(box.bottom) }
                if let confidence = line.confidence { put(confidence) }
                let utf8 = Document.utf8(line.text[...])
                put(UInt32(utf8.count))
                out += utf8
            }
        }
        put(UInt32(text.textless.count))
        for page in text.textless { put(UInt32(page)) }
        return out
    }

    /// The text, or nil when the bytes are not what `encode` writes.
    static func decode(_ bytes: [UInt8]) -> PDFText? {
        var index = 0
        func u32() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            defer { index += 4 }
            return UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
        }
        func f64() -> Double? {
            guard index + 8 <= bytes.count else { return nil }
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(bytes[index + k]) << (8 * k) }
            index += 8
            return Double(bitPattern: bits)
        }
        guard let pageCount = u32(), let furniture = u32(), pageCount <= 1 << 20 else { return nil }
        var text = PDFText(pages: [], furniture: Int(furniture))
        for _ in 0..<pageCount {
            guard let lineCount = u32(), Int(lineCount) <= bytes.count else { return nil }
            var page = [PDFLine]()
            for _ in 0..<lineCount {
                guard index < bytes.count else { return nil }
                let flags = bytes[index]
                index += 1
                var box: PageBox? = nil
                if flags & 2 != 0 {
                    guard let l = f64(), let t = f64(), let r = f64(), let b = f64() else { return nil }
                    box = PageBox(left: l, top: t, right: r, bottom: b)
                }
                var confidence: Double? = nil
                if flags & 4 != 0 {
                    guard let value = f64() else { return nil }
                    confidence = value
                }
                guard let length = u32(), index + Int(length) <= bytes.count else { return nil }
                let scalars = String(decoding: bytes[index..<(index + Int(length))], as: UTF8.self).unicodeScalars.map(\.value)
                index += Int(length)
                page.append(PDFLine(text: scalars, box: box, startsParagraph: flags & 1 != 0, confidence: confidence))
            }
            text.pages.append(page)
        }
        guard let textless = u32(), Int(textless) <= pageCount else { return nil }
        for _ in 0..<textless {
            guard let page = u32(), page < pageCount else { return nil }
            text.textless.append(Int(page))
        }
        return index == bytes.count ? text : nil
    }
}
