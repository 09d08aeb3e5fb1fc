import CICU
import CVector

/// Decoded text and the charset it came from.
public struct DecodedText: Sendable, Equatable {
    public let scalars: [UInt32]
    /// The charset, named as users know it ("UTF-8", "Shift_JIS", "EUC-JP", "UTF-16LE" …).
    public let encoding: String
    /// Where lines and form-feed pages start, when the decoding pass saw them on its way
    /// (UTF-8, most plans): `Document` then needs no pass of its own to find them.
    var lineIndex: LineIndex? = nil

    public init(scalars: [UInt32], encoding: String) {
        self.scalars = scalars
        self.encoding = encoding
    }

    init(scalars: [UInt32], encoding: String, lineIndex: LineIndex?) {
        self.scalars = scalars
        self.encoding = encoding
        self.lineIndex = lineIndex
    }

    public static func == (a: DecodedText, b: DecodedText) -> Bool { a.scalars == b.scalars && a.encoding == b.encoding }
}

/// Line starts and form-feed pages of a text, as `Document` keeps them.
struct LineIndex: Sendable {
    var lines: [Int]
    var pages: [Int]?
    /// Where the characters that can start layout debris are (< ^ [ ( * （; scalar offsets,
    /// ascending), when the decoder saw them: the outline looks for debris only there, not
    /// along every line that holds one (half of a plan's text).
    var debrisMarks: [Int]? = nil
}

/// Turns the bytes of a text file into Unicode, whatever encoding a Japanese municipality used.
///
/// Order of evidence, strongest first: a byte-order mark; valid UTF-8 (a Shift_JIS or EUC-JP
/// file of any length is almost never valid UTF-8); ISO-2022-JP's escape sequences; then ICU's
/// charset detector, whose guesses are tried best first until one decodes without a single
/// illegal byte. Nothing is ever substituted: a file no candidate decodes cleanly is refused
/// with the offset of the first bad byte, because a silently garbled plan would give a wrong
/// coverage row instead of an error.
public enum TextDecoder {
    /// The Japanese charsets tried when ICU's guesses all fail (CP932 is Shift_JIS as Windows
    /// writes it, with the NEC and IBM extensions such as ① that plans use).
    static let japaneseFallbacks = ["windows-31j", "EUC-JP"]

