import Foundation

/// Reads the pages of a PDF that have no text layer (scanned pages) with Tesseract (`--ocr`).
///
/// Page by page: MuPDF renders the page to a grey PNG at `resolution` dpi (`mutool draw`), and
/// Tesseract reads it (`tesseract PAGE stdout -l jpn+jpn_vert --psm 3 --dpi 300 tsv`: automatic
/// page segmentation, horizontal and vertical Japanese). Both run as child processes (never
/// linked: MuPDF is AGPL, and Tesseract is run the same way), each under `prlimit --as` (a cap
/// on its address space) and a time limit per page; Tesseract with one thread
/// (`OMP_THREAD_LIMIT=1`), since a batch already reads one file per core.
///
/// Tesseract's TSV gives lines (level 4) and their words (level 5) with a box in pixels and a
/// confidence (0–100). Each line becomes a `PDFLine` with its box in points and the mean
/// confidence of its words; a new block or paragraph starts a paragraph. Words are joined
/// without a space unless both sides are Latin letters or digits (Tesseract splits Japanese
/// text into words a reader does not see).
struct PDFOCR: Sendable {
    /// Seconds rendering and reading one page may each take.
    var timeout: Double = 180
    /// The address space each child may take, in bytes (Tesseract with Japanese takes about
    /// 300 MB on an A4 page at 300 dpi).
    var memoryLimit = 2 << 30
    /// Tesseract's languages: Japanese written across and down the page.
    var languages = "jpn+jpn_vert"
    /// Where to look for tesseract and prlimit (the process's PATH by default).
    var searchPath: String? = nil

    /// The resolution pages are rendered at (Tesseract reads best at 300 dpi).
    static let resolution = 300
    /// Tesseract's page segmentation mode: fully automatic, with orientation left as it is.
    static let segmentation = "3"

    /// The tools OCR needs, or the error naming the one missing.
    struct Tools {
        let tesseract: String
        let prlimit: String
    }

    func locate() throws(IngestError) -> Tools {
        guard let tesseract = ExternalTool.locate("tesseract", searchPath: searchPath) else {
            throw .toolMissing(tool: "tesseract", install: "apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert (or run scripts/setup.sh)")
        }
        guard let prlimit = ExternalTool.locate("prlimit", searchPath: searchPath) else {
            throw .toolMissing(tool: "prlimit", install: "apt-get install util-linux")
        }
        return Tools(tesseract: tesseract, prlimit: prlimit)
    }

    /// What changes OCR's output, for the cache key: Tesseract's version, its languages, the
    /// resolution and segmentation mode.
    func signature(_ tools: Tools) -> String {
        "ocr \(PDFOCR.version(of: tools.tesseract)) -l \(languages) --psm \(PDFOCR.segmentation) -r \(PDFOCR.resolution) tsv 1"
    }

    /// The lines Tesseract reads on each of `pages` (0-based) of the PDF at `input`.
    func read(pages: [Int], input: String, scratch: URL, mutool: String, tools: Tools) throws(IngestError) -> [Int: [PDFLine]] {
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        let cap = "--as=\(memoryLimit)"
        var result = [Int: [PDFLine]]()
        for page in pages {
            let image = scratch.appendingPathComponent("page-\(page + 1).png").path
            let draw = ExternalTool(name: "mutool", path: tools.prlimit, timeout: timeout, timeoutOption: "--ocr-timeout", maxOutput: 1 << 20)
            let drawn = try draw.run([cap, "--", mutool, "draw", "-q", "-r", "\(PDFOCR.resolution)", "-c", "gray", "-o", image, input, "\(page + 1)"])
            guard drawn.exited, drawn.status == 0, FileManager.default.fileExists(atPath: image) else {
                throw .toolFailed(tool: "mutool", reason: "could not render page \(page + 1) for OCR (\(PDFOCR.ending(drawn, cap: memoryLimit))): \(drawn.firstErrorLine ?? "no message")")
            }
            let tesseract = ExternalTool(name: "tesseract", path: tools.prlimit, timeout: timeout, timeoutOption: "--ocr-timeout", maxOutput: 64 << 20)
            let read = try tesseract.run([cap, "--", tools.tesseract, image, "stdout", "-l", languages, "--psm", PDFOCR.segmentation,
                                          "--dpi", "\(PDFOCR.resolution)", "tsv"], environment: environment)
            unlink(image)
            let errors = String(decoding: read.errors, as: UTF8.self)
            if errors.contains("Failed loading language") || errors.contains("Error opening data file") {
                throw .toolMissing(tool: "tesseract's \(languages) data", install: "apt-get install tesseract-ocr-jpn tesseract-ocr-jpn-vert (or run scripts/setup.sh)")
            }
            guard read.exited, read.status == 0 else {
                throw .toolFailed(tool: "tesseract", reason: "failed on page \(page + 1) (\(PDFOCR.ending(read, cap: memoryLimit))): \(read.firstErrorLine ?? "no message")")
            }
            result[page] = PDFOCR.lines(tsv: read.output, resolution: Double(PDFOCR.resolution))
        }
        return result
    }

