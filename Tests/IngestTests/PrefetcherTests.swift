import CSystem
import Foundation
import Testing
@testable import Ingest

/// Reads ask the kernel for the next files only once a file was found not in memory; each
/// file is asked for once.
struct PrefetcherTests {
    @Test func asksForNothingWhileEveryFileIsInMemory() {
        let prefetcher = Prefetcher(paths: (0..<100).map { "plan\($0).txt" }, window: 16)
        #expect(prefetcher.claim(after: 0).isEmpty)
        #expect(prefetcher.claim(after: 50).isEmpty)
        #expect(!prefetcher.isEnabled)
    }

    @Test func asksForTheNextWindowOnceAFileWasNotInMemory() {
        let prefetcher = Prefetcher(paths: (0..<40).map { "plan\($0).txt" }, window: 16)
        prefetcher.noteUncached()
        #expect(prefetcher.claim(after: 3) == 4..<20)
        #expect(prefetcher.claim(after: 4) == 20..<21, "only the file not asked for yet")
        #expect(prefetcher.claim(after: 2).isEmpty, "a worker behind the others asks for nothing twice")
        #expect(prefetcher.claim(after: 30) == 31..<40, "never past the last file")
        #expect(prefetcher.claim(after: 39).isEmpty)
    }

    /// A file written a moment ago is in memory: the cached read gives all of it.
    @Test func aCachedReadGivesAFileInMemory() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-cached-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = Array(String(repeating: "手続のオンライン化\n", count: 500).utf8)
        try Data(text).write(to: url)
        let fd = open(url.path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: text.count + 1)
        let n = buffer.withUnsafeMutableBytes { plancov_read_if_cached(fd, $0.baseAddress!, UInt($0.count)) }
        #expect(n == text.count || (n < 0 && errno != EAGAIN), "all of it, or a kernel that cannot tell (errno \(errno))")
        if n == text.count { #expect(Array(buffer.prefix(n)) == text) }
    }

    /// A file whose pages were dropped from memory is still read whole, and the reader tells
    /// its prefetcher. (Where the kernel keeps the pages anyway, as tmpfs does, only the
    /// reading it whole can be checked.)
    @Test func aFileNotInMemoryIsReadWholeAndTurnsPrefetchingOn() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-uncached-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = String(repeating: "子育て関係15手続のオンライン化を進める。\n", count: 2_000)
        try Data(text.utf8).write(to: url)
        let fd = open(url.path, O_RDONLY)
        try #require(fd >= 0)
        fsync(fd)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
        var probe = [UInt8](repeating: 0, count: 1)
        let dropped = probe.withUnsafeMutableBytes { plancov_read_if_cached(fd, $0.baseAddress!, 1) } < 0 && errno == EAGAIN
        close(fd)
        var reader = DocumentReader()
        let prefetcher = Prefetcher(paths: [url.path])
        reader.prefetcher = prefetcher
        let document = try reader.read(path: url.path)
        #expect(document.text == text)
        #expect(prefetcher.isEnabled == dropped)
    }
}
