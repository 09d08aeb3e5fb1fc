import CSystem
import Foundation
import Testing
@testable import Ingest

/// Reads ask the kernel for the next files only once two files close together were found not
/// in memory; each file is asked for once.
struct PrefetcherTests {
    @Test func asksForNothingWhileEveryFileIsInMemory() {
        let prefetcher = Prefetcher(paths: (0..<100).map { "plan\($0).txt" }, window: 16)
        #expect(prefetcher.claim(after: 0).isEmpty)
        #expect(prefetcher.claim(after: 50).isEmpty)
        #expect(!prefetcher.isEnabled)
    }

    @Test func asksForTheNextWindowOnceTwoFilesWereNotInMemory() {
        let prefetcher = Prefetcher(paths: (0..<40).map { "plan\($0).txt" }, window: 16)
        prefetcher.noteUncached()
        prefetcher.noteUncached()
        #expect(prefetcher.claim(after: 3) == 4..<20)
        #expect(prefetcher.claim(after: 4) == 20..<21, "only the file not asked for yet")
        #expect(prefetcher.claim(after: 2).isEmpty, "a worker behind the others asks for nothing twice")
        #expect(prefetcher.claim(after: 30) == 31..<40, "never past the last file")
        #expect(prefetcher.claim(after: 39).isEmpty)
    }

    /// A file in memory can refuse a read that would not wait (a page locked a moment): one
    /// such file, or two far apart, must not turn prefetching on for every file after them.
    @Test func oneFileNotInMemoryIsNotEnough() {
        let prefetcher = Prefetcher(paths: (0..<400).map { "plan\($0).txt" }, window: 16)
        #expect(prefetcher.claim(after: 10).isEmpty)
        prefetcher.noteUncached()
        #expect(prefetcher.claim(after: 11).isEmpty && !prefetcher.isEnabled)
        #expect(prefetcher.claim(after: 300).isEmpty)
        prefetcher.noteUncached()
        #expect(!prefetcher.isEnabled, "290 files apart")
        #expect(prefetcher.claim(after: 310).isEmpty)
        prefetcher.noteUncached()
        #expect(prefetcher.isEnabled, "10 files after the last")
        #expect(prefetcher.claim(after: 311) == 312..<328)
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

    /// A file whose pages were dropped from memory is still read whole (from memory as far
    /// as it is there, then waiting for the disk). Where the kernel keeps the pages anyway, as
    /// tmpfs does, this reads a file in memory.
    @Test func aFileNotInMemoryIsReadWhole() throws {
        let text = String(repeating: "子育て関係15手続のオンライン化を進める。\n", count: 8_000)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-uncached-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(text.utf8).write(to: url)
        let fd = open(url.path, O_RDONLY)
        try #require(fd >= 0)
        fsync(fd)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
        close(fd)
        #expect(try DocumentReader().read(path: url.path).text == text)
    }

    /// Files whose first bytes are not in memory turn prefetching on, two of them close
    /// together; a file whose read stops part way (its start in memory, a later page not, or
    /// locked a moment) does not count. Every file is read whole either way. (The kernel's
    /// answers are made up here: on a fast disk it can read a dropped file during the very
    /// read that was not to wait, so a real dropped file may or may not be refused.)
    @Test(arguments: [(0, true), (4096, false)])
    func onlyFilesNotInMemoryAtTheirStartCount(refusedAt: Int, turnsOn: Bool) throws {
        let text = String(repeating: "介護保険に係る申請・届出のオンライン化。\n", count: 1_000)
        var urls = [URL]()
        defer { for url in urls { try? FileManager.default.removeItem(at: url) } }
        for _ in 0..<2 {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-refused-\(UUID().uuidString).txt")
            urls.append(url)
            try Data(text.utf8).write(to: url)
        }
        var reader = DocumentReader()
        let prefetcher = Prefetcher(paths: urls.map(\.path))
        reader.prefetcher = prefetcher
        // In memory up to `refusedAt`, then "would wait".
        reader.readIfCached = { fd, buffer, count in
            let offset = Int(lseek(fd, 0, SEEK_CUR))
            guard offset < refusedAt else { errno = EAGAIN; return -1 }
            return read(fd, buffer, min(count, refusedAt - offset))
        }
        for url in urls {
            #expect(try reader.read(path: url.path).text == text)
        }
        #expect(prefetcher.isEnabled == turnsOn)
    }
}
