import Foundation
import Testing

/// Issue 8: an interrupted run leaves no partial report and no temporary file behind.
struct InterruptTests {
    /// 500 copies of the corpus plans: several seconds of work for a debug build.
    static func largeCorpus() throws -> URL {
        let directory = try temporaryDirectory("large-corpus")
        let plans = repositoryRoot.appendingPathComponent("corpus/plans")
        for copy in 1...100 {
            for name in try FileManager.default.contentsOfDirectory(atPath: plans.path) {
                try FileManager.default.copyItem(at: plans.appendingPathComponent(name),
                                                 to: directory.appendingPathComponent(String(format: "%03d-%@", copy, name)))
            }
        }
        return directory
    }

    /// plancov run with `arguments`, sent `signal` 0.8 s in (while it still works), and waited for.
    static func interrupted(_ arguments: [String], by signal: Int32, environment: [String: String] = [:],
                            stderr: FileHandle = .nullDevice) throws -> Process {
        let process = Process()
        process.executableURL = try plancovBinary()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CACHE_HOME": testCacheHome]) { _, new in new }
            .merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        try process.run()
        usleep(800_000)
        #expect(process.isRunning, "the corpus is too small: plancov finished before the signal")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func aSignalLeavesNoReportAndNoTemporaryFile(_ signal: Int32, _ expectedStatus: Int32) throws {
        let corpus = try InterruptTests.largeCorpus()
        let output = try temporaryDirectory("interrupted-output")
        defer {
            try? FileManager.default.removeItem(at: corpus)
            try? FileManager.default.removeItem(at: output)
        }
        let errURL = output.deletingLastPathComponent().appendingPathComponent(output.lastPathComponent + ".stderr")
        defer { try? FileManager.default.removeItem(at: errURL) }
        try Data().write(to: errURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = try InterruptTests.interrupted(["compare", corpus.path, "--out", output.appendingPathComponent("coverage.json").path,
                                                      "--out", output.appendingPathComponent("coverage.xlsx").path],
                                                     by: signal, stderr: err)
        try err.close()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == expectedStatus)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == [], "no report, no .plancov-PID.tmp")
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        #expect(stderr.contains("plancov: interrupted (\(signal == SIGINT ? "SIGINT" : "SIGTERM"))"), "\(stderr)")
    }

    /// Reading PDFs, each worker holds a private copy of one in the temporary folder for
    /// mutool: an interrupted run deletes those too (they stayed, one per worker, copies of the
    /// user's files, until `ScratchFolders`).
    @Test func anInterruptedPDFRunLeavesNoCopyInTheTemporaryFolder() throws {
        let corpus = try temporaryDirectory("interrupted-pdfs")
        let scratch = try temporaryDirectory("interrupted-tmpdir")
        defer {
            try? FileManager.default.removeItem(at: corpus)
            try? FileManager.default.removeItem(at: scratch)
        }
        // 200 different files (a comment after %%EOF), so none is read from another's cache.
        let pdf = try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/pdf/bench-24-pages.pdf"))
        for n in 0..<200 { try (pdf + Data("%\(n)\n".utf8)).write(to: corpus.appendingPathComponent("plan-\(n).pdf")) }
        let process = try InterruptTests.interrupted(["compare", corpus.path, "--format", "json", "--no-cache"], by: SIGINT,
                                                     environment: ["TMPDIR": scratch.path])
        #expect(process.terminationStatus == 130)
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasPrefix("plancov-") }
        #expect(left == [], "copies of the plans left in TMPDIR")
    }
}
