import CVector
import Foundation
import TestSupport
import Testing
@testable import Ingest

struct TextDecodingTests {
    let reader = DocumentReader()

    @Test(arguments: [
        ("112275_asaka.cp932.txt", "Shift_JIS"),
        ("112275_asaka.utf16le-bom.txt", "UTF-16LE"),
        ("112275_asaka.utf16be-bom.txt", "UTF-16BE"),
        ("112275_asaka.utf8-bom.txt", "UTF-8"),
    ])
    func everyEncodingOfAPlanDecodesToTheSameText(file: String, encoding: String) throws {
        let original = try reader.read(path: plan("112275_asaka.txt"))
        let document = try reader.read(path: fixture(file))
        #expect(document.encoding == encoding)
        #expect(document.scalars == original.scalars)
        #expect(document.lineStarts == original.lineStarts, "lines keep their original numbers")
    }

    @Test(arguments: [
        ("112305_niiza-excerpt.eucjp.txt", "EUC-JP"),
        ("112305_niiza-excerpt.iso2022jp.txt", "ISO-2022-JP"),
        ("112305_niiza-excerpt.cp932.txt", "Shift_JIS"),
    ])
    func legacyJapaneseEncodingsAreDetected(file: String, encoding: String) throws {
        let original = try reader.read(path: fixture("112305_niiza-excerpt.utf8.txt"))
        let document = try reader.read(path: fixture(file))
        #expect(document.encoding == encoding)
        #expect(document.text == original.text)
    }

    @Test func utf16WithoutBOMIsRecognised() throws {
        let text = "子育て関係（15手続）\n児童手当等の現況届\n"
        var bytes = [UInt8]()
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let decoded = try TextDecoder.decode(bytes)
        #expect(decoded.encoding == "UTF-16LE")
        #expect(String(String.UnicodeScalarView(decoded.scalars.compactMap(Unicode.Scalar.init))) == text)
    }

