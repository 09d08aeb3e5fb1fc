import Foundation

/// `--format json`: the `plancov.coverage/1` contract of DESIGN.md.
///
/// Written by hand rather than with JSONEncoder: a national run has 130,000 cells, and the
/// encoder took longer than reading and tagging the plans; its key order also changed from
/// run to run. Keys come in contract order, every municipality, item, cell and error on one
/// line of its own, so the output is byte-identical for the same inputs, diffs well, and
/// still parses with any JSON reader.
enum JSONReport {
    static func render(_ matrix: CoverageMatrix) throws -> Data {
        var parts = [[UInt8]]()
        stream(matrix) { parts.append($0) }
        return join(parts)
    }

    /// The report in consecutive parts (head, chunks of cells, tail), each handed to `emit` as
    /// soon as it and those before it are rendered: cells are rendered in chunks on every core
    /// while the caller writes the finished ones, so writing a national report (40 MB, 400 MB
    /// with a catalog ten times larger) overlaps rendering it, and each chunk is freed once
    /// written instead of the whole report being joined in memory.
    static func stream(_ matrix: CoverageMatrix, _ emit: ([UInt8]) throws -> Void) rethrows {
        var head = JSONWriter(capacity: 1 << 16)
        head.raw("{\n  \"schema\": "); head.string(matrix.schema)
        head.raw(",\n  \"catalog\": {\"name\": "); head.string(matrix.catalog.name)
        head.raw(", \"version\": "); head.string(matrix.catalog.version); head.raw("}")
        head.lines("municipalities", matrix.municipalities) { out, m in
            out.raw("{\"code\": "); out.string(m.code)
            out.raw(", \"name\": "); out.string(m.name)
            out.raw(", \"prefecture\": "); out.optionalString(m.prefecture)
            out.raw(", \"documents\": "); out.strings(m.documents); out.raw("}")
        }
        head.lines("items", matrix.items) { out, item in
            out.raw("{\"id\": "); out.string(item.id)
            out.raw(", \"name\": "); out.string(item.name)
            out.raw(", \"category\": "); out.string(item.category)
            out.raw(", \"group\": "); out.string(item.group); out.raw("}")
        }
        head.raw(",\n  \"cells\": [")
        try emit(head.bytes)

        // Chunks of about 2,000 cells (under a megabyte), at most a few rendered ahead of the
        // writer: the same few buffers are reused by malloc instead of the whole report passing
        // through fresh pages (zeroing them was a fifth of the report's time).
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let chunkCount = matrix.cells.count < 4096 ? 1 : max(cores * 4, min(4096, matrix.cells.count / 2048))
        let chunkSize = (matrix.cells.count + chunkCount - 1) / max(chunkCount, 1)
        let chunks = ChunkBuffers(count: chunkCount, ahead: cores * 2 + 2)
        let keys = CellKeys(matrix)
        let rendering = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: rendering) {
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                chunks.waitForTurn(chunk)
                var part = JSONWriter(capacity: chunkSize * 400)
                let range = (chunk * chunkSize)..<min(matrix.cells.count, (chunk + 1) * chunkSize)
                // Cells and keys are read in place: copying each cell (three references
                // retained and released) was a tenth of a report with a large catalog.
                matrix.cells.withUnsafeBufferPointer { cells in
                    for index in range {
                        part.raw(index == 0 ? "\n    " : ",\n    ")
                        cell(cells[index], at: index, keys: keys, into: &part)
                    }
                }
                chunks.store(part.bytes, at: chunk)
            }
        }
        // Never return (even when `emit` throws) while the renderers still read the matrix;
        // when it throws, the renderers waiting for their turn go on (and their work is dropped).
        defer {
            chunks.stopWaiting()
            rendering.wait()
        }
        for chunk in 0..<chunkCount { try emit(chunks.take(chunk)) }

        var tail = JSONWriter(capacity: 1 << 12)
        tail.raw(matrix.cells.isEmpty ? "]" : "\n  ]")
        tail.lines("errors", matrix.errors) { out, error in
            out.raw("{\"document\": "); out.string(error.document)
            out.raw(", \"message\": "); out.string(error.message); out.raw("}")
        }
        tail.raw("\n}\n")
        try emit(tail.bytes)
    }

    /// The parts copied once into a buffer of the exact size, which the Data then owns:
    /// growing one array and copying it into a Data touched three times the report's size
    /// in fresh pages (40 MB for a national run).
    static func join(_ parts: [[UInt8]]) -> Data {
        let total = parts.reduce(0) { $0 + $1.count }
        guard total > 0, let buffer = malloc(total) else { return Data() }
        var offset = 0
        for part in parts {
            part.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { memcpy(buffer + offset, base, bytes.count) }
            }
            offset += part.count
        }
        return Data(bytesNoCopy: buffer, count: total, deallocator: .free)
    }

    /// Cell openings rendered once: the matrix holds every municipality × item in that order,
    /// so cell `i` opens with `rows[i / items]` (`{"municipality": "112275"`) followed by
    /// `columns[i % items]` (`, "item": "…"`). A national report repeats each of them
    /// thousands of times, and most cells are absent: those end with one constant tail.
    struct CellKeys: Sendable {
        let rows: [[UInt8]]
        let columns: [[UInt8]]
        let codes: [String]
        let ids: [String]

        init(_ matrix: CoverageMatrix) {
            func rendered(_ key: String, _ value: String, first: Bool) -> [UInt8] {
                var out = JSONWriter(capacity: 64)
                out.raw(first ? "{\"\(key)\": " : ", \"\(key)\": ")
                out.string(value)
                return out.bytes
            }
            rows = matrix.municipalities.map { rendered("municipality", $0.code, first: true) }
            columns = matrix.items.map { rendered("item", $0.id, first: false) }
            codes = matrix.municipalities.map(\.code)
            ids = matrix.items.map(\.id)
        }
    }

    static let absentTail = Array(", \"status\": \"absent\", \"evidence\": []}".utf8)

    static func cell(_ cell: CoverageMatrix.Cell, at index: Int, keys: CellKeys, into out: inout JSONWriter) {
        let (row, column) = keys.ids.isEmpty ? (0, 0) : index.quotientAndRemainder(dividingBy: keys.ids.count)
        let matches = keys.codes.withUnsafeBufferPointer { codes in
            keys.ids.withUnsafeBufferPointer { ids in
                row < codes.count && column < ids.count && codes[row] == cell.municipality && ids[column] == cell.item
            }
        }
        if matches {
            out.bytes.append(contentsOf: keys.rows[row])
            out.bytes.append(contentsOf: keys.columns[column])
        } else {
            out.raw("{\"municipality\": "); out.string(cell.municipality)
            out.raw(", \"item\": "); out.string(cell.item)
        }
        if cell.status == .absent, cell.evidence.isEmpty {
            out.bytes.append(contentsOf: absentTail)
            return
        }
        out.raw(", \"status\": "); out.string(cell.status.rawValue)
        out.raw(", \"evidence\": [")
        // Read in place: iterating the elements copied each evidence (seven references
        // retained and released).
        cell.evidence.withUnsafeBufferPointer { list in
            for e in list.indices {
                if e > 0 { out.raw(", ") }
                evidence(list[e], into: &out)
            }
        }
        out.raw("]}")
    }

    static func evidence(_ evidence: borrowing Evidence, into out: inout JSONWriter) {
        out.raw("{\"document\": "); out.string(evidence.document)
        out.raw(", \"line\": "); out.integer(evidence.line)
        out.raw(", \"page\": "); if let page = evidence.page { out.integer(page) } else { out.raw("null") }
        out.raw(", \"section\": "); out.strings(evidence.section)
        out.raw(", \"topics\": "); out.strings(evidence.topics)
        out.raw(", \"excerpt\": "); out.string(evidence.excerpt)
        out.raw(", \"matched\": "); out.string(evidence.matched)
        out.raw(", \"match\": "); out.string(evidence.match.rawValue)
        out.raw(", \"score\": "); out.score(evidence.score)
        if let alias = evidence.alias { out.raw(", \"alias\": "); out.string(alias) }
        if let location = evidence.location { out.raw(", \"location\": "); out.string(location) }
        out.raw("}")
    }

    /// Rendered chunks by index, filled from several threads and taken, in order, by the
    /// writer, which waits for each. A renderer waits before chunk `index` until the writer
    /// has taken all but `ahead` of the chunks before it, so memory holds a few chunks, not the
    /// report. (Renderers claim chunks in increasing order, and the chunk the writer waits
    /// for is always allowed, so nobody waits forever.)
    final class ChunkBuffers: @unchecked Sendable {
        private let condition = NSCondition()
        private var parts: [[UInt8]?]
        private var taken = 0
        private let ahead: Int
        init(count: Int, ahead: Int) {
            parts = Array(repeating: nil, count: count)
            self.ahead = max(1, ahead)
        }

        /// Lets every renderer go on: the writer takes no more chunks.
        func stopWaiting() {
            condition.lock(); defer { condition.unlock() }
            taken = parts.count
            condition.broadcast()
        }

        func waitForTurn(_ index: Int) {
            condition.lock(); defer { condition.unlock() }
            while index >= taken + ahead { condition.wait() }
        }

        func store(_ bytes: [UInt8], at index: Int) {
            condition.lock(); defer { condition.unlock() }
            parts[index] = bytes
            condition.broadcast()
        }

        func take(_ index: Int) -> [UInt8] {
            condition.lock(); defer { condition.unlock() }
            while parts[index] == nil { condition.wait() }
            defer {
                parts[index] = []
                taken = index + 1
                condition.broadcast()
            }
            return parts[index]!
        }
    }
}

