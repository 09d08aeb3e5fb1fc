import Foundation
import Testing

/// Tesseract is on PATH, or set-up (run by `make test`, as root or with sudo) could have
/// installed it: only where it cannot do these tests skip.
let tesseractCanRun: Bool = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    func found(_ tool: String) -> Bool { path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") } }
    return found("tesseract") || getuid() == 0 || found("sudo")
}()

/// `plancov compare --ocr` on a scanned PDF: the items on the scanned page, with their page and
/// OCR's confidence in the JSON; without --ocr, the message names it; a second run, from the
/// cache, writes the same report.
struct OCRCommandTests {
    func evidence(_ report: [String: Any], _ item: String) -> [String: Any]? {
        let cell = (report["cells"] as? [[String: Any]])?.first { $0["item"] as? String == item }
        return (cell?["evidence"] as? [[String: Any]])?.first
    }

    @Test func withoutOCRAScanIsAFailedFileWhoseMessageNamesOCR() throws {
        let run = try plancov("compare", "Tests/Fixtures/pdf/scanned.pdf", "--format", "json", "--no-cache")
        #expect(run.status == 2)
        #expect(run.stderr.contains("scanned.pdf: is a PDF with no text layer (1 page, no text): it is probably a scan; read it with --ocr"))
    }

    @Test(.enabled(if: tesseractCanRun)) func withOCRTheScannedPagesItemsCarryTheirPageAndConfidence() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-ocr-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = root.appendingPathComponent("cache").path
        let first = try plancov("compare", "Tests/Fixtures/pdf/mixed-scan.pdf", "--ocr", "--format", "json", "--cache-dir", cache)
        #expect(first.status == 0, "\(first.stderr)")
        let report = try json(first.stdout)
        // 児童扶養手当の現況届の事前送信 is on the scanned page 2 only.
        let scanned = try #require(evidence(report, "procedure.kosodate.14"))
        #expect(scanned["page"] as? Int == 2)
        let confidence = try #require(scanned["ocr"] as? Double)
        #expect(confidence > 0 && confidence <= 100)
        #expect((scanned["bbox"] as? [Double])?.count == 4)
        // 戸籍の附票 is on the text page 1: no "ocr" key.
        let text = try #require(evidence(report, "system.family-register-attachment"))
        #expect(text["page"] as? Int == 1)
        #expect(text["ocr"] == nil)

        let second = try plancov("compare", "Tests/Fixtures/pdf/mixed-scan.pdf", "--ocr", "--format", "json", "--cache-dir", cache)
        #expect(second.stdout == first.stdout)
        #expect(try plancov("cache", "--cache-dir", cache).text.hasPrefix("\(cache): 2 entries, "))
    }
}
