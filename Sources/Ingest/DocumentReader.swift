import CSystem
import Foundation

/// Opens one file and turns it into a `Document`, or says precisely why it cannot.
///
/// Reading never modifies the file. Limits are checked before any decoding so that one huge
/// or hostile file costs nothing but its error line.
///
/// Text and Markdown are decoded and parsed here directly; every other format goes to its
/// extractor in `Formats/` (HTML and XHTML, DOCX, ODT, XLSX, PDF), which lays the file's blocks
/// out as lines of text with their headings and locations. Legacy Office files (.doc, .xls)
/// and other archives are refused with a message saying what to do.
public struct DocumentReader: Sendable {
    /// Files above this size are refused (default 64 MiB: the largest real plan is a few MB).
    public var maxFileSize: Int

    /// Lines longer than this (in characters) make the file refused (default 1 Mi characters:
    /// a real plan's longest line, even a PDF table row, is a few thousand). Every stage is
    /// linear in the line length, so the limit bounds the work on one line, not its shape.
    public var maxLineLength: Int = 1 << 20

    /// Where PDF extractions are kept between runs (see `ExtractionCache`); nil for none.
    public var cache: ExtractionCache? {
        get { pdf.cache }
        set { pdf.cache = newValue }
    }

    /// Seconds `mutool` may spend on one PDF.
    public var pdfTimeout: Double {
        get { pdf.timeout }
        set { pdf.timeout = newValue }
    }
    var pdf = PDFExtractor()

    /// Reads the pages of PDFs that have no text layer with Tesseract (see `PDFOCR`); off, a
    /// PDF with no text at all is refused with a message naming `--ocr`.
    public var ocr: Bool {
        get { pdf.ocr != nil }
        set { pdf.ocr = newValue ? (pdf.ocr ?? PDFOCR()) : nil }
    }

    /// Seconds rendering and reading one page with OCR may each take.
    public var ocrTimeout: Double {
        get { pdf.ocr?.timeout ?? PDFOCR().timeout }
        set { if pdf.ocr != nil { pdf.ocr!.timeout = newValue } }
    }

    /// Seconds reading one file (opening, decoding, extracting) may take before it is reported
    /// as failed and the batch goes on; nil for no limit. Every stage is meant to be linear, but
    /// a library can loop on a crafted file (ZIPFoundation, which plancov used to read zip
    /// archives with, inflated a truncated deflate stream forever, found by `make fuzz`): this
    /// keeps one such file, or one merely huge, from holding up the whole batch.
    public var fileTimeout: Double?

    /// Told when a file is not in memory, so that it asks for the next ones ahead (a batch
    /// sets one; see `Prefetcher`).
    public var prefetcher: Prefetcher?

    /// A read that takes only what is in memory (`plancov_read_if_cached`): -1 with errno
    /// EAGAIN where it would wait for the disk. Tests replace it to refuse reads at will.
    var readIfCached: @Sendable (Int32, UnsafeMutableRawPointer, Int) -> Int = { plancov_read_if_cached($0, $1, UInt($2)) }

    public init(maxFileSize: Int = 64 << 20, maxLineLength: Int = 1 << 20, pdfTimeout: Double? = nil, fileTimeout: Double? = nil) {
        self.maxFileSize = maxFileSize
        self.maxLineLength = maxLineLength
        self.fileTimeout = fileTimeout
        if let pdfTimeout { pdf.timeout = pdfTimeout }
    }

    public func read(path: String) throws(IngestFailure) -> Document {
        do {
            let bytes = try readBytes(path: path)
            // Text is decoded and parsed in linear time within the size and line limits, so
            // it is read here. Only the extractors that lean on other code (zlib, libxml2,
            // mutool) run under the time budget: handing every file to
            // another thread doubled the time of a national run of text plans.
            let ext = (path as NSString).pathExtension
            let format = FormatSniffer.sniff(bytes, fileExtension: ext)
            guard let fileTimeout, format != .text, format != .markdown else {
                return try document(from: bytes, path: path, format: format, fileExtension: ext)
            }
            return try within(fileTimeout) { () throws(IngestError) in try document(from: bytes, path: path, format: format, fileExtension: ext) }
        } catch {
            throw IngestFailure(path: path, error: error)
        }
    }

    /// Runs `work` on another thread and waits at most `seconds`. A thread cannot be stopped
    /// from outside, so one that overruns is abandoned: it finishes (or spins) in the
    /// background, its result is dropped, and it ends with the process.
    func within(_ seconds: Double, _ work: @escaping @Sendable () throws(IngestError) -> Document) throws(IngestError) -> Document {
        let box = ResultBox()
        let thread = Thread {
            let result: Result<Document, IngestError>
            do throws(IngestError) { result = .success(try work()) } catch { result = .failure(error) }
            box.finish(result)
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard let result = box.wait(seconds: seconds) else { throw .timedOut(seconds: seconds) }
        return try result.get()
    }

    final class ResultBox: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var result: Result<Document, IngestError>?

        func finish(_ value: Result<Document, IngestError>) {
            lock.lock(); result = value; lock.unlock()
            done.signal()
        }

        func wait(seconds: Double) -> Result<Document, IngestError>? {
            guard done.wait(timeout: .now() + seconds) == .success else { return nil }
            lock.lock(); defer { lock.unlock() }
            return result
        }
    }

