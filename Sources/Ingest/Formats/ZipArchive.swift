import Foundation
import ZIPFoundation

/// A zip archive (DOCX, ODT, XLSX) opened for reading with limits checked first.
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

    let archive: Archive
    let limits: Limits
    /// Entry paths, for telling DOCX, ODT and XLSX apart.
    let paths: Set<String>

    init(_ bytes: [UInt8], limits: Limits = Limits()) throws(IngestError) {
        let archive: Archive
        do {
            archive = try ZipArchive.open(bytes)
        } catch let error as IngestError {
            throw error
        } catch Archive.ArchiveError.missingEndOfCentralDirectoryRecord {
            throw .brokenArchive("its end record is missing (a truncated download?)")
        } catch {
            throw .brokenArchive(ZipArchive.describe(error))
        }
        var count = 0
        var total: UInt64 = 0
        var paths = Set<String>()
        for entry in archive {
            count += 1
            guard count <= limits.maxEntries else {
                throw .zipBomb("more than \(limits.maxEntries) entries")
            }
            let size = entry.uncompressedSize
            total += size
            guard total <= limits.maxTotalSize else {
                throw .zipBomb("its entries would inflate to more than \(limits.maxTotalSize >> 20) MB")
            }
            let compressed = max(entry.compressedSize, 1)
            if size > limits.ratioFloor, size / compressed > limits.maxRatio {
                throw .zipBomb("\(entry.path) would inflate \(size / compressed) times (\(compressed) bytes to \(size)); "
                    + "no real document compresses more than \(limits.maxRatio) to 1")
            }
            paths.insert(entry.path)
        }
        guard count > 0 else { throw .brokenArchive("it has no entries (truncated or damaged)") }
        self.archive = archive
        self.limits = limits
        self.paths = paths
    }

    /// Opens `bytes` as an archive backed by an anonymous temporary file.
    ///
    /// Not `Archive(data:)`: ZIPFoundation's in-memory file traps (a negative read length in
    /// `MemoryFile.readData`) when a damaged central directory points past the end of the data,
    /// so one crafted .docx would kill the whole batch, and it leaks its buffer when opening
    /// fails (both found by `make fuzz`). A real file reads past its end as end of file.
    /// `tmpfile()` unlinks the file at once: nothing is left behind, even after a kill.
    static func open(_ bytes: [UInt8]) throws -> Archive {
        guard let file = tmpfile() else {
            throw IngestError.unreadable("no temporary file for the zip archive: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count, fflush(file) == 0 else {
            throw IngestError.unreadable("cannot write the zip archive to a temporary file: \(String(cString: strerror(errno)))")
        }
        // The archive opens its own handle on the same unlinked file, which lives until it closes.
        #if os(Linux)
        let path = "/proc/self/fd/\(fileno(file))"
        #else
        let path = "/dev/fd/\(fileno(file))"
        #endif
        return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    }

    /// What kind of office document the archive is, from its entries.
    func kind() -> DocumentFormat {
        if paths.contains("word/document.xml") { return .docx }
        if paths.contains("xl/workbook.xml") { return .xlsx }
        if paths.contains("mimetype"), let mimetype = try? read("mimetype"),
           String(decoding: mimetype, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument.text") {
            return .odt
        }
        return .zip
    }

    /// What an archive that is none of the three holds, for the refusal message.
    func otherKind() -> String {
        if paths.contains("ppt/presentation.xml") { return "a PowerPoint presentation (.pptx); save it as PDF first" }
        if paths.contains("mimetype"), let mimetype = try? read("mimetype") {
            let type = String(decoding: mimetype, as: UTF8.self)
            if type.contains("spreadsheet") { return "an OpenDocument spreadsheet (.ods); save it as XLSX first" }
            if type.contains("presentation") { return "an OpenDocument presentation (.odp); save it as PDF first" }
        }
        return "a zip archive of other files; unpack it and point plancov at the folder"
    }

    func contains(_ path: String) -> Bool { paths.contains(path) }

    /// The bytes of one entry, refused past the limits whatever its header claims.
    func read(_ path: String) throws(IngestError) -> [UInt8] {
        guard let entry = archive[path] else { throw .brokenArchive("\(path) is missing") }
        guard entry.uncompressedSize <= limits.maxEntrySize else {
            throw .zipBomb("\(path) would inflate to \(entry.uncompressedSize >> 20) MB")
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Int(min(entry.uncompressedSize, 64 << 20)))
        let cap = min(limits.maxEntrySize, max(entry.uncompressedSize, 1))
        var overflow = false
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                if UInt64(bytes.count + chunk.count) > cap {
                    overflow = true
                    throw Archive.ArchiveError.cancelledOperation
                }
                bytes.append(contentsOf: chunk)
            }
        } catch {
            if overflow { throw .zipBomb("\(path) inflates past the \(cap) bytes its header declares") }
            throw .brokenArchive("\(path) cannot be inflated: \(ZipArchive.describe(error))")
        }
        return bytes
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case Archive.ArchiveError.unreadableArchive: return "it cannot be read as a zip archive (truncated or damaged)"
        case Archive.ArchiveError.invalidCRC32: return "a checksum does not match (the file is damaged)"
        case Archive.ArchiveError.missingEndOfCentralDirectoryRecord: return "its end record is missing (a truncated download?)"
        case Archive.ArchiveError.invalidCentralDirectoryOffset, Archive.ArchiveError.invalidCentralDirectorySize,
             Archive.ArchiveError.invalidCentralDirectoryEntryCount:
            return "its central directory is damaged"
        default: return "\(error)"
        }
    }
}
