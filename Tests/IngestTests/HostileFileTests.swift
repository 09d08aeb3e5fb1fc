import Foundation
import Testing
import ZIPFoundation
@testable import Ingest

/// Every hostile file gets its own clear error, never a crash, a hang or an empty success.
struct HostileFileTests {
    let reader = DocumentReader()

    func error(_ name: String) -> IngestError? {
        do {
            _ = try reader.read(path: formatFixture("hostile/\(name)"))
            return nil
        } catch {
            return error.error
        }
    }

    @Test func billionLaughsIsRefusedInXMLAndInDOCX() {
        #expect(error("billion-laughs.xml") == .entityExpansion(part: "the XML document"))
        #expect(error("billion-laughs.docx") == .entityExpansion(part: "word/document.xml"))
    }

    @Test func anExternalEntityIsRefusedAndNeverLoaded() throws {
        let refused = try #require(error("external-entity.docx"))
        #expect(refused == .entityDeclaration(part: "word/document.xml", entity: "external entity \"xxe\" (SYSTEM \"file:///etc/passwd\")"))
        #expect(!"\(refused)".contains("root:"))
    }

    @Test func aZipBombIsRefusedBeforeInflating() throws {
        guard case .zipBomb(let reason) = try #require(error("zip-bomb.docx")) else { Issue.record("not a zip bomb error"); return }
        #expect(reason.contains("word/document.xml would inflate"))
    }

    @Test func zipLimitsHoldWhateverTheHeadersSay() throws {
        let bytes = try docx(body: String(repeating: "<w:p><w:r><w:t>戸籍</w:t></w:r></w:p>", count: 2000))
        #expect(throws: IngestError.zipBomb("its entries would inflate to more than 0 MB")) {
            _ = try ZipArchive(bytes, limits: .init(maxTotalSize: 1000))
        }
        #expect(throws: IngestError.zipBomb("more than 1 entries")) {
            _ = try ZipArchive(bytes, limits: .init(maxEntries: 1))
        }
    }

    @Test func aTruncatedArchiveIsDamaged() {
        #expect(error("truncated.docx") == .brokenArchive("its end record is missing (a truncated download?)"))
    }

    @Test func anHTMLPageSavedAsPDFIsNotReadAsAPlan() {
        #expect(error("error-page.pdf") == .mismatchedContent(found: .html, claimed: "PDF"))
    }

    @Test func aTruncatedPDFIsNotReadable() throws {
        guard case .brokenPDF(let reason) = try #require(error("truncated.pdf")) else { Issue.record("not a broken PDF error"); return }
        #expect(reason.hasPrefix("mutool says:"))
    }

    @Test func aScanWithNoTextLayerSaysSo() throws {
        let refused = try #require(error("scan.pdf"))
        #expect(refused == .noTextLayer(pages: 2))
        #expect("\(refused)".contains("probably a scan"))
    }

    @Test func anArchiveOfOtherFilesIsRefusedByName() throws {
        let bytes = try zip([("notes.txt", "戸籍")])
        #expect(throws: IngestError.unsupportedFormat(.zip, "a zip archive of other files; unpack it and point plancov at the folder")) {
            try reader.document(from: bytes, path: "plan.zip")
        }
    }
}
