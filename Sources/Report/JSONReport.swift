import Compare
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
            out.raw(", \"documents\": "); out.strings(m.documents)
            out.raw(", \"kana\": "); out.optionalString(m.kana)
            out.raw(", \"prefecture_code\": "); out.optionalString(m.prefectureCode)
            out.raw(", \"kind\": "); out.optionalString(m.kind)
            out.raw(", \"identified_by\": "); out.string(m.identifiedBy)
            out.raw(", \"identification\": [")
            for (index, identification) in m.identification.enumerated() {
                if index > 0 { out.raw(", ") }
                out.raw("{\"document\": "); out.string(identification.document)
                out.raw(", \"by\": "); out.string(identification.by)
                if let note = identification.note { out.raw(", \"note\": "); out.string(note) }
                out.raw("}")
            }
            out.raw("]")
            out.raw(", \"as_of\": "); out.optionalString(m.asOf)
            out.raw(", \"date\": "); out.optionalString(m.dateAsWritten)
            out.raw(", \"list_version\": "); out.optionalString(m.listVersion); out.raw("}")
        }
        head.lines("items", matrix.items) { out, item in
            out.raw("{\"id\": "); out.string(item.id)
            out.raw(", \"name\": "); out.string(item.name)
            out.raw(", \"category\": "); out.string(item.category)
            out.raw(", \"group\": "); out.string(item.group)
            if let source = item.source { out.raw(", \"source\": "); out.string(source) }
            if let since = item.since { out.raw(", \"since\": "); out.string(since) }
            out.raw("}")
        }
        head.lines("categories", matrix.categories) { out, category in
            out.raw("{\"id\": "); out.string(category.id)
            out.raw(", \"name\": "); out.string(category.name); out.raw("}")
        }
        head.lines("groups", matrix.groups) { out, group in
            out.raw("{\"name\": "); out.string(group.name)
            out.raw(", \"category\": "); out.string(group.category); out.raw("}")
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
        for (key, entries) in [("errors", matrix.errors), ("warnings", matrix.warnings)] {
            tail.lines(key, entries) { out, entry in
                out.raw("{\"document\": "); out.string(entry.document)
                out.raw(", \"message\": "); out.string(entry.message); out.raw("}")
            }
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
        if let box = evidence.bbox {
            out.raw(", \"bbox\": ")
            out.text("[\(points(box.left)), \(points(box.top)), \(points(box.right)), \(points(box.bottom))]")
        }
        if let ocr = evidence.ocr { out.raw(", \"ocr\": "); out.text(tenths(ocr)) }
        if let qualifier = evidence.qualifier { out.raw(", \"qualifier\": "); out.string(qualifier.rawValue) }
        out.raw("}")
    }

    /// A page coordinate in points, to a tenth (MuPDF gives whole points): `72`, `72.5`.
    static func points(_ value: Double) -> String { tenths(value) }

    /// A number to a tenth, without a trailing `.0`: `72`, `91.5`.
    static func tenths(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e12 else { return "0" }
        let whole = Int(tenths)
        return whole % 10 == 0 ? "\(whole / 10)" : "\(whole / 10).\(abs(whole % 10))"
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
