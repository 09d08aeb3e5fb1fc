import CInflate

/// A zip archive (DOCX, ODT, XLSX) read from memory, with limits checked before and while
/// anything is inflated.
///
/// plancov reads zip archives itself (the central directory, then zlib's raw inflate) instead of
/// through ZIPFoundation, because the archives come from the web and every step must stop on a
/// damaged one: ZIPFoundation trapped on a central directory pointing past the end of the data
/// and looped forever on a deflate stream cut short (both found by `make fuzz`). Here every
/// offset is checked against the bytes, and the inflate loop ends on each call that makes no
/// progress, so a damaged archive is an error, never a hang.
///
/// Before any entry is inflated, the central directory is checked: the number of entries, the
/// total uncompressed size it declares, and each entry's compression ratio. Real office files
/// hold a few dozen entries, a few MB of XML, and compress 5–30 to 1; a zip bomb needs millions
/// of entries or ratios in the hundreds. Inflating is capped again by the bytes actually
/// produced, so an archive that lies about its sizes stops at the same limits.
struct ZipArchive {
    struct Limits: Sendable {
        /// More entries than any office document has (a DOCX has about 15, an XLSX one per sheet).
        var maxEntries = 10_000
        /// Total uncompressed bytes of the whole archive.
        var maxTotalSize: UInt64 = 512 << 20
        /// Uncompressed bytes of one entry plancov reads.
        var maxEntrySize: UInt64 = 256 << 20
        /// Compression ratio above which an entry larger than `ratioFloor` is refused.
        var maxRatio: UInt64 = 200
        var ratioFloor: UInt64 = 1 << 20
    }

    /// One central directory record: where an entry's data is and what it should inflate to.
    struct Entry {
        var path: String
        var flags: UInt16
        var method: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    let bytes: [UInt8]
    let limits: Limits
    /// Entries by path (what tells DOCX, ODT and XLSX apart); the first of two records with one
    /// name wins, as in other zip readers.
    let entries: [String: Entry]

    init(_ bytes: [UInt8], limits: Limits = Limits()) throws(IngestError) {
        let end = try ZipArchive.endOfCentralDirectory(bytes)
        guard end.entryCount <= UInt64(limits.maxEntries) else {
            throw .zipBomb("more than \(limits.maxEntries) entries")
        }
        var entries = [String: Entry]()
        var total: UInt64 = 0
        var offset = end.directoryOffset
        for _ in 0..<end.entryCount {
            let entry = try ZipArchive.centralRecord(bytes, at: &offset)
            total += entry.uncompressedSize
            guard total <= limits.maxTotalSize else {
                throw .zipBomb("its entries would inflate to more than \(limits.maxTotalSize >> 20) MB")
            }
            let compressed = max(entry.compressedSize, 1)
            if entry.uncompressedSize > limits.ratioFloor, entry.uncompressedSize / compressed > limits.maxRatio {
                throw .zipBomb("\(entry.path) would inflate \(entry.uncompressedSize / compressed) times "
                    + "(\(compressed) bytes to \(entry.uncompressedSize)); no real document compresses more than \(limits.maxRatio) to 1")
            }
            if entries[entry.path] == nil { entries[entry.path] = entry }
        }
        guard !entries.isEmpty else { throw .brokenArchive("it has no entries (truncated or damaged)") }
        self.bytes = bytes
        self.limits = limits
        self.entries = entries
    }

    /// What kind of office document the archive is, from its entries.
    func kind() -> DocumentFormat {
        if contains("word/document.xml") { return .docx }
        if contains("xl/workbook.xml") { return .xlsx }
        if contains("mimetype"), let mimetype = try? read("mimetype"),
           String(decoding: mimetype, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument.text") {
            return .odt
        }
        return .zip
    }

    /// What an archive that is none of the three holds, for the refusal message.
    func otherKind() -> String {
        if contains("ppt/presentation.xml") { return "a PowerPoint presentation (.pptx); save it as PDF first" }
        if contains("mimetype"), let mimetype = try? read("mimetype") {
            let type = String(decoding: mimetype, as: UTF8.self)
            if type.contains("spreadsheet") { return "an OpenDocument spreadsheet (.ods); save it as XLSX first" }
            if type.contains("presentation") { return "an OpenDocument presentation (.odp); save it as PDF first" }
        }
        return "a zip archive of other files; unpack it and point plancov at the folder"
    }