/// The few JSON writing primitives the reports need, into one growing byte buffer.
struct JSONWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 1 << 20) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// `,\n  "key": [` then one element a line, written by `element`, then `]`.
    mutating func lines<T>(_ key: String, _ values: [T], _ element: (inout JSONWriter, T) -> Void) {
        raw(",\n  \"\(key)\": [")
        for (index, value) in values.enumerated() {
            raw(index == 0 ? "\n    " : ",\n    ")
            element(&self, value)
        }
        raw(values.isEmpty ? "]" : "\n  ]")
    }

    /// Decimal digits straight into the buffer (a String per number was most of the cost).
    mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { digits in
            repeat {
                digits[count] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0
            while count > 0 { count -= 1; bytes.append(digits[count]) }
        }
    }

    /// A score as Swift prints a Double (1.0, 0.917): the common 1.0 without formatting.
    mutating func score(_ value: Double) {
        if value == 1 { bytes.append(contentsOf: JSONWriter.one) } else { raw(String(value)) }
    }

    static let one = Array("1.0".utf8)

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    mutating func strings(_ values: [String]) {
        bytes.append(0x5B)
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(0x2C); bytes.append(0x20) }
            string(value)
        }
        bytes.append(0x5D)
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else
    /// as UTF-8 (Japanese stays readable), U+2028/U+2029 escaped for JavaScript's sake.
    mutating func string(_ value: String) {
        bytes.append(0x22)
        // A native string is read where it lies; only another kind is copied first.
        if value.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            var value = value
            value.withUTF8 { escaped($0) }
        }
        bytes.append(0x22)
    }

    /// Appends `buffer` escaped. Runs without anything to escape (nearly all of a report)
    /// are found eight bytes at a time and copied whole.
    private mutating func escaped(_ buffer: UnsafeBufferPointer<UInt8>) {
        let count = buffer.count
        var runStart = 0
        var i = 0
        while i < count {
            // Skip eight bytes at once when none is below 0x20, '"', '\\' or 0xE2 (the
            // lead byte of U+2028/U+2029).
            while i + 8 <= count {
                let word = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if JSONWriter.mayNeedEscaping(word) { break }
                i += 8
            }
            if i >= count { break }
            let byte = buffer[i]
            let isSeparator = byte == 0xE2 && i + 2 < count && buffer[i + 1] == 0x80 && (buffer[i + 2] == 0xA8 || buffer[i + 2] == 0xA9)
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C || isSeparator else { i += 1; continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<i]))
            switch byte {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0xE2: bytes.append(contentsOf: (buffer[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8); i += 2
            default:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(JSONWriter.hex[Int(byte >> 4)]); bytes.append(JSONWriter.hex[Int(byte & 0xF)])
            }
            i += 1
            runStart = i
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<count]))
    }

    /// Whether any byte of `word` is below 0x20 or is '"', '\\' or 0xE2 (it may be a false
    /// alarm, never a miss: the byte-by-byte test decides).
    @inline(__always)
    static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        let below20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below20 || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C)) || hasZero(word ^ (ones &* 0xE2))
    }

    static let hex = Array("0123456789abcdef".utf8)
}
