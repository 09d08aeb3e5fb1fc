import CVector
import Foundation
import TestSupport
import Testing
@testable import Ingest

struct DocumentTests {
    @Test func linesAndPagesComeFromOffsets() {
        let text = "一行目\r\n二行目\n\u{0C}三行目"
        let document = Document(path: "x.txt", format: .text, encoding: "UTF-8", scalars: text.unicodeScalars.map(\.value))
        #expect(document.lineStarts == [0, 5, 9])
        #expect(document.line(at: 0) == 1)
        #expect(document.line(at: 6) == 2)
        #expect(document.line(at: 10) == 3)
        #expect(document.page(at: 6) == 1)
        #expect(document.page(at: 10) == 2)
        #expect(document.text(document.lineRange(2)) == "二行目")
    }

    @Test func plainTextHasNoPages() {
        let document = Document(path: "x.txt", format: .text, encoding: "UTF-8", scalars: "a\nb".unicodeScalars.map(\.value))
        #expect(document.pageStarts == nil)
        #expect(document.page(at: 1) == nil)
    }
}
