import Foundation
import Testing
import ZIPFoundation
@testable import Ingest

struct FormatSniffingTests {
    let reader = DocumentReader()

    @Test(arguments: [
        ("112275_asaka.html", DocumentFormat.html), ("112275_asaka.docx", .docx), ("112275_asaka.odt", .odt),
        ("112275_asaka.pdf", .pdf), ("112275_asaka-procedures.xlsx", .xlsx),
    ])
    func zipArchivesAreToldApartByTheirEntries(file: String, format: DocumentFormat) throws {
        #expect(try reader.read(path: formatFixture(file)).format == format)
    }

    @Test func contentWinsOverTheExtension() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: formatFixture("112275_asaka.docx"))))
        let document = try reader.document(from: bytes, path: "plan.txt")
        #expect(document.format == .docx)
    }

    @Test func textTakesNoNewPath() throws {
        let document = try reader.read(path: plan("112275_asaka.txt"))
        #expect(document.lineLocations == nil)
        #expect(document.location(at: 100) == nil)
    }
}
