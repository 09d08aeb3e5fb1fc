import Foundation
import Testing
import ZIPFoundation
@testable import Ingest

struct PDFTests {
    let reader = DocumentReader()

    @Test func pagesComeFromFormFeeds() throws {
        let document = try reader.read(path: formatFixture("112275_asaka.pdf"))
        #expect(document.format == .pdf)
        #expect((document.pageStarts?.count ?? 0) >= 5)
        #expect(document.lineLocations == nil)
        let offset = try #require(document.text.unicodeScalars.map(\.value).firstIndex(of: 0x2469))   // ⑩
        let page = try #require(document.page(at: offset))
        // pdftotext on that page alone shows the line.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-f", "\(page)", "-l", "\(page)", "-enc", "UTF-8", formatFixture("112275_asaka.pdf"), "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.contains("⑩"))
    }

    @Test func aMissingMutoolSaysHowToInstallIt() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: formatFixture("112275_asaka.pdf"))))
        #expect(throws: IngestError.toolMissing(tool: "mutool", install: "apt-get install mupdf-tools (or run scripts/setup.sh)")) {
            try PDFExtractor(searchPath: "/nonexistent").extract(bytes, path: "plan.pdf")
        }
    }
}