    /// How a child that failed ended, naming the memory cap when it may have been the cause.
    static func ending(_ outcome: ExternalTool.Outcome, cap: Int) -> String {
        outcome.exited ? "status \(outcome.status)" : "killed by signal \(outcome.status); its memory is capped at \(cap >> 20) MB"
    }

    /// The laid-out lines of Tesseract's TSV output (see the type's documentation).
    static func lines(tsv: [UInt8], resolution: Double) -> [PDFLine] {
        let scale = 72 / resolution
        var lines = [PDFLine]()
        var current: (key: [Int], box: PageBox, text: [UInt32], confidences: [Double])? = nil
        var lastParagraph: [Int]? = nil
        func finish() {
            guard let line = current, !line.text.isEmpty else { return }
            let paragraph = Array(line.key.prefix(2))
            let mean = line.confidences.isEmpty ? 0 : line.confidences.reduce(0, +) / Double(line.confidences.count)
            lines.append(PDFLine(text: line.text, box: line.box, startsParagraph: paragraph != lastParagraph, confidence: mean))
            lastParagraph = paragraph
        }
        for row in tsv.split(separator: 0x0A) {
            let fields = row.split(separator: 0x09, maxSplits: 11, omittingEmptySubsequences: false)
            guard fields.count >= 11, let level = Int(String(decoding: fields[0], as: UTF8.self)) else { continue }
            let numbers = fields[2...9].map { Int(String(decoding: $0, as: UTF8.self)) }
            guard numbers.allSatisfy({ $0 != nil }) else { continue }
            let values = numbers.map { $0! }
            if level == 4 {
                finish()
                let (left, top, width, height) = (Double(values[4]), Double(values[5]), Double(values[6]), Double(values[7]))
                let box = PageBox(left: left * scale, top: top * scale, right: (left + width) * scale, bottom: (top + height) * scale)
                current = (Array(values[0..<3]), box, [], [])
            } else if level == 5, current != nil, fields.count == 12 {
                var word = String(decoding: fields[11], as: UTF8.self).unicodeScalars.map(\.value)
                while let last = word.last, last == 0x20 || last == 0x09 || last == 0x0D || last == 0x3000 { word.removeLast() }
                while let first = word.first, first == 0x20 || first == 0x09 || first == 0x3000 { word.removeFirst() }
                guard !word.isEmpty, let confidence = Double(String(decoding: fields[10], as: UTF8.self)), confidence >= 0 else { continue }
                if let last = current!.text.last, !PageLayout.isWide(last), !PageLayout.isWide(word[0]) { current!.text.append(0x20) }
                current!.text += word
                current!.confidences.append(confidence)
            }
        }
        finish()
        return lines
    }

    /// `tesseract --version`'s first line ("tesseract 5.3.0"), once per tool and process.
    static func version(of tool: String) -> String {
        PDFExtractor.versions.lock.lock()
        defer { PDFExtractor.versions.lock.unlock() }
        if let known = PDFExtractor.versions.byTool[tool] { return known }
        let runner = ExternalTool(name: "tesseract", path: tool, timeout: 10)
        let outcome = try? runner.run(["--version"])
        let line = outcome.map { String(decoding: $0.output + $0.errors, as: UTF8.self) }?
            .split(separator: "\n").first { $0.hasPrefix("tesseract") }.map(String.init) ?? "tesseract (unknown version)"
        PDFExtractor.versions.byTool[tool] = line
        return line
    }
}