    /// Builds a document from bytes already in memory (used by tests and by archive readers).
    public func document(from bytes: [UInt8], path: String) throws(IngestError) -> Document {
        let ext = (path as NSString).pathExtension
        return try document(from: bytes, path: path, format: FormatSniffer.sniff(bytes, fileExtension: ext), fileExtension: ext)
    }

    /// As `document(from:path:)`, with the format the caller sniffed already.
    func document(from bytes: [UInt8], path: String, format: DocumentFormat, fileExtension ext: String) throws(IngestError) -> Document {
        let document = try extract(bytes, path: path, format: format, fileExtension: ext)
        // Text was checked before its outline was parsed.
        if format != .text, format != .markdown { try checkLineLengths(document) }
        return document
    }

    /// Refuses a document with a line longer than `maxLineLength` (a minified page, a 50 MB
    /// file with no line break): one line in O(n), before any matching.
    func checkLineLengths(_ document: Document) throws(IngestError) {
        let starts = document.lineStarts
        for index in starts.indices {
            let end = index + 1 < starts.count ? starts[index + 1] : document.scalars.count
            if end - starts[index] > maxLineLength {
                throw .lineTooLong(line: index + 1, length: end - starts[index], limit: maxLineLength)
            }
        }
    }

    func extract(_ bytes: [UInt8], path: String, format: DocumentFormat, fileExtension ext: String) throws(IngestError) -> Document {
        if bytes.isEmpty { throw .empty }
        switch format {
        case .text, .markdown:
            let decoded = try TextDecoder.decode(bytes)
            if decoded.scalars.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) || $0 == 0x3000 || $0 == 0xFEFF }) {
                throw .empty
            }
            var document = decoded.lineIndex.map {
                Document(path: path, format: format, encoding: decoded.encoding, scalars: decoded.scalars, lineIndex: $0)
            } ?? Document(path: path, format: format, encoding: decoded.encoding, scalars: decoded.scalars)
            try checkLineLengths(document)   // before the outline, which reads every line
            let outline = OutlineParser.parse(document.scalars, lineStarts: document.lineStarts,
                                              debrisMarks: decoded.lineIndex?.debrisMarks)
            document.outline = outline.headings
            document.layout = outline.layout
            return document
        case .html:
            // An HTML page under a document's name is a download gone wrong (an error or login
            // page), not the plan: reading it would give an empty row instead of an error.
            if let claimed = FormatSniffer.documentExtensions[ext.lowercased()] {
                throw .mismatchedContent(found: .html, claimed: claimed)
            }
            return try HTMLExtractor.extract(bytes, path: path)
        case .xml:
            return try HTMLExtractor.extractXHTML(bytes, path: path)
        case .pdf:
            return try pdf.extract(bytes, path: path)
        case .zip, .docx, .odt, .xlsx:
            let archive = try ZipArchive(bytes)
            switch archive.kind() {
            case .docx: return try OfficeExtractor.docx(archive, path: path)
            case .odt: return try OfficeExtractor.odt(archive, path: path)
            case .xlsx: return try SpreadsheetExtractor.xlsx(archive, path: path)
            default: throw .unsupportedFormat(.zip, archive.otherKind())
            }
        case .ole:
            throw .unsupportedFormat(.ole, "a legacy Microsoft Office file (.doc/.xls); save it as plain text first")
        case .binary:
            throw .binary("unknown binary format")
        }
    }

    func readBytes(path: String) throws(IngestError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .unreadable(errno == ELOOP ? "symbolic link loop" : String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notAFile }
        let size = Int(info.st_size)
        guard size <= maxFileSize else { throw .tooLarge(size: size, limit: maxFileSize) }
        // Read until EOF, never past the limit: a file that grows while read is still refused.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        var inMemory = true
        while true {
            if filled == bytes.count {
                guard bytes.count <= maxFileSize else { throw .tooLarge(size: filled, limit: maxFileSize) }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count)))
            }
            // From memory while the file is there (nearly always on a second run), telling the
            // prefetcher when it is not; then as usual, waiting for the disk.
            let n = bytes.withUnsafeMutableBytes { buffer in
                inMemory ? readIfCached(fd, buffer.baseAddress! + filled, buffer.count - filled)
                         : Foundation.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                if inMemory {
                    inMemory = false
                    // Only when the file's first bytes are not in memory. A file in memory can
                    // still refuse the rest of a read that would not wait (a page locked a
                    // moment): in warm national runs a few files a run did, and turned
                    // prefetching on for every file after them.
                    if errno == EAGAIN, filled == 0 { prefetcher?.noteUncached() }
                    continue
                }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            filled += n
        }
        guard filled <= maxFileSize else { throw .tooLarge(size: filled, limit: maxFileSize) }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }
}