    public static func decode(_ bytes: [UInt8]) throws(IngestError) -> DecodedText {
        if bytes.isEmpty { return DecodedText(scalars: [], encoding: "UTF-8") }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            return try decode(Array(bytes.dropFirst(4)), as: "UTF-32LE")
        }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            return try decode(Array(bytes.dropFirst(4)), as: "UTF-32BE")
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return try decode(Array(bytes.dropFirst(2)), as: "UTF-16LE") }
        if bytes.starts(with: [0xFE, 0xFF]) { return try decode(Array(bytes.dropFirst(2)), as: "UTF-16BE") }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(bytes.dropFirst(3))
            switch decodeUTF8(body) {
            case .success(let scalars): return DecodedText(scalars: scalars, encoding: "UTF-8")
            case .failure(let offset):
                // The mark lies (an editor added it to a Shift_JIS file): believe the bytes.
                if let detected = try? detect(body, allowNUL: false) {
                    return DecodedText(scalars: detected.scalars, encoding: detected.encoding + " (despite a UTF-8 byte-order mark)")
                }
                throw .undecodable(encoding: "UTF-8", byteOffset: offset + 3)
            }
        }
        var seen = UTF8Scan()
        let utf8 = decodeUTF8(bytes, seen: &seen)
        if case .success(let scalars) = utf8 {
            // ISO-2022-JP is 7-bit, so it is also valid UTF-8: its escapes tell it apart.
            if seen.escape, !seen.nonASCII, case .success(let iso) = icuDecode(bytes, charset: "ISO-2022-JP") {
                return DecodedText(scalars: iso, encoding: "ISO-2022-JP")
            }
            guard let nul = seen.firstNUL else { return DecodedText(scalars: scalars, encoding: "UTF-8", lineIndex: seen.lineIndex) }
            if !looksLikeUTF16(bytes) { throw .binary("NUL character at byte \(utf8Offset(ofScalar: nul, in: bytes))") }
        }
        do {
            return try detect(bytes, allowNUL: true)
        } catch {
            // A UTF-8 file with one bad byte in the middle: every charset fails, and the first
            // failure of a guess (Shift_JIS at byte 19) would send the user to the wrong place.
            // When UTF-8 read non-ASCII text cleanly up to its failure, name UTF-8 and that byte.
            if case .undecodable = error, case .failure(let offset) = utf8, bytes[..<offset].contains(where: { $0 >= 0x80 }) {
                throw .undecodable(encoding: "UTF-8", byteOffset: offset)
            }
            throw error
        }
    }

    /// Decodes `bytes` in a charset the caller already knows (a BOM, an HTML meta tag).
    public static func decode(_ bytes: [UInt8], as charset: String) throws(IngestError) -> DecodedText {
        if charset.uppercased() == "UTF-8" {
            switch decodeUTF8(bytes) {
            case .success(let scalars): return DecodedText(scalars: scalars, encoding: "UTF-8")
            case .failure(let offset): throw .undecodable(encoding: "UTF-8", byteOffset: offset)
            }
        }
        switch icuDecode(bytes, charset: charset) {
        case .success(let scalars): return DecodedText(scalars: scalars, encoding: displayName(charset))
        case .failure(let offset): throw .undecodable(encoding: displayName(charset), byteOffset: offset)
        }
    }

    static func detect(_ bytes: [UInt8], allowNUL: Bool) throws(IngestError) -> DecodedText {
        if bytes.contains(0) {
            guard allowNUL, let utf16 = utf16Guess(bytes) else {
                throw .binary("NUL byte at byte \(bytes.firstIndex(of: 0)!)")
            }
            if case .success(let scalars) = icuDecode(bytes, charset: utf16), !scalars.contains(0) {
                return DecodedText(scalars: scalars, encoding: utf16)
            }
            throw .binary("NUL byte at byte \(bytes.firstIndex(of: 0)!)")
        }
        var tried = Set<String>()
        var firstFailure: (String, Int)?
        // ICU looks at the statistics of the whole sample; it sees enough in the first 64 KiB.
        let sample = Array(bytes.prefix(65_536))
        for (name, confidence) in detectCharsets(sample) where confidence >= 10 {
            let charset = name == "Shift_JIS" ? "windows-31j" : name
            guard isPlausible(charset, confidence: confidence), tried.insert(charset).inserted else { continue }
            switch icuDecode(bytes, charset: charset) {
            case .success(let scalars): return DecodedText(scalars: scalars, encoding: displayName(charset))
            case .failure(let offset): if firstFailure == nil { firstFailure = (displayName(charset), offset) }
            }
        }
        for charset in japaneseFallbacks where tried.insert(charset).inserted {
            switch icuDecode(bytes, charset: charset) {
            case .success(let scalars): return DecodedText(scalars: scalars, encoding: displayName(charset))
            case .failure(let offset): if firstFailure == nil { firstFailure = (displayName(charset), offset) }
            }
        }
        let (encoding, offset) = firstFailure ?? ("UTF-8", 0)
        throw .undecodable(encoding: encoding, byteOffset: offset)
    }

    /// Single-byte Western charsets decode any bytes at all, so they are believed only when
    /// ICU is fairly sure; Japanese and Unicode charsets are checked by decoding.
    static func isPlausible(_ charset: String, confidence: Int32) -> Bool {
        let japanese: Set<String> = ["windows-31j", "EUC-JP", "ISO-2022-JP", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "GB18030", "Big5", "EUC-KR"]
        return japanese.contains(charset) || confidence >= 60
    }

    static func displayName(_ charset: String) -> String {
        charset == "windows-31j" ? "Shift_JIS" : charset
    }

    static func looksLikeUTF16(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes.count % 2 == 0 && utf16Guess(bytes) != nil
    }

    /// UTF-16 without a BOM: read both ways, the right one gives ASCII, kana, kanji and
    /// full-width forms almost everywhere; a binary file gives that in neither.
    static func utf16Guess(_ bytes: [UInt8]) -> String? {
        guard bytes.count % 2 == 0, bytes.count >= 4 else { return nil }
        func plausible(_ unit: UInt16) -> Bool {
            switch unit {
            case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x3000...0x30FF, 0x4E00...0x9FFF, 0xFF00...0xFFEF, 0x2000...0x26FF: return true
            default: return false
            }
        }
        let pairs = min(bytes.count / 2, 4096)
        var little = 0, big = 0
        for i in 0..<pairs {
            let a = UInt16(bytes[2 * i]), b = UInt16(bytes[2 * i + 1])
            if plausible(a | b << 8) { little += 1 }
            if plausible(a << 8 | b) { big += 1 }
        }
        if little * 10 >= pairs * 9, little > big { return "UTF-16LE" }
        if big * 10 >= pairs * 9, big > little { return "UTF-16BE" }
        return nil
    }

    static func detectCharsets(_ bytes: [UInt8]) -> [(String, Int32)] {
        let max: Int32 = 16
        var names = [CChar](repeating: 0, count: Int(max) * 32)
        var confidences = [Int32](repeating: 0, count: Int(max))
        let count = bytes.withUnsafeBufferPointer { buffer in
            plancov_detect_charsets(buffer.baseAddress, Int32(buffer.count), &names, &confidences, max)
        }
        guard count > 0 else { return [] }
        return (0..<Int(count)).map { i in
            let name = names[(i * 32)..<(i * 32 + 32)].withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return (name, confidences[i])
        }
    }

    enum Outcome { case success([UInt32]), failure(Int) }

    static func icuDecode(_ bytes: [UInt8], charset: String) -> Outcome {
        if bytes.isEmpty { return .success([]) }
        let capacity = bytes.count + 16
        var units = [UInt16](repeating: 0, count: capacity)
        var errorOffset: Int32 = 0
        let written = bytes.withUnsafeBufferPointer { source in
            units.withUnsafeMutableBufferPointer { dest in
                plancov_decode(charset, source.baseAddress, Int32(source.count), dest.baseAddress, Int32(capacity), &errorOffset)
            }
        }
        guard written >= 0 else { return .failure(written == -2 ? Int(errorOffset) : 0) }
        return .success(scalars(fromUTF16: units[0..<Int(written)]))
    }

    static func scalars(fromUTF16 units: ArraySlice<UInt16>) -> [UInt32] {
        var result = [UInt32]()
        result.reserveCapacity(units.count)
        for scalar in Unicode.UTF16.decode(units) { result.append(scalar) }
        return result
    }

    /// Strict UTF-8 (no overlongs, no surrogates), straight into scalar values: faster than
    /// going through String, and it knows the byte offset of the first error. The output is
    /// written into uninitialized storage (never more scalars than bytes), with a fast path
    /// for ASCII.
    /// `vectorKernel: false` decodes as a processor without AVX2 does (for the tests).
    static func decodeUTF8(_ bytes: [UInt8], vectorKernel: Bool = hasVectorKernel) -> Outcome {
        var seen = UTF8Scan()
        return decodeUTF8(bytes, seen: &seen, vectorKernel: vectorKernel)
    }

    /// What the UTF-8 pass noticed on its way, so that no other pass over the bytes or the
    /// text is needed: an escape (ISO-2022-JP), any byte above ASCII, the first NUL (UTF-16 or
    /// binary), and the line index.
    struct UTF8Scan {
        var escape = false
        var nonASCII = false
        /// Index of the first NUL among the decoded scalars.
        var firstNUL: Int?
        /// Line and page starts (line breaks and form feeds are control characters, which the
        /// pass looks at anyway).
        var lineIndex: LineIndex? = nil
    }

    static func decodeUTF8(_ bytes: [UInt8], seen: inout UTF8Scan, vectorKernel: Bool = hasVectorKernel) -> Outcome {
        var failure: Int? = nil
        // Everything the loop notes lives in locals of the loop's own closure, handed out once
        // at the end: captured from outside (or through a local function), each access was
        // checked for exclusivity at run time, a fifth of the decoding.
        var noted = UTF8Scan()
        let result = [UInt32](unsafeUninitializedCapacity: bytes.count) { output, initialized in
            bytes.withUnsafeBufferPointer { b in
                var escape = false, nonASCII = false, firstNUL: Int? = nil
                var lineStarts = [0], pageStarts = [0], marks = [Int]()
                let count = b.count
                var i = 0, o = 0
                while i < count {
                    let b0 = b[i]
                    if b0 < 0x80 {
                        if b0 < 0x20 {
                            switch b0 {
                            case 0x0A:
                                // CR LF is one line break: the line starts after the LF.
                                if o > 0, output[o - 1] == 0x0D { lineStarts[lineStarts.count - 1] = o + 1 } else { lineStarts.append(o + 1) }
                            case 0x0D: lineStarts.append(o + 1)
                            case 0x0C: pageStarts.append(o + 1)
                            case 0x1B: escape = true
                            case 0: if firstNUL == nil { firstNUL = o }
                            default: break
                            }
                        } else if OutlineParser.mayStartDebris(UInt32(b0)) {
                            marks.append(o)      // a possible start of layout debris
                        }
                        output[o] = UInt32(b0); o += 1; i += 1; continue
                    }
                    nonASCII = true
                    // Three bytes (kana, kanji, full-width forms: most of a Japanese plan) come in
                    // runs. The vector kernel (AVX2) decodes them eight at a time and stops before
                    // anything else and before a "（"; without it, two characters per eight-byte
                    // load. Then one at a time: a "（" (marked), or the last few, the kernel
                    // taking the run on after each. Checked at once: lead and continuation bits,
                    // no overlong form, no surrogate. Anything else falls through to the general
                    // path below.
                    if b0 & 0xF0 == 0xE0 {
                        let base = UnsafeRawPointer(b.baseAddress!)
                        var j = i
                        while !vectorKernel, j + 8 <= count {
                            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: j, as: UInt64.self))
                            guard word & 0xC0C0F0_C0C0F0 == 0x8080E0_8080E0 else { break }
                            let first = TextDecoder.threeByteValue(word), second = TextDecoder.threeByteValue(word >> 24)
                            guard first >= 0x800, second >= 0x800, first & 0xF800 != 0xD800, second & 0xF800 != 0xD800 else { break }
                            // （ starts debris too.
                            if OutlineParser.mayStartDebris(first) || OutlineParser.mayStartDebris(second) {
                                if OutlineParser.mayStartDebris(first) { marks.append(o) }
                                if OutlineParser.mayStartDebris(second) { marks.append(o + 1) }
                            }
                            output[o] = first
                            output[o + 1] = second
                            o += 2
                            j += 6
                        }
                        while j + 4 <= count {
                            if vectorKernel {
                                let run = plancov_utf8_three_byte_run(b.baseAddress! + j, count - j, output.baseAddress! + o, output.count - o)
                                j += 3 * run
                                o += run
                                guard j + 4 <= count else { break }
                            }
                            let word = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: j, as: UInt32.self)))
                            guard word & 0xC0C0F0 == 0x8080E0 else { break }
                            let value = TextDecoder.threeByteValue(word)
                            guard value >= 0x800, value & 0xF800 != 0xD800 else { break }
                            if OutlineParser.mayStartDebris(value) { marks.append(o) }
                            output[o] = value
                            o += 1
                            j += 3
                        }
                        if j > i { i = j; continue }
                    }
                    var needed = 0, value: UInt32 = 0, minimum: UInt32 = 0
                    if b0 & 0xE0 == 0xC0 { needed = 1; value = UInt32(b0 & 0x1F); minimum = 0x80 }
                    else if b0 & 0xF0 == 0xE0 { needed = 2; value = UInt32(b0 & 0x0F); minimum = 0x800 }
                    else if b0 & 0xF8 == 0xF0 { needed = 3; value = UInt32(b0 & 0x07); minimum = 0x10000 }
                    else { failure = i; break }
                    guard i + needed < count else { failure = i; break }
                    var valid = true
                    for k in 1...needed {
                        let next = b[i + k]
                        if next & 0xC0 != 0x80 { valid = false; break }
                        value = value << 6 | UInt32(next & 0x3F)
                    }
                    if !valid || value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { failure = i; break }
                    // A three-byte sequence in the last three bytes comes here too.
                    if OutlineParser.mayStartDebris(value) { marks.append(o) }
                    output[o] = value
                    o += 1
                    i += needed + 1
                }
                initialized = o
                if lineStarts.count > 1, lineStarts.last == o { lineStarts.removeLast() }
                noted = UTF8Scan(escape: escape, nonASCII: nonASCII, firstNUL: firstNUL,
                                 lineIndex: LineIndex(lines: lineStarts, pages: pageStarts.count > 1 ? pageStarts : nil, debrisMarks: marks))
            }
        }
        seen = noted
        if let failure { return .failure(failure) }
        return .success(result)
    }

    /// Whether this processor runs the vector kernel (AVX2): asked once, not per run.
    static let hasVectorKernel = plancov_vector_width() > 0

    /// The scalar of the three-byte sequence in the low three bytes of `word` (little-endian:
    /// lead byte lowest), its bits already checked.
    @inline(__always)
    static func threeByteValue(_ word: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (word & 0x0F) << 12 | (word & 0x3F00) >> 2 | (word & 0x3F_0000) >> 16)
    }

    static func utf8Offset(ofScalar index: Int, in bytes: [UInt8]) -> Int {
        var scalar = 0
        for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
            if scalar == index { return offset }
            scalar += 1
        }
        return bytes.count
    }
}

extension Unicode.UTF16 {
    /// Decodes UTF-16 code units to scalar values; an unpaired surrogate becomes U+FFFD
    /// (ICU never produces one from a clean conversion).
    static func decode(_ units: ArraySlice<UInt16>) -> [UInt32] {
        var result = [UInt32]()
        result.reserveCapacity(units.count)
        var iterator = units.makeIterator()
        var decoder = Unicode.UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): result.append(scalar.value)
            case .emptyInput: break loop
            case .error: result.append(0xFFFD)
            }
        }
        return result
    }
}
