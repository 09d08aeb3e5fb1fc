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
        var parts = [JSONWriter.Part]()
        stream(matrix) { parts.append($0) }
        return join(parts)
    }

    /// The report in consecutive parts (head, chunks of cells, tail), each handed to `emit` as
    /// soon as it and those before it are rendered: cells are rendered in chunks on every core
    /// while the caller writes the finished ones, so writing a national report (40 MB, 160 MB
    /// with a catalog ten times larger) overlaps rendering it, and each chunk is freed once
    /// written instead of the whole report being joined in memory.
    static func stream(_ matrix: CoverageMatrix, _ emit: (JSONWriter.Part) throws -> Void) rethrows {
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
        try emit(head.finish())

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
                // Cells and keys are read in place (see `cell` and `CellKeys`).
                keys.withRenderer { keys in
                    matrix.cells.withUnsafeBufferPointer { cells in
                        for index in range {
                            if index == 0 { part.raw("\n    ") } else { part.raw(",\n    ") }
                            cell(cells.baseAddress! + index, at: index, keys: keys, into: &part)
                        }
                    }
                }
                chunks.store(part.finish(), at: chunk)
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
        if matrix.cells.isEmpty { tail.raw("]") } else { tail.raw("\n  ]") }
        tail.lines("errors", matrix.errors) { out, error in
            out.raw("{\"document\": "); out.string(error.document)
            out.raw(", \"message\": "); out.string(error.message); out.raw("}")
        }
        tail.raw("\n}\n")
        try emit(tail.finish())
    }

    /// The parts copied once into a buffer of the exact size, which the Data then owns:
    /// growing one array and copying it into a Data touched three times the report's size
    /// in fresh pages (40 MB for a national run).
    static func join(_ parts: [JSONWriter.Part]) -> Data {
        let total = parts.reduce(0) { $0 + $1.bytes.count }
        guard total > 0, let buffer = malloc(total) else { return Data() }
        var offset = 0
        for part in parts {
            if let base = part.bytes.baseAddress { memcpy(buffer + offset, base, part.bytes.count) }
            offset += part.bytes.count
        }
        return Data(bytesNoCopy: buffer, count: total, deallocator: .free)
    }

    /// Cell openings rendered once: the matrix holds every municipality × item in that order,
    /// so cell `i` opens with row `i / items` (`{"municipality": "112275"`) followed by column
    /// `i % items` (`, "item": "…"`). A national report repeats each of them thousands of
    /// times, and most cells are absent: those end with one constant tail.
    ///
    /// All of it lives in one byte buffer that a renderer reads through a single pointer: a
    /// separate array or string per key was retained and released for every cell, from every
    /// thread at once, and with a large catalog that contended counting was a third of the
    /// report's time.
    struct CellKeys: Sendable {
        /// Per row and per column: the rendered opening, then the raw key it was made from
        /// (to check that a cell is where the order says it is).
        private var bytes: [UInt8] = []
        private var rows: [(opening: Range<Int>, key: Range<Int>)] = []
        private var columns: [(opening: Range<Int>, key: Range<Int>)] = []
        private var absent: Range<Int> = 0..<0

        init(_ matrix: CoverageMatrix) {
            func add(_ name: String, _ value: String, first: Bool) -> (Range<Int>, Range<Int>) {
                var out = JSONWriter(capacity: 64)
                out.text(first ? "{\"\(name)\": " : ", \"\(name)\": ")
                out.string(value)
                let rendered = out.finish()
                let opening = bytes.count..<(bytes.count + rendered.bytes.count)
                withExtendedLifetime(rendered) { bytes += rendered.bytes }
                let key = bytes.count..<(bytes.count + value.utf8.count)
                bytes += value.utf8
                return (opening, key)
            }
            rows = matrix.municipalities.map { add("municipality", $0.code, first: true) }
            columns = matrix.items.map { add("item", $0.id, first: false) }
            absent = bytes.count..<(bytes.count + JSONReport.absentTail.count)
            bytes += JSONReport.absentTail
        }

        /// Calls `body` with a renderer of cells by index, valid inside `body` only.
        func withRenderer<R>(_ body: (Renderer) throws -> R) rethrows -> R {
            try bytes.withUnsafeBufferPointer { flat in
                try rows.withUnsafeBufferPointer { rows in
                    try columns.withUnsafeBufferPointer { columns in
                        try body(Renderer(flat: flat, rows: rows, columns: columns,
                                          absentTail: UnsafeBufferPointer(rebasing: flat[absent])))
                    }
                }
            }
        }

        struct Renderer {
            let flat: UnsafeBufferPointer<UInt8>
            let rows: UnsafeBufferPointer<(opening: Range<Int>, key: Range<Int>)>
            let columns: UnsafeBufferPointer<(opening: Range<Int>, key: Range<Int>)>
            /// `, "status": "absent", "evidence": []}`
            let absentTail: UnsafeBufferPointer<UInt8>

            /// Appends cell `index`'s opening when `cell` holds the keys its place implies
            /// (always, for a matrix `CoverageBuilder` made); false, and nothing appended,
            /// otherwise.
            func appendOpening(of cell: UnsafePointer<CoverageMatrix.Cell>, at index: Int, into out: inout JSONWriter) -> Bool {
                guard !columns.isEmpty else { return false }
                let (row, column) = index.quotientAndRemainder(dividingBy: columns.count)
                guard row < rows.count, equal(cell.pointee.municipality, rows[row].key), equal(cell.pointee.item, columns[column].key) else { return false }
                out.append(UnsafeBufferPointer(rebasing: flat[rows[row].opening]))
                out.append(UnsafeBufferPointer(rebasing: flat[columns[column].opening]))
                return true
            }

            @inline(__always)
            private func equal(_ value: borrowing String, _ key: Range<Int>) -> Bool {
                let same = value.utf8.withContiguousStorageIfAvailable { utf8 in
                    utf8.count == key.count && (key.isEmpty || memcmp(utf8.baseAddress!, flat.baseAddress! + key.lowerBound, key.count) == 0)
                }
                return same ?? value.utf8.elementsEqual(flat[key])
            }
        }
    }

    static let absentTail = Array(", \"status\": \"absent\", \"evidence\": []}".utf8)

    /// The cell is read through a pointer, in place: taken as a value it was copied (three
    /// references retained and released per cell, from every rendering thread).
    static func cell(_ cell: UnsafePointer<CoverageMatrix.Cell>, at index: Int, keys: CellKeys.Renderer, into out: inout JSONWriter) {
        if !keys.appendOpening(of: cell, at: index, into: &out) {
            out.raw("{\"municipality\": "); out.string(cell.pointee.municipality)
            out.raw(", \"item\": "); out.string(cell.pointee.item)
        }
        if cell.pointee.status == .absent, cell.pointee.evidence.isEmpty {
            out.append(keys.absentTail)
            return
        }
        out.raw(", \"status\": "); out.string(cell.pointee.status.rawValue)
        out.raw(", \"evidence\": [")
        // The call still copies each evidence (its seven references retained and released):
        // reading it through a pointer instead retains each field around its write, no fewer.
        cell.pointee.evidence.withUnsafeBufferPointer { list in
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
        private var parts: [JSONWriter.Part?]
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

        func store(_ part: JSONWriter.Part, at index: Int) {
            condition.lock(); defer { condition.unlock() }
            parts[index] = part
            condition.broadcast()
        }

        func take(_ index: Int) -> JSONWriter.Part {
            condition.lock(); defer { condition.unlock() }
            while parts[index] == nil { condition.wait() }
            defer {
                parts[index] = JSONWriter.Part.empty
                taken = index + 1
                condition.broadcast()
            }
            return parts[index]!
        }
    }
}

