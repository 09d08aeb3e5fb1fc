/// Reads what `mutool convert -F stext.json` writes: pages of blocks of lines, each line with its
/// writing mode, box, font and text. Only those fields are kept; everything else is skipped.
///
/// A byte-level reader rather than a JSON tree: a 24-page plan gives a few hundred KB, and the
/// whole PDF path is meant to cost less than `pdftotext` alone. Anything that is not the JSON
/// it expects (output cut short, nesting deeper than MuPDF writes) is an error, never a crash.
struct MuPDFJSON {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The fragments of each page.
    /// The fragments of each page, from `mutool convert -F stext.json` (an array of pages) or
    /// `mutool draw -F stext.json` (an object whose `pages` is that array).
    static func pages(_ bytes: [UInt8]) throws(Malformed) -> [[PDFFragment]] {
        var reader = MuPDFJSON(bytes)
        var pages = [[PDFFragment]]()
        func readPages(_ reader: inout MuPDFJSON) throws(Malformed) {
            try reader.array { (reader: inout MuPDFJSON) throws(Malformed) in
                var fragments = [PDFFragment]()
                var block = 0
                try reader.object { (reader: inout MuPDFJSON, key: Key) throws(Malformed) in
                    guard key == "blocks" else { try reader.skip(); return }
                    try reader.array { (reader: inout MuPDFJSON) throws(Malformed) in
                        try reader.block(number: block, into: &fragments)
                        block += 1
                    }
                }
                pages.append(fragments)
            }
        }
        if reader.peek() == 0x5B {
            try readPages(&reader)
        } else {
            try reader.object { (reader: inout MuPDFJSON, key: Key) throws(Malformed) in
                if key == "pages" { try readPages(&reader) } else { try reader.skip() }
            }
        }
        guard reader.peek() == nil else { throw Malformed() }
        return pages
    }

    private mutating func block(number: Int, into fragments: inout [PDFFragment]) throws(Malformed) {
        var isText = true
        var lines = [PDFFragment]()
        try object { (reader: inout MuPDFJSON, key: Key) throws(Malformed) in
            switch key {
            case _ where key == "type": isText = try reader.string() == [0x74, 0x65, 0x78, 0x74]
            case _ where key == "lines":
                try reader.array { (reader: inout MuPDFJSON) throws(Malformed) in
                    var line = PDFFragment(text: [], box: PageBox(left: 0, top: 0, right: 0, bottom: 0), size: 0, vertical: false, block: number)
                    try reader.object { (reader: inout MuPDFJSON, key: Key) throws(Malformed) in
                        switch key {
                        case _ where key == "wmode": line.vertical = try reader.number() == 1
                        case _ where key == "bbox": line.box = try reader.box()
                        case _ where key == "text": line.text = try reader.string()
                        case _ where key == "font":
                            try reader.object { (reader: inout MuPDFJSON, key: Key) throws(Malformed) in
                                if key == "size" { line.size = try reader.number() } else { try reader.skip() }
                            }
                        default: try reader.skip()
                        }
                    }
                    lines.append(line)
                }
            default: try reader.skip()
            }
        }
        if isText { fragments += lines }
    }

    private mutating func box() throws(Malformed) -> PageBox {
        var x = 0.0, y = 0.0, w = 0.0, h = 0.0
        try object { (reader: inout MuPDFJSON, key: Key) throws(Malformed) in
            switch key {
            case _ where key == "x": x = try reader.number()
            case _ where key == "y": y = try reader.number()
            case _ where key == "w": w = try reader.number()
            case _ where key == "h": h = try reader.number()
            default: try reader.skip()
            }
        }
        return PageBox(left: x, top: y, right: x + w, bottom: y + h)
    }

    // MARK: - JSON

    private mutating func whitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(Malformed) {
        whitespace()
        guard index < bytes.count, bytes[index] == byte else { throw Malformed() }
        index += 1
    }

