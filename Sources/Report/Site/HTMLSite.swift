import Compare
import Foundation
import JapanMap

/// `--out report.html` of a large batch: a site (see `Site`) instead of one page. A batch of
/// up to `singlePageLimit` municipalities keeps the one self-contained page of `HTMLReport`
/// (its matrix has a column per municipality, which stops being readable past that).
///
/// The site is written whole or not at all: every page goes into a temporary folder beside the
/// entry page (`.report.plancov-PID.tmp`), on every core; then the old folder, if any, is moved
/// aside, the new one renamed into place, the entry page renamed over the old one, and the old
/// folder deleted. All of it holds `TemporaryFiles`' lock, so SIGINT or SIGTERM either comes
/// before (the temporary folder is deleted, the old site stays) or after (the new site is
/// complete). A folder of that name that plancov did not write (it has no `.plancov-site` file)
/// is never replaced: the run stops with an error naming it.
public enum HTMLSite {
    /// Batches of more municipalities than this get a site; up to this, one page.
    public static let singlePageLimit = 20

    /// The file that marks a folder as a site plancov wrote (and may replace or delete).
    static let marker = ".plancov-site"

    /// Whether `matrix` written to `path` becomes a site: a large batch, to a regular file
    /// (a pipe or device gets the one page).
    public static func isSite(_ matrix: CoverageMatrix, path: String) -> Bool {
        guard matrix.municipalities.count > singlePageLimit else { return false }
        var info = stat()
        return stat(path, &info) != 0 || info.st_mode & S_IFMT == S_IFREG
    }

    /// The folder of the site whose entry page is `path`: `report.html` → `report`.
    public static func folder(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent(stem.isEmpty ? url.lastPathComponent + "-site" : stem).path
    }

    /// Writes the site of `matrix` with its entry page at `path`.
    public static func write(_ matrix: CoverageMatrix, to path: String) throws {
        let entryURL = URL(fileURLWithPath: path)
        let folderPath = folder(for: path)
        let folderName = URL(fileURLWithPath: folderPath).lastPathComponent
        let site = Site(matrix: matrix, entry: entryURL.lastPathComponent, folder: folderName)
        let directory = entryURL.deletingLastPathComponent().path
        let temporary = directory + "/.\(folderName).plancov-\(getpid()).tmp"
        let aside = directory + "/.\(folderName).plancov-\(getpid()).old"
        try checkReplaceable(folderPath)
        try TemporaryFiles.with(temporary) {
            try? FileManager.default.removeItem(atPath: temporary)
            try makeFolder(temporary)
            for sub in ["m", "i", "p"] { try makeFolder(temporary + "/" + sub) }
            let entryPage = try renderPages(site, into: temporary)
            try TemporaryFiles.with(aside) {
                let replacing = FileManager.default.fileExists(atPath: folderPath)
                if replacing { try rename(folderPath, aside) }
                do {
                    try rename(temporary, folderPath)
                } catch {
                    if replacing { try? rename(aside, folderPath) }
                    throw error
                }
                do {
                    try entryPage.finish { bytes in try writeAtomically(to: path) { write in try write(bytes) } }
                } catch {
                    // The entry page could not be written: the old site goes back as it was.
                    try? FileManager.default.removeItem(atPath: folderPath)
                    if replacing { try? rename(aside, folderPath) }
                    throw error
                }
                if replacing { removeOldSite(aside) }
            }
        }
    }

    /// After a single page is written to `path`: the site an earlier, larger run left beside it
    /// is deleted (only if plancov wrote it), so no stale pages remain.
    public static func removeStaleSite(besides path: String) {
        let folderPath = folder(for: path)
        guard FileManager.default.fileExists(atPath: folderPath + "/" + marker) else { return }
        try? FileManager.default.removeItem(atPath: folderPath)
    }

    // MARK: - Internals

