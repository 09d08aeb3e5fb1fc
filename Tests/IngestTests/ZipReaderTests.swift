import Foundation
import Testing
import ZIPFoundation
@testable import Ingest

/// plancov's own zip reader (Ingest/Formats/ZipArchive.swift): it reads what a zip writer
/// (ZIPFoundation here) writes, and every kind of damage ends in an error naming the entry.
struct ZipReaderTests {
    let text = String(repeating: "住民基本台帳、戸籍、児童手当の認定請求。", count: 200)

    @Test(arguments: [false, true])
    func readsWhatAZipWriterWrote(stored: Bool) throws {
        let archive = try ZipArchive(try zip([("a.txt", text), ("dir/b.xml", "<b/>")], method: stored ? .none : .deflate))
        #expect(Set(archive.entries.keys) == ["a.txt", "dir/b.xml"])
        #expect(try archive.read("a.txt") == Array(text.utf8))
        #expect(try archive.read("dir/b.xml") == Array("<b/>".utf8))
    }

    @Test func aDeflateStreamCutShortIsAnErrorNotALoop() throws {
        // The odt fuzz target's find: ZIPFoundation inflated this entry forever.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: repositoryRoot.appendingPathComponent("Tests/Fixtures/hostile/deflate-past-end.odt").path)))
        #expect(throws: IngestError.brokenArchive("content.xml cannot be inflated: its compressed data ends early (a truncated download?)")) {
            _ = try ZipArchive(bytes).read("content.xml")
        }
    }

    @Test func aChangedByteFailsTheChecksum() throws {
        var bytes = try zip([("a.txt", text)], method: .none)
        let at = try #require(bytes.firstIndex(of: Array("戸".utf8)[0]))
        bytes[at + 1] ^= 1
        #expect(throws: IngestError.brokenArchive("a.txt: a checksum does not match (the file is damaged)")) {
            _ = try ZipArchive(bytes).read("a.txt")
        }
    }

    @Test func damagedDeflateDataSaysSo() throws {
        var bytes = try zip([("a.txt", text)])
        bytes[30 + 5] = 0xFF  // the first bytes of the stream, after the header and "a.txt"
        do {
            _ = try ZipArchive(bytes).read("a.txt")
            Issue.record("read a damaged entry")
        } catch .brokenArchive(let reason) {
            #expect(reason.hasPrefix("a.txt cannot be inflated: ") || reason.hasPrefix("a.txt: a checksum"), "\(reason)")
        } catch {
            Issue.record("not a damaged archive: \(error)")
        }
    }

    @Test func aRecordPointingPastTheEndIsDamaged() throws {
        var bytes = try zip([("a.txt", text)])
        let record = try #require(find([0x50, 0x4B, 0x01, 0x02], in: bytes))
        bytes.replaceSubrange(record + 42..<record + 46, with: [0xF0, 0xFF, 0xFF, 0x00])
        #expect(throws: IngestError.brokenArchive("a.txt has no local header where its record points (the archive is damaged)")) {
            _ = try ZipArchive(bytes).read("a.txt")
        }
        #expect(throws: IngestError.brokenArchive("its end record is missing (a truncated download?)")) {
            _ = try ZipArchive(Array(bytes[..<record]))
        }
    }

    @Test func zip64RecordsAreRead() throws {
        let archive = try ZipArchive(zip64Stored(path: "word/document.xml", content: Array(text.utf8)))
        #expect(Set(archive.entries.keys) == ["word/document.xml"])
        #expect(try archive.read("word/document.xml") == Array(text.utf8))
    }

    func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        (0...(bytes.count - needle.count)).first { Array(bytes[$0..<$0 + needle.count]) == needle }
    }

    /// A one-entry stored archive in the ZIP64 layout: saturated sizes and offsets in the
    /// classic fields, the real ones in the 0x0001 extra field and the ZIP64 end record.
    func zip64Stored(path: String, content: [UInt8]) -> [UInt8] {
        func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        let name = Array(path.utf8), crc = crc32(content)
        let extra = le(UInt16(1)) + le(UInt16(24)) + le(UInt64(content.count)) + le(UInt64(content.count)) + le(UInt64(0))
        let local = le(UInt32(0x0403_4B50)) + le(UInt16(45)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt32(0)) + le(crc)
            + le(UInt32.max) + le(UInt32.max) + le(UInt16(name.count)) + le(UInt16(20))
            + name + le(UInt16(1)) + le(UInt16(16)) + le(UInt64(content.count)) + le(UInt64(content.count)) + content
        let central = le(UInt32(0x0201_4B50)) + le(UInt16(45)) + le(UInt16(45)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt32(0))
            + le(crc) + le(UInt32.max) + le(UInt32.max) + le(UInt16(name.count)) + le(UInt16(extra.count)) + le(UInt16(0))
            + le(UInt16(0)) + le(UInt16(0)) + le(UInt32(0)) + le(UInt32.max) + name + extra
        let end64 = le(UInt32(0x0606_4B50)) + le(UInt64(44)) + le(UInt16(45)) + le(UInt16(45)) + le(UInt32(0)) + le(UInt32(0))
            + le(UInt64(1)) + le(UInt64(1)) + le(UInt64(central.count)) + le(UInt64(local.count))
        let locator = le(UInt32(0x0706_4B50)) + le(UInt32(0)) + le(UInt64(local.count + central.count)) + le(UInt32(1))
        let end = le(UInt32(0x0605_4B50)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16.max) + le(UInt16.max)
            + le(UInt32.max) + le(UInt32.max) + le(UInt16(0))
        return local + central + end64 + locator + end
    }

    func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