    private mutating func peek() -> UInt8? {
        whitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func nest() throws(Malformed) {
        depth += 1
        if depth > 64 { throw Malformed() }
    }

    /// Calls `member` with each key of an object, the reader at its value.
    private mutating func object(_ member: (inout MuPDFJSON, Key) throws(Malformed) -> Void) throws(Malformed) {
        try expect(0x7B)
        try nest()
        defer { depth -= 1 }
        if peek() == 0x7D { index += 1; return }
        while true {
            let key = try rawString()
            try expect(0x3A)
            try member(&self, Key(bytes: bytes, range: key))
            guard let next = peek() else { throw Malformed() }
            index += 1
            if next == 0x7D { return }
            guard next == 0x2C else { throw Malformed() }
        }
    }

    /// Calls `element` once per element of an array, the reader at it.
    private mutating func array(_ element: (inout MuPDFJSON) throws(Malformed) -> Void) throws(Malformed) {
        try expect(0x5B)
        try nest()
        defer { depth -= 1 }
        if peek() == 0x5D { index += 1; return }
        while true {
            try element(&self)
            guard let next = peek() else { throw Malformed() }
            index += 1
            if next == 0x5D { return }
            guard next == 0x2C else { throw Malformed() }
        }
    }

    private mutating func number() throws(Malformed) -> Double {
        whitespace()
        let start = index
        var negative = false
        if index < bytes.count, bytes[index] == 0x2D { negative = true; index += 1 }
        var value = 0.0, digits = 0
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { value = value * 10 + Double(bytes[index] - 0x30); index += 1; digits += 1 }
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            var scale = 0.1
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { value += Double(bytes[index] - 0x30) * scale; scale /= 10; index += 1; digits += 1 }
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            // An exponent: rare enough for the library's parser.
            index += 1
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) || bytes[index] == 0x2D || bytes[index] == 0x2B { index += 1 }
            guard let parsed = Double(String(decoding: bytes[start..<index], as: UTF8.self)), parsed.isFinite else { throw Malformed() }
            return parsed
        }
        guard digits > 0, value.isFinite else { throw Malformed() }
        return negative ? -value : value
    }

    /// An object's key, compared where it lies (no array made for each of a page's thousands).
    struct Key {
        let bytes: [UInt8]
        let range: Range<Int>
        static func == (key: Key, literal: StaticString) -> Bool {
            guard key.range.count == literal.utf8CodeUnitCount else { return false }
            return literal.withUTF8Buffer { literal in
                var index = key.range.lowerBound
                for byte in literal {
                    if key.bytes[index] != byte { return false }
                    index += 1
                }
                return true
            }
        }
    }

    /// Where a string's bytes lie, as written (keys: MuPDF writes them plainly).
    private mutating func rawString() throws(Malformed) -> Range<Int> {
        try expect(0x22)
        let start = index
        while index < bytes.count, bytes[index] != 0x22 {
            if bytes[index] == 0x5C { index += 1 }
            index += 1
        }
        guard index < bytes.count else { throw Malformed() }
        defer { index += 1 }
        return start..<index
    }

    /// A string value as Unicode scalars, escapes decoded (lone surrogates become U+FFFD).
    private mutating func string() throws(Malformed) -> [UInt32] {
        try expect(0x22)
        var scalars = [UInt32]()
        var run = index
        func flush(_ end: Int) {
            guard end > run else { return }
            // UTF-8 straight to scalars; anything malformed becomes U+FFFD.
            var k = run
            while k < end {
                let lead = UInt32(bytes[k])
                let length = lead < 0x80 ? 1 : lead >> 5 == 0x6 ? 2 : lead >> 4 == 0xE ? 3 : lead >> 3 == 0x1E ? 4 : 0
                guard length > 0, k + length <= end else { scalars.append(0xFFFD); k += 1; continue }
                var value = length == 1 ? lead : lead & (0xFF >> (length + 1))
                var valid = true
                for offset in 1..<length {
                    let next = UInt32(bytes[k + offset])
                    if next & 0xC0 != 0x80 { valid = false; break }
                    value = value << 6 | (next & 0x3F)
                }
                let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : length == 4 ? 0x10000 : 0
                if !valid || value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) {
                    scalars.append(0xFFFD); k += 1; continue
                }
                scalars.append(value)
                k += length
            }
        }
        while true {
            guard index < bytes.count else { throw Malformed() }
            let byte = bytes[index]
            if byte == 0x22 { flush(index); index += 1; return scalars }
            if byte != 0x5C { index += 1; continue }
            flush(index)
            guard index + 1 < bytes.count else { throw Malformed() }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case 0x6E: scalars.append(0x0A)
            case 0x74: scalars.append(0x09)
            case 0x72: scalars.append(0x0D)
            case 0x62: scalars.append(0x08)
            case 0x66: scalars.append(0x0C)
            case 0x75:
                var value = try hex4()
                if (0xD800...0xDBFF).contains(value), index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 {
                    index += 2
                    let low = try hex4()
                    value = (0xDC00...0xDFFF).contains(low) ? 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                }
                scalars.append((0xD800...0xDFFF).contains(value) ? 0xFFFD : value)
            default: scalars.append(UInt32(escape))
            }
            run = index
        }
    }

    private mutating func hex4() throws(Malformed) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Malformed() }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw Malformed()
            }
            value = value << 4 | digit
        }
        index += 4
        return value
    }

    /// Skips any value.
    private mutating func skip() throws(Malformed) {
        switch peek() {
        case 0x7B?: try object { (reader: inout MuPDFJSON, _: Key) throws(Malformed) in try reader.skip() }
        case 0x5B?: try array { (reader: inout MuPDFJSON) throws(Malformed) in try reader.skip() }
        case 0x22?: _ = try rawString()
        case nil: throw Malformed()
        default:
            let start = index
            while index < bytes.count, ![0x2C, 0x7D, 0x5D, 0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
            guard index > start else { throw Malformed() }
        }
    }
}
