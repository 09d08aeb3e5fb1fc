import Foundation
import Testing
@testable import Ingest

/// The extraction cache: trusted only when whole, written atomically, bounded.
struct ExtractionCacheTests {
    func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-cache-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func sha256IsTheStandardOne() {
        #expect(ExtractionCache.hex(ExtractionCache.digest(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ExtractionCache.hex(ExtractionCache.digest([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(ExtractionCache.hex(ExtractionCache.digest(million)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func theKeyChangesWithTheBytesTheExtractorAndTheOptions() {
        let a = ExtractionCache.key(for: [1, 2, 3], extractor: "mutool 1.21", options: "x")
        #expect(a == ExtractionCache.key(for: [1, 2, 3], extractor: "mutool 1.21", options: "x"))
        #expect(a != ExtractionCache.key(for: [1, 2, 4], extractor: "mutool 1.21", options: "x"))
        #expect(a != ExtractionCache.key(for: [1, 2, 3], extractor: "mutool 1.23", options: "x"))
        #expect(a != ExtractionCache.key(for: [1, 2, 3], extractor: "mutool 1.21", options: "y"))
    }

    /// A PDF read twice gives the same document; the second time the entry is what is read:
    /// an entry planted under the file's key is what the reader returns.
    @Test func aWholeEntryIsUsedInsteadOfTheExtractor() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var reader = DocumentReader()
        reader.cache = ExtractionCache(directory: directory)
        let path = pdfFixture("double-spaced.pdf")
        let first = try reader.read(path: path)
        #expect(reader.cache!.usage().entries == 1)
        #expect(try reader.read(path: path).text == first.text)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let key = ExtractionCache.key(for: bytes, extractor: PDFExtractor.version(of: ExternalTool.locate("mutool", searchPath: nil)!),
                                      options: PDFExtractor.layoutVersion)
        let planted = PDFText(pages: [[PDFLine(text: Array("固定資産税".unicodeScalars.map(\.value)), box: PageBox(left: 1, top: 2, right: 3, bottom: 4), startsParagraph: true)]])
        reader.cache!.store(key, PDFTextCoding.encode(planted))
        let document = try reader.read(path: path)
        #expect(document.text == "固定資産税\n")
        #expect(document.lineBoxes == [PageBox(left: 1, top: 2, right: 3, bottom: 4)])
    }

    /// What a crash in the middle of a write would leave if entries were not renamed into
    /// place, or a disk error later: each is read again from the PDF and written again whole.
    @Test func aDamagedOrTruncatedEntryIsReExtractedNeverTrusted() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var reader = DocumentReader()
        reader.cache = ExtractionCache(directory: directory)
        let path = pdfFixture("double-spaced.pdf")
        let expected = try DocumentReader().read(path: path).text
        _ = try reader.read(path: path)
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first)
        let entry = "\(directory)/\(folder)/" + (try #require(try FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(folder)").first))
        let whole = try Data(contentsOf: URL(fileURLWithPath: entry))
        var flipped = whole
        flipped[whole.count / 2] ^= 0x01
        for damaged in [whole.prefix(whole.count / 2), whole.prefix(10), Data(), flipped, whole + Data([0])] {
            try damaged.write(to: URL(fileURLWithPath: entry))
            #expect(try reader.read(path: path).text == expected)
            #expect(try Data(contentsOf: URL(fileURLWithPath: entry)) == whole, "written again whole")
        }
    }

    @Test func writersAtOnceLeaveAWholeEntry() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ExtractionCache(directory: directory)
        let payload = [UInt8]((0..<200_000).map { UInt8($0 % 251) })
        let key = ExtractionCache.key(for: [9], extractor: "test", options: "")
        DispatchQueue.concurrentPerform(iterations: 16) { round in
            if round % 2 == 0 { cache.store(key, payload) } else if let read = cache.load(key) { #expect(read == payload) }
        }
        #expect(cache.load(key) == payload)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(key.prefix(2))") == [key], "no temporary file left")
    }

    @Test func pastItsSizeTheLeastRecentlyUsedEntriesGo() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var cache = ExtractionCache(directory: directory)
        let keys = (0..<4).map { ExtractionCache.key(for: [UInt8($0)], extractor: "test", options: "") }
        for (age, key) in keys.enumerated() {
            cache.store(key, [UInt8](repeating: 7, count: 1000))
            var times = [timeval(tv_sec: 1_000_000 + age * 100, tv_usec: 0), timeval(tv_sec: 1_000_000 + age * 100, tv_usec: 0)]
            _ = utimes(cache.path(key), &times)
        }
        _ = cache.load(keys[0])   // used now: the most recent
        // A temporary file an interrupted run left long ago.
        let stale = "\(directory)/\(keys[1].prefix(2))/.\(keys[1]).1.2.tmp"
        FileManager.default.createFile(atPath: stale, contents: Data([1]))
        var old = [timeval(tv_sec: 1_000_000, tv_usec: 0), timeval(tv_sec: 1_000_000, tv_usec: 0)]
        _ = utimes(stale, &old)
        let entry = cache.usage().bytes / 4
        cache.maxSize = entry * 2
        cache.trim()
        #expect(cache.load(keys[0]) != nil && cache.load(keys[3]) != nil)
        #expect(cache.load(keys[1]) == nil && cache.load(keys[2]) == nil)
        #expect(!FileManager.default.fileExists(atPath: stale))
        try cache.clear()
        #expect(cache.usage().entries == 0)
    }

    @Test func theDefaultFolderFollowsXDG() {
        #expect(ExtractionCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"]) == "/x/cache/plancov")
        #expect(ExtractionCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.cache/plancov")
        #expect(ExtractionCache.defaultDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.cache/plancov")
    }
}