/// The few JSON writing primitives the reports need, into one growing byte buffer.
///
/// The buffer is its own, not an Array: a report is millions of small appends, and each
/// `Array.append(contentsOf:)` checked uniqueness and capacity through the generic path
/// (a fifth of the report's time, with the retains around it). A finished writer hands its
/// bytes over as a `Part` without copying them.
struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 20) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Rendered bytes, owned until the last reference goes.
    final class Part: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
        fileprivate init(_ base: UnsafeMutablePointer<UInt8>?, count: Int) {
            bytes = UnsafeRawBufferPointer(start: base, count: count)
        }
        deinit { bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() } }
        static let empty = Part(nil, count: 0)
    }

    /// A copy of the bytes written so far (for tests; rendering hands them over with `finish`).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes written, handed over.
    consuming func finish() -> Part {
        let part = Part(base, count: count)
        discard self
        return part
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress else { return }
        reserve(buffer.count)
        (base + count).update(from: source, count: buffer.count)
        count += buffer.count
    }

    /// Appends a literal as it is.
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    /// Appends `text` as it is (built at run time; a literal goes through `raw`).
    mutating func text(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// `,\n  "key": [` then one element a line, written by `element`, then `]`.
    mutating func lines<T>(_ key: String, _ values: [T], _ element: (inout JSONWriter, T) -> Void) {
        text(",\n  \"\(key)\": [")
        for (index, value) in values.enumerated() {
            if index == 0 { raw("\n    ") } else { raw(",\n    ") }
            element(&self, value)
        }
        if values.isEmpty { raw("]") } else { raw("\n  ]") }
    }

    /// Decimal digits straight into the buffer (a String per number was most of the cost).
    mutating func integer(_ value: Int) {
        if value < 0 { append(0x2D) }
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
            while count > 0 { count -= 1; append(digits[count]) }
        }
    }

    /// A score as Swift prints a Double (1.0, 0.917): the common 1.0 without formatting.
    mutating func score(_ value: Double) {
        if value == 1 { raw("1.0") } else { text(String(value)) }
    }

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    mutating func strings(_ values: [String]) {
        append(0x5B)
        for (index, value) in values.enumerated() {
            if index > 0 { raw(", ") }
            string(value)
        }
        append(0x5D)
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else
    /// as UTF-8 (Japanese stays readable), U+2028/U+2029 escaped for JavaScript's sake.
    mutating func string(_ value: String) {
        append(0x22)
        // A native string is read where it lies; only another kind is copied first.
        if value.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            var value = value
            value.withUTF8 { escaped($0) }
        }
        append(0x22)
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
            append(UnsafeBufferPointer(rebasing: buffer[runStart..<i]))
            switch byte {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0xE2: if buffer[i + 2] == 0xA8 { raw("\\u2028") } else { raw("\\u2029") }; i += 2
            default:
                raw("\\u00")
                append(JSONWriter.hex[Int(byte >> 4)]); append(JSONWriter.hex[Int(byte & 0xF)])
            }
            i += 1
            runStart = i
        }
        append(UnsafeBufferPointer(rebasing: buffer[runStart..<count]))
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