    func contains(_ path: String) -> Bool { entries[path] != nil }

    /// The bytes of one entry, refused past the limits whatever its header claims, and checked
    /// against the CRC-32 its record holds.
    func read(_ path: String) throws(IngestError) -> [UInt8] {
        guard let entry = entries[path] else { throw .brokenArchive("\(path) is missing") }
        guard entry.uncompressedSize <= limits.maxEntrySize else {
            throw .zipBomb("\(path) would inflate to \(entry.uncompressedSize >> 20) MB")
        }
        guard entry.flags & 1 == 0 else { throw .brokenArchive("\(path) is encrypted") }
        let data = try dataRange(of: entry)
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard UInt64(data.count) == entry.uncompressedSize else {
                throw .brokenArchive("\(path) is stored with \(data.count) bytes but its record says \(entry.uncompressedSize)")
            }
            output = Array(bytes[data])
        case 8:
            output = try inflate(data, entry: entry)
        default:
            throw .brokenArchive("\(path) uses compression method \(entry.method); plancov reads stored and deflated entries only")
        }
        let checksum = output.withUnsafeBufferPointer { buffer in
            UInt32(CInflate.crc32(0, buffer.baseAddress, UInt32(buffer.count)))
        }
        guard checksum == entry.crc32 else {
            throw .brokenArchive("\(path): a checksum does not match (the file is damaged)")
        }
        return output
    }

    /// Where an entry's compressed bytes lie: after its local header, whose name and extra
    /// field lengths may differ from the central record's.
    private func dataRange(of entry: Entry) throws(IngestError) -> Range<Int> {
        let header = entry.localHeaderOffset
        guard header <= UInt64(bytes.count), ZipArchive.uint32(bytes, Int(header)) == 0x0403_4B50,
              let nameLength = ZipArchive.uint16(bytes, Int(header) + 26),
              let extraLength = ZipArchive.uint16(bytes, Int(header) + 28) else {
            throw .brokenArchive("\(entry.path) has no local header where its record points (the archive is damaged)")
        }
        let start = header + 30 + UInt64(nameLength) + UInt64(extraLength)
        let (end, overflow) = start.addingReportingOverflow(entry.compressedSize)
        guard !overflow, end <= UInt64(bytes.count) else {
            throw .brokenArchive("\(entry.path) runs past the end of the file (a truncated download?)")
        }
        return Int(start)..<Int(end)
    }

    /// zlib's raw inflate over `data`, into a buffer that grows up to the cap. Each call of
    /// `inflate` either consumes input, produces output, or ends the loop, so it terminates.
    private func inflate(_ data: Range<Int>, entry: Entry) throws(IngestError) -> [UInt8] {
        let cap = min(limits.maxEntrySize, max(entry.uncompressedSize, 1))
        // One byte past the cap, so that an entry longer than it declares is caught.
        var output = [UInt8](repeating: 0, count: Int(min(max(entry.uncompressedSize, 4096), cap)) + 1)
        var produced = 0
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .brokenArchive("\(entry.path) cannot be inflated: zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var status = Z_OK
        var consumed = 0
        bytes.withUnsafeBufferPointer { input in
            while true {
                if produced == output.count {
                    if UInt64(produced) > cap { return }
                    output.append(contentsOf: repeatElement(0, count: min(output.count, Int(cap) + 1 - output.count)))
                }
                let available = min(data.count - consumed, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + data.lowerBound + consumed)
                stream.avail_in = UInt32(available)
                let room = output.count - produced
                output.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress! + produced
                    stream.avail_out = UInt32(min(room, Int(UInt32.max)))
                    status = CInflate.inflate(&stream, Z_NO_FLUSH)
                }
                let read = available - Int(stream.avail_in), written = min(room, Int(UInt32.max)) - Int(stream.avail_out)
                consumed += read
                produced += written
                if status != Z_OK || (read == 0 && written == 0) { return }
            }
        }
        if UInt64(produced) > cap {
            throw .zipBomb("\(entry.path) inflates past the \(cap) bytes its header declares")
        }
        switch status {
        case Z_STREAM_END:
            break
        case Z_OK, Z_BUF_ERROR:
            throw .brokenArchive("\(entry.path) cannot be inflated: its compressed data ends early (a truncated download?)")
        default:
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw .brokenArchive("\(entry.path) cannot be inflated: \(reason) (the file is damaged)")
        }
        guard UInt64(produced) == entry.uncompressedSize else {
            throw .brokenArchive("\(entry.path) inflates to \(produced) bytes but its record says \(entry.uncompressedSize)")
        }
        output.removeSubrange(produced...)
        return output
    }