    /// Deletes the site a run replaced, its files on every core: freeing 80 MB of pages is a
    /// sixth of the time a national site takes to write when done one file after another.
    /// Anything left over (a folder someone added to) goes the slow way.
    static func removeOldSite(_ folder: String) {
        var files = [String]()
        for sub in ["m", "i", "p"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + sub)) ?? []
            for name in names { files.append(folder + "/" + sub + "/" + name) }
        }
        let workers = ProcessInfo.processInfo.activeProcessorCount
        DispatchQueue.concurrentPerform(iterations: workers) { [files] worker in
            for k in stride(from: worker, to: files.count, by: workers) { unlink(files[k]) }
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    static func checkReplaceable(_ folderPath: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folderPath, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue, FileManager.default.fileExists(atPath: folderPath + "/" + marker) else {
            throw failure(folderPath, "exists and is not a site plancov wrote (it has no \(marker)); the site's pages go there, so move it away or choose another --out")
        }
    }

    /// Every page rendered on every core and written into its own file, but the entry page,
    /// which is rendered among them and handed back: it is written last, when the folder it
    /// links to is in place.
    static func renderPages(_ site: Site, into folder: String) throws -> HTMLWriter {
        let entry = HTMLWriter(capacity: 1 << 20)
        // The longest jobs first, so that no core is left with one at the end: parsing the
        // municipalities' map (1,741 shapes) for its page, and the entry page with the
        // prefectures' map.
        var jobs: [(String?, (HTMLWriter) -> Void)] = [
            ("map.html", { site.mapPage($0, try? JapanMap.municipalities()) }),
            (nil, { _ in site.entryPage(entry) }),
            ("municipalities.html", site.municipalitiesPage),
            ("items.html", site.itemsPage),
        ]
        for p in site.prefectures.prefectures.indices { jobs.append(("p/" + site.prefectureFile(p), { site.prefecturePage($0, p) })) }
        for (n, page) in site.municipalityPages.enumerated() { jobs.append(("m/" + page.file, { site.municipalityPage($0, n) })) }
        for i in site.matrix.items.indices { jobs.append(("i/" + site.itemFiles[i], { site.itemPage($0, i) })) }
        // Literals live as long as the program: their bytes are written where they lie.
        func bytes(_ text: StaticString) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount) }
        try writeFile(folder + "/site.css") { write in
            try write(bytes(HTMLReport.style))
            try write(bytes("\n"))
            try write(bytes(Site.style))
        }
        try writeFile(folder + "/site.js") { write in try write(bytes(Site.script)) }
        try writeFile(folder + "/" + marker) { write in
            try Array("plancov site: \(CoverageMatrix.schemaName)\n".utf8).withUnsafeBytes { try write($0) }
        }
        let failures = Failures()
        let sendableJobs = UncheckedJobs(jobs)
        // Pages are small and many: each worker takes the next one, renders it into the buffer
        // it keeps (a page of `m/` is up to a megabyte), and writes it out.
        let next = Counter()
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, jobs.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let page = HTMLWriter(capacity: 1 << 20)
            while let index = next.take(below: sendableJobs.jobs.count), !failures.any {
                let (name, render) = sendableJobs.jobs[index]
                page.reset()
                render(page)
                guard let name else { continue }
                do {
                    try page.finish { bytes in try writeFile(folder + "/" + name) { write in try write(bytes) } }
                } catch {
                    failures.record(error)
                }
            }
        }
        if let error = failures.first { throw error }
        return entry
    }

    /// A new file in the temporary folder (nobody else sees it until the folder is renamed).
    static func writeFile(_ path: String, _ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard file >= 0 else { throw failure(path, "cannot create: \(String(cString: strerror(errno)))") }
        defer { close(file) }
        try produce { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(file, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw failure(path, "cannot write: \(String(cString: strerror(errno)))") }
                offset += written
            }
        }
    }

    static func makeFolder(_ path: String) throws {
        guard mkdir(path, 0o777) == 0 else { throw failure(path, "cannot create the folder: \(String(cString: strerror(errno)))") }
    }

    static func rename(_ from: String, _ to: String) throws {
        guard Foundation.rename(from, to) == 0 else {
            throw failure(to, "cannot rename \(from) to it: \(String(cString: strerror(errno)))")
        }
    }

    static func failure(_ path: String, _ message: String) -> CocoaError {
        CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "\(path) \(message)"])
    }

    /// The jobs, shared read-only by the workers: a page's file (nil: the entry page, kept in
    /// memory) and what renders it.
    struct UncheckedJobs: @unchecked Sendable {
        let jobs: [(String?, (HTMLWriter) -> Void)]
        init(_ jobs: [(String?, (HTMLWriter) -> Void)]) { self.jobs = jobs }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take(below limit: Int) -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var errors = [Error]()
        var any: Bool { lock.lock(); defer { lock.unlock() }; return !errors.isEmpty }
        var first: Error? { lock.lock(); defer { lock.unlock() }; return errors.first }
        func record(_ error: Error) { lock.lock(); errors.append(error); lock.unlock() }
    }
}
