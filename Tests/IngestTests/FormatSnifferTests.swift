import CVector
import Foundation
import TestSupport
import Testing
@testable import Ingest

struct FormatSnifferTests {
    @Test func contentWinsOverTheExtension() {
        #expect(FormatSniffer.sniff(Array("%PDF-1.7\n".utf8), fileExtension: "txt") == .pdf)
        #expect(FormatSniffer.sniff(Array("<!DOCTYPE html><html>".utf8), fileExtension: "pdf") == .html)
        #expect(FormatSniffer.sniff([0x50, 0x4B, 0x03, 0x04, 0, 0], fileExtension: "txt") == .zip)
        #expect(FormatSniffer.sniff(Array("# 見出し".utf8), fileExtension: "md") == .markdown)
        #expect(FormatSniffer.sniff(Array("本文".utf8), fileExtension: "pdf") == .text)
    }

    @Test func unsupportedFormatsSayWhatToDo() {
        #expect(throws: IngestError.unsupportedFormat(.ole, "a legacy Microsoft Office file (.doc/.xls); save it as plain text first")) {
            _ = try DocumentReader().document(from: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], path: "plan.doc")
        }
        #expect(throws: IngestError.brokenPDF("mutool says: expected object number")) {
            _ = try DocumentReader().document(from: Array("%PDF-1.4 …".utf8), path: "plan.pdf")
        }
    }
}