    // MARK: The central directory

    /// Where the central directory is and how many records it holds, from the end record (and
    /// the ZIP64 end record when the classic fields are saturated).
    private static func endOfCentralDirectory(_ bytes: [UInt8]) throws(IngestError) -> (entryCount: UInt64, directoryOffset: Int) {
        // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
        let last = bytes.count - 22
        var found: Int?
        if last >= 0 {
            for start in stride(from: last, through: max(0, last - 65_535), by: -1) where uint32(bytes, start) == 0x0605_4B50 {
                found = start
                break
            }
        }
        guard let end = found, let count16 = uint16(bytes, end + 10), let offset32 = uint32(bytes, end + 16) else {
            throw .brokenArchive("its end record is missing (a truncated download?)")
        }
        var count = UInt64(count16), offset = UInt64(offset32)
        if count16 == 0xFFFF || offset32 == 0xFFFF_FFFF, end >= 20, uint32(bytes, end - 20) == 0x0706_4B50,
           let record = uint64(bytes, end - 12), record < UInt64(bytes.count), uint32(bytes, Int(record)) == 0x0606_4B50,
           let count64 = uint64(bytes, Int(record) + 32), let offset64 = uint64(bytes, Int(record) + 48) {
            count = count64
            offset = offset64
        }
        guard offset <= UInt64(bytes.count) else {
            throw .brokenArchive("its central directory lies past the end of the file (a truncated download?)")
        }
        return (count, Int(offset))
    }

    /// The central directory record at `offset`, which moves past it.
    private static func centralRecord(_ bytes: [UInt8], at offset: inout Int) throws(IngestError) -> Entry {
        let start = offset
        guard uint32(bytes, start) == 0x0201_4B50,
              let flags = uint16(bytes, start + 8), let method = uint16(bytes, start + 10),
              let crc = uint32(bytes, start + 16), let compressed32 = uint32(bytes, start + 20),
              let uncompressed32 = uint32(bytes, start + 24), let nameLength = uint16(bytes, start + 28),
              let extraLength = uint16(bytes, start + 30), let commentLength = uint16(bytes, start + 32),
              let header32 = uint32(bytes, start + 42) else {
            throw .brokenArchive("its central directory is damaged")
        }
        let name = start + 46, extra = name + Int(nameLength), next = extra + Int(extraLength) + Int(commentLength)
        guard next <= bytes.count else { throw .brokenArchive("its central directory is damaged") }
        var entry = Entry(path: String(decoding: bytes[name..<extra], as: UTF8.self), flags: flags, method: method,
                          crc32: crc, compressedSize: UInt64(compressed32), uncompressedSize: UInt64(uncompressed32),
                          localHeaderOffset: UInt64(header32))
        // ZIP64: the saturated fields follow in the 0x0001 extra field, in this order.
        var field = extra
        while field + 4 <= extra + Int(extraLength), let tag = uint16(bytes, field), let size = uint16(bytes, field + 2) {
            if tag == 0x0001 {
                var value = field + 4
                func next64() -> UInt64? {
                    guard value + 8 <= field + 4 + Int(size), let read = uint64(bytes, value) else { return nil }
                    value += 8
                    return read
                }
                if uncompressed32 == 0xFFFF_FFFF, let size = next64() { entry.uncompressedSize = size }
                if compressed32 == 0xFFFF_FFFF, let size = next64() { entry.compressedSize = size }
                if header32 == 0xFFFF_FFFF, let position = next64() { entry.localHeaderOffset = position }
            }
            field += 4 + Int(size)
        }
        offset = next
        return entry
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16? {
        guard at >= 0, at + 2 <= bytes.count else { return nil }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32? {
        guard at >= 0, at + 4 <= bytes.count else { return nil }
        return (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
    }

    private static func uint64(_ bytes: [UInt8], _ at: Int) -> UInt64? {
        guard at >= 0, at + 8 <= bytes.count else { return nil }
        return (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * $1) }
    }
}