    @Test func invalidUTF8InTheMiddleIsRefusedWithItsOffset() {
        #expect {
            _ = try reader.read(path: fixture("broken-utf8.txt"))
        } throws: { error in
            guard let failure = error as? IngestFailure else { return false }
            return failure.path.hasSuffix("broken-utf8.txt") && failure.description.contains("cannot be decoded")
        }
    }

    /// Strict UTF-8 whichever path decodes a sequence (three-byte sequences have a fast one):
    /// overlong forms and encoded surrogates fail at their first byte, everything else decodes.
    @Test(arguments: [
        ([0xE3, 0x81, 0x82], nil),                    // あ, three bytes
        ([0xEF, 0xBC, 0x91], nil),                    // １, full-width
        ([0xF0, 0xA0, 0x80, 0x8B], nil),              // 𠀋, four bytes
        ([0xE0, 0x80, 0xAF], 2),                      // "/" overlong in three bytes
        ([0xED, 0xA0, 0x80], 2),                      // surrogate U+D800
        ([0xE3, 0x81], 2),                            // cut short at the end
        ([0xE3, 0x41, 0x82], 2),                      // not a continuation byte
    ] as [([UInt8], Int?)])
    func utf8IsStrict(sequence: [UInt8], failsAt: Int?) {
        let bytes = Array("ab".utf8) + sequence
        switch TextDecoder.decodeUTF8(bytes) {
        case .success(let scalars):
            #expect(failsAt == nil)
            #expect(scalars == Array(String(decoding: bytes, as: UTF8.self).unicodeScalars.map(\.value)))
        case .failure(let offset):
            #expect(offset == failsAt)
        }
    }

    /// Runs of three-byte sequences are decoded eight at a time by the vector kernel (where
    /// the processor has AVX2; both ways are tested), else two and one at a time from
    /// eight-byte loads. On random mixes of valid characters of
    /// every length and broken sequences (overlong, surrogate, bad continuation, cut short)
    /// at every alignment, in runs long enough for the kernel, the decoder must give the
    /// scalars, or the offset of the first bad byte, that a byte-by-byte strict decoder gives.
    @Test(arguments: [true, false])
    func runsOfThreeByteSequencesDecodeLikeByteByByte(vectorKernel: Bool) {
        func reference(_ bytes: [UInt8]) -> (scalars: [UInt32], failure: Int?) {
            var scalars = [UInt32](), i = 0
            while i < bytes.count {
                let b0 = bytes[i]
                let (needed, minimum, initial): (Int, UInt32, UInt32) =
                    b0 < 0x80 ? (0, 0, UInt32(b0)) : b0 & 0xE0 == 0xC0 ? (1, 0x80, UInt32(b0 & 0x1F))
                    : b0 & 0xF0 == 0xE0 ? (2, 0x800, UInt32(b0 & 0x0F)) : b0 & 0xF8 == 0xF0 ? (3, 0x10000, UInt32(b0 & 0x07)) : (-1, 0, 0)
                guard needed >= 0, i + needed < bytes.count else { return (scalars, i) }
                var value = initial
                for k in 0..<needed {
                    let next = bytes[i + 1 + k]
                    guard next & 0xC0 == 0x80 else { return (scalars, i) }
                    value = value << 6 | UInt32(next & 0x3F)
                }
                guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return (scalars, i) }
                scalars.append(value)
                i += needed + 1
            }
            return (scalars, nil)
        }
        let valid: [[UInt8]] = ["申", "請", "（", "ア", "a", "\n", "é", "𠀋", "１"].map { Array($0.utf8) }
        let broken: [[UInt8]] = [[0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xE3, 0x41, 0x82], [0xE3, 0x81], [0xFF], [0x82]]
        var random = SeededRandom(seed: 7)
        var failures = 0
        for _ in 0..<3000 {
            var bytes = [UInt8]()
            for _ in 0..<(1 + random.next(64)) {
                bytes += random.next(40) == 0 ? broken[random.next(broken.count)] : valid[random.next(4) == 0 ? random.next(valid.count) : random.next(3)]
            }
            let expected = reference(bytes)
            switch TextDecoder.decodeUTF8(bytes, vectorKernel: vectorKernel) {
            case .success(let scalars):
                #expect(expected.failure == nil && scalars == expected.scalars, "\(bytes)")
            case .failure(let offset):
                failures += 1
                #expect(offset == expected.failure, "\(bytes)")
            }
        }
        #expect(failures > 300, "broken sequences are among the inputs")
    }

    /// The kernel's own contract: it decodes exactly the valid three-byte characters before
    /// the first defect (in any byte of any of its eight lanes) or the first "（", as far as
    /// whole steps of eight fit in the input (28 bytes ahead) and in the room given, and
    /// every scalar it reports is the right one.
    @Test func theVectorKernelStopsAtTheFirstDefectInAnyLane() throws {
        let width = Int(plancov_vector_width())
        guard width > 0 else {
            // Without AVX2 the kernel leaves everything to the Swift loops (tested above).
            let bytes = Array(String(repeating: "申", count: 40).utf8)
            var out = [UInt32](repeating: 0, count: 40)
            #expect(plancov_utf8_three_byte_run(bytes, bytes.count, &out, out.count) == 0)
            return
        }
        #expect(width == 8)
        let characters = Array("申請手続電子化（住民票の写し）ア１".unicodeScalars)
        // Each defect replaces one character's three bytes.
        let defects: [[UInt8]] = [[0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xE3, 0x41, 0x82], [0x41, 0x81, 0x82],
                                  [0xE3, 0x81, 0xC2], [0xF0, 0x81, 0x82], [0xEF, 0xBC, 0x88], [0x0A, 0x20, 0x20]]
        var random = SeededRandom(seed: 11)
        for _ in 0..<2000 {
            let length = 1 + random.next(40)
            var scalars = (0..<length).map { _ in characters[random.next(characters.count)].value }.filter { $0 != 0xFF08 }
            var bytes = scalars.flatMap { Array(String(Unicode.Scalar($0)!).utf8) }
            var validBefore = scalars.count
            if random.next(4) != 0, !scalars.isEmpty {
                let at = random.next(scalars.count)
                bytes.replaceSubrange((3 * at)..<(3 * at + 3), with: defects[random.next(defects.count)])
                validBefore = at
                scalars = Array(scalars[..<at])
            }
            let room = random.next(3) == 0 ? random.next(48) : bytes.count
            var out = [UInt32](repeating: 0, count: max(room, 1))
            let decoded = plancov_utf8_three_byte_run(bytes, bytes.count, &out, room)
            let steps = min(bytes.count >= 28 ? (bytes.count - 28) / 24 + 1 : 0, room / 8)
            #expect(decoded == min(validBefore, 8 * steps), "\(bytes) room \(room)")
            #expect(Array(out[..<decoded]) == Array(scalars.prefix(decoded)), "\(bytes)")
        }
    }

    /// The UTF-8 pass notes line and page starts on its way; they must be the ones
    /// `Document` finds on its own, whatever mix of LF, CR, CR LF and form feeds.
    @Test func theDecoderFindsTheLinesDocumentWould() throws {
        var random = SeededRandom(seed: 42)
        let pieces = ["\n", "\r", "\r\n", "\u{0C}", "申請", "a", " ", "\r\r\n", "\n\n"]
        for _ in 0..<500 {
            var text = ""
            for _ in 0..<(1 + Int(random.state % 12)) {
                text += pieces[random.next(pieces.count)]
            }
            _ = random.next()
            let decoded = try TextDecoder.decode(Array(text.utf8))
            let index = try #require(decoded.lineIndex, "a UTF-8 text has its line index")
            let alone = Document.lineAndPageStarts(of: decoded.scalars)
            #expect(index.lines == alone.lines, "\(text.debugDescription)")
            #expect(index.pages == alone.pages, "\(text.debugDescription)")
        }
    }

    /// The decoder marks where layout debris can start; the outline parsed looking only there
    /// must equal the outline parsed scanning every scalar of every line.
    @Test func theOutlineWithTheDecodersMarksIsTheSame() throws {
        var random = SeededRandom(seed: 5)
        let pieces = ["\n", "\r\n", "申請", "<p>", "</b>", "^{*}", "[※]", "(*1)", "（＊）", "**", "# ", "## 1 ", "(1) ", "第1章 ", "a", " ", "<", "(", "*", "（"]
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<(1 + Int(random.next() >> 59)) {
                text += pieces[random.next(pieces.count)]
            }
            let decoded = try TextDecoder.decode(Array(text.utf8))
            let index = try #require(decoded.lineIndex)
            #expect(index.debrisMarks == decoded.scalars.indices.filter { OutlineParser.mayStartDebris(decoded.scalars[$0]) },
                    "every place debris can start, and only those: \(text.debugDescription)")
            let marked = OutlineParser.parse(decoded.scalars, lineStarts: index.lines, debrisMarks: index.debrisMarks)
            let everyLine = OutlineParser.parse(decoded.scalars, lineStarts: index.lines)
            #expect(marked == everyLine, "\(text.debugDescription)")
        }
    }

    @Test func aBinaryFileIsRefused() {
        #expect(throws: IngestFailure.self) { _ = try reader.read(path: fixture("binary.txt")) }
        do {
            _ = try reader.read(path: fixture("binary.txt"))
        } catch {
            #expect(error.description.contains("is not text"))
        }
    }

    @Test func emptyAndMissingFilesGetClearReasons() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-ingest-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.txt").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(throws: IngestFailure(path: empty, error: .empty)) { _ = try reader.read(path: empty) }
        let missing = directory.appendingPathComponent("missing.txt").path
        #expect(throws: IngestFailure(path: missing, error: .unreadable("No such file or directory"))) { _ = try reader.read(path: missing) }
        #expect(throws: IngestFailure(path: directory.path, error: .notAFile)) { _ = try reader.read(path: directory.path) }
    }

    @Test func filesOverTheSizeLimitAreRefusedBeforeReading() {
        let small = DocumentReader(maxFileSize: 1000)
        #expect(throws: IngestFailure(path: plan("112275_asaka.txt"), error: .tooLarge(size: 17198, limit: 1000))) {
            _ = try small.read(path: plan("112275_asaka.txt"))
        }
    }
}
