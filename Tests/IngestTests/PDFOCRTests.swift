import Foundation
import Testing
@testable import Ingest

/// Tesseract is there, or could have been: `make test` runs scripts/setup.sh, which installs it
/// as root or with sudo, so its absence then is a failure to see, not a reason to skip. Only
/// where set-up cannot install it do the tests that run it skip.
let ocrCanRun: Bool = ExternalTool.locate("tesseract", searchPath: nil) != nil
    || getuid() == 0 || ExternalTool.locate("sudo", searchPath: nil) != nil

/// `--ocr`: scanned pages read by Tesseract, with their confidence, cached like any extraction.
struct PDFOCRTests {
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-ocr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func ocrReader(cache: String? = nil) -> DocumentReader {
        var reader = DocumentReader()
        reader.ocr = true
        reader.cache = cache.map { ExtractionCache(directory: $0) }
        return reader
    }

    /// The lines of `document` on `page` (1-based), with their OCR confidence.
    func lines(_ document: Document, page: Int) -> [(text: String, confidence: Double?)] {
        document.lineStarts.indices.compactMap { index in
            guard document.page(at: document.lineStarts[index]) == page else { return nil }
            let text = document.text(document.lineRange(index + 1)).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : (text, document.lineConfidences?[index])
        }
    }

