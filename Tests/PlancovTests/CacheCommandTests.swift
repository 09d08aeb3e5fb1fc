import Foundation
import Testing

/// The extraction cache through the binary: a re-run gives the same report, a run killed while
/// it writes the cache leaves nothing that changes the next report, `plancov cache` shows and
/// clears it.
struct CacheCommandTests {
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-cache-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The PDF fixtures, each copied under several names with a byte of its own appended
    /// after %%EOF (distinct files, distinct cache entries, the same text).
    func pdfFolder(_ root: URL, copies: Int) throws -> URL {
        let folder = root.appendingPathComponent("plans")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sources = ["double-spaced", "header-footer", "text-boxes", "two-columns", "vertical"]
        for copy in 0..<copies {
            for (index, name) in sources.enumerated() {
                var data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/pdf/\(name).pdf"))
                data.append(contentsOf: Array("\n% copy \(copy)\n".utf8))
                try data.write(to: folder.appendingPathComponent(String(format: "%05d%d_%@.pdf", 20000 + copy * 10 + index, 0, name)))
            }
        }
        return folder
    }

    @Test func aCachedRunWritesTheSameReportAndPlancovCacheShowsAndClearsIt() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try pdfFolder(root, copies: 2)
        let cache = root.appendingPathComponent("cache").path
        let clean = try plancov("compare", folder.path, "--format", "json", "--no-cache")
        let first = try plancov("compare", folder.path, "--format", "json", "--cache-dir", cache)
        let second = try plancov("compare", folder.path, "--format", "json", "--cache-dir", cache)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(first.stdout == clean.stdout && second.stdout == clean.stdout)
        let shown = try plancov("cache", "--cache-dir", cache)
        #expect(shown.status == 0)
        #expect(shown.text.hasPrefix("\(cache): 10 entries, "), "\(shown.text)")
        let cleared = try plancov("cache", "clear", "--cache-dir", cache)
        #expect(cleared.text.contains("cleared 10 entries"))
        #expect(try plancov("cache", "--cache-dir", cache).text.hasPrefix("\(cache): 0 entries, 0 bytes"))
    }

    /// SIGKILL at several moments of a run that fills the cache (whatever it was doing then),
    /// then a run on what it left: the report is the one of a clean cache.
    @Test func aRunKilledWhileItWritesTheCacheChangesNothing() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try pdfFolder(root, copies: 4)
        let clean = try plancov("compare", folder.path, "--format", "json", "--no-cache")
        for delay in [0.05, 0.15, 0.3] {
            let cache = root.appendingPathComponent("cache-\(delay)").path
            let process = Process()
            process.executableURL = try plancovBinary()
            process.arguments = ["compare", folder.path, "--format", "json", "--cache-dir", cache, "--out", root.appendingPathComponent("killed.json").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let again = try plancov("compare", folder.path, "--format", "json", "--cache-dir", cache)
            #expect(again.stdout == clean.stdout, "killed after \(delay) s")
        }
    }

    @Test func pdfEvidenceCarriesItsBoxInTheJSON() throws {
        let run = try plancov("compare", "Tests/Fixtures/pdf/double-spaced.pdf", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let report = try json(run.stdout)
        let cell = (report["cells"] as? [[String: Any]])?.first { $0["item"] as? String == "system.fixed-asset-tax" }
        let evidence = (cell?["evidence"] as? [[String: Any]])?.first
        let box = try #require(evidence?["bbox"] as? [Double])
        #expect(box.count == 4 && box[0] < box[2] && box[1] < box[3])
        #expect(evidence?["page"] as? Int == 1)
        // Text has no boxes: the key is absent, as `location` is.
        let text = try json(try plancov("compare", "corpus/plans/112275_asaka.txt", "--format", "json").stdout)
        let anyEvidence = (text["cells"] as? [[String: Any]])?.compactMap { ($0["evidence"] as? [[String: Any]])?.first }.first
        #expect(anyEvidence != nil && anyEvidence?["bbox"] == nil)
    }

    @Test func encryptedAndGarbledPDFsEachGetTheirMessageAndTheBatchGoesOn() throws {
        let run = try plancov("compare", "Tests/Fixtures/pdf/hostile", "Tests/Fixtures/pdf/double-spaced.pdf", "--format", "json")
        #expect(run.status == 2)
        #expect(run.stderr.contains("hostile/encrypted.pdf: is an encrypted PDF that needs a password to open"))
        #expect(run.stderr.contains("hostile/garbled.pdf: is a PDF whose text cannot be read: 100% of its characters"))
        #expect(cellStatus(try json(run.stdout), "double-spaced", "system.fixed-asset-tax") != nil)
    }
}