    @Test func withoutOCRAScanIsRefusedWithAMessageNamingOCR() throws {
        #expect(throws: IngestFailure(path: pdfFixture("scanned.pdf"), error: .noTextLayer(pages: 1))) {
            try DocumentReader().read(path: pdfFixture("scanned.pdf"))
        }
        #expect("\(IngestError.noTextLayer(pages: 1))".contains("--ocr"))
    }

    @Test(.enabled(if: ocrCanRun)) func withOCRAScannedPageIsReadWithItsConfidence() throws {
        let document = try ocrReader().read(path: pdfFixture("scanned.pdf"))
        #expect(document.pageStarts?.count == 1)
        let read = lines(document, page: 1)
        // The scan is of page 7 of bench-24-pages.pdf, whose text layer says what it shows.
        for expected in ["児童扶養手当の現況届の事前送信", "介護保険負担割合証の再交付申請", "り災証明書の発行申請"] {
            #expect(read.contains { $0.text.contains(expected) }, "\(expected) not read")
        }
        #expect(!read.isEmpty && read.allSatisfy { ($0.confidence ?? -1) > 0 && $0.confidence! <= 100 })
        let name = "介護保険負担割合証".unicodeScalars.map(\.value)
        let offset = try #require(document.scalars.indices.first { document.scalars[$0...].starts(with: name) })
        let range = offset..<(offset + 9)
        #expect(document.page(at: offset) == 1)
        let box = try #require(document.box(of: range))
        #expect(box.left > 0 && box.left < box.right && box.right < 596 && box.top < box.bottom && box.bottom < 843)
        #expect(document.confidence(of: range) != nil)
    }

    /// hostile/scan.pdf is two small grey images with no writing on them.
    @Test(.enabled(if: ocrCanRun)) func aScanOCRFindsNothingOnSaysSo() throws {
        #expect(throws: IngestFailure(path: formatFixture("hostile/scan.pdf"), error: .noTextFound(pages: 2))) {
            try ocrReader().read(path: formatFixture("hostile/scan.pdf"))
        }
        #expect("\(IngestError.noTextFound(pages: 2))" == "is a PDF with no text layer (2 pages), and OCR found no text on them either")
    }

    @Test(.enabled(if: ocrCanRun)) func aMixedPDFHasOnlyItsTextlessPageRead() throws {
        let document = try ocrReader().read(path: pdfFixture("mixed-scan.pdf"))
        let first = lines(document, page: 1), second = lines(document, page: 2)
        // Page 1 is the text layer of header-footer.pdf's page 2: no confidence on its lines.
        #expect(first.contains { $0.text.contains("戸籍の附票システムの標準化") })
        #expect(first.allSatisfy { $0.confidence == nil })
        #expect(second.contains { $0.text.contains("児童扶養手当の現況届の事前送信") })
        #expect(!second.isEmpty && second.allSatisfy { $0.confidence != nil })
        // Without --ocr the text page is read and the scanned one is empty.
        let plain = try DocumentReader().read(path: pdfFixture("mixed-scan.pdf"))
        #expect(plain.lineConfidences == nil)
        #expect(!plain.text.contains("児童扶養手当"))
        #expect(plain.text.contains("戸籍の附票システムの標準化"))
    }

    /// A second run takes the OCR'd text from the cache: a Tesseract that answers `--version` as
    /// the real one does but fails on anything else is never asked to read.
    @Test(.enabled(if: ocrCanRun)) func aSecondRunTakesTheOCRFromTheCache() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = root.appendingPathComponent("cache").path
        let first = try ocrReader(cache: cache).read(path: pdfFixture("scanned.pdf"))
        #expect(ExtractionCache(directory: cache).usage().entries == 2)   // the text layer, the OCR

        let real = try #require(ExternalTool.locate("tesseract", searchPath: nil))
        let fake = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: fake, withIntermediateDirectories: true)
        let calls = root.appendingPathComponent("calls").path
        try """
            #!/bin/sh
            if [ "$1" = "--version" ]; then exec "\(real)" --version; fi
            echo read >> "\(calls)"
            echo read >&2
            exit 1
            """.write(toFile: fake.appendingPathComponent("tesseract").path, atomically: true, encoding: .utf8)
        chmod(fake.appendingPathComponent("tesseract").path, 0o755)
        let prlimit = try #require(ExternalTool.locate("prlimit", searchPath: nil))
        try FileManager.default.createSymbolicLink(atPath: fake.appendingPathComponent("prlimit").path, withDestinationPath: prlimit)

        var reader = ocrReader(cache: cache)
        reader.pdf.ocr?.searchPath = fake.path
        let second = try reader.read(path: pdfFixture("scanned.pdf"))
        #expect(second.scalars == first.scalars)
        #expect(second.lineConfidences == first.lineConfidences)
        #expect(second.lineBoxes == first.lineBoxes)
        #expect(!FileManager.default.fileExists(atPath: calls))

        // Other languages are another key: that reader has to call its Tesseract, which fails.
        reader.pdf.ocr?.languages = "jpn"
        #expect(throws: IngestFailure(path: pdfFixture("scanned.pdf"), error: .toolFailed(tool: "tesseract", reason: "failed on page 1 (status 1): read"))) {
            _ = try reader.read(path: pdfFixture("scanned.pdf"))
        }
        #expect(FileManager.default.fileExists(atPath: calls))
    }

    @Test func theOCRKeyHoldsTesseractsVersionAndLanguages() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let tools = PDFOCR.Tools(tesseract: "/nonexistent/tesseract-\(UUID().uuidString)", prlimit: "/usr/bin/prlimit")
        PDFExtractor.versions.lock.lock()
        PDFExtractor.versions.byTool[tools.tesseract] = "tesseract 9.9.9"
        PDFExtractor.versions.lock.unlock()
        let signature = PDFOCR().signature(tools)
        #expect(signature.contains("tesseract 9.9.9") && signature.contains("-l jpn+jpn_vert"))
        var japanese = PDFOCR()
        japanese.languages = "jpn"
        #expect(japanese.signature(tools) != signature)
    }

    @Test(.enabled(if: ocrCanRun)) func tesseractPastItsMemoryCapFailsTheFileSayingSo() throws {
        var reader = ocrReader()
        reader.pdf.ocr?.memoryLimit = 100 << 20
        do {
            _ = try reader.read(path: pdfFixture("scanned.pdf"))
            Issue.record("read within 100 MB")
        } catch {
            guard case .toolFailed(let tool, let reason) = error.error else { Issue.record("\(error)"); return }
            #expect(tool == "tesseract")
            #expect(reason.contains("memory is capped at 100 MB"), "\(reason)")
        }
    }

    @Test func aMissingTesseractSaysHowToInstallIt() throws {
        var reader = ocrReader()
        reader.pdf.ocr?.searchPath = "/nonexistent"
        #expect(throws: IngestFailure(path: pdfFixture("scanned.pdf"), error: .toolMissing(tool: "tesseract",
                install: "apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert (or run scripts/setup.sh)"))) {
            _ = try reader.read(path: pdfFixture("scanned.pdf"))
        }
        // A PDF with a text layer on every page needs no Tesseract.
        #expect(throws: Never.self) { _ = try reader.read(path: pdfFixture("double-spaced.pdf")) }
    }

    @Test func tesseractsTSVBecomesLinesInPointsWithTheirMeanConfidence() {
        let tsv = """
            level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
            1\t1\t0\t0\t0\t0\t0\t0\t2481\t3508\t-1\t
            4\t1\t1\t1\t1\t0\t300\t600\t900\t50\t-1\t
            5\t1\t1\t1\t1\t1\t300\t600\t100\t50\t90\t戸籍
            5\t1\t1\t1\t1\t2\t400\t600\t100\t50\t80\tAI
            5\t1\t1\t1\t1\t3\t500\t600\t100\t50\t70\tOCR
            5\t1\t1\t1\t1\t4\t600\t600\t100\t50\t95\t 
            4\t1\t1\t1\t2\t0\t300\t700\t300\t50\t-1\t
            5\t1\t1\t1\t2\t1\t300\t700\t300\t50\t60\t20業務
            4\t1\t1\t1\t3\t0\t300\t800\t300\t50\t-1\t
            5\t1\t1\t1\t3\t1\t300\t800\t300\t50\t95\t
            4\t1\t2\t1\t1\t0\t300\t900\t300\t50\t-1\t
            5\t1\t2\t1\t1\t1\t300\t900\t300\t50\t50\t介護
            """
        let lines = PDFOCR.lines(tsv: Array(tsv.utf8), resolution: 300)
        #expect(lines.map { String(String.UnicodeScalarView($0.text.compactMap(Unicode.Scalar.init))) } == ["戸籍AI OCR", "20業務", "介護"])
        #expect(lines.map(\.confidence) == [80, 60, 50])
        #expect(lines.map(\.startsParagraph) == [true, false, true])
        #expect(lines[0].box == PageBox(left: 72, top: 144, right: 288, bottom: 156))
    }

    @Test func theCacheKeepsConfidencesAndTextlessPages() {
        var text = PDFText(pages: [[PDFLine(text: [0x6238], box: nil, startsParagraph: true)],
                                   [PDFLine(text: [0x7C4D, 0x41], box: PageBox(left: 1, top: 2, right: 3, bottom: 4), startsParagraph: true, confidence: 91.25)]],
                           furniture: 2)
        text.textless = [1]
        #expect(PDFTextCoding.decode(PDFTextCoding.encode(text)) == text)
        #expect(PDFTextCoding.decode(PDFTextCoding.encode(text).dropLast()) == nil)
    }
}
