import Foundation
import Testing

/// End-to-end: the built `plancov` binary run as a user runs it, on the bundled corpus.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct Run {
    let status: Int32
    let stdout: Data
    let stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

func plancovBinary() throws -> URL {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL,
        Bundle.main.bundleURL.deletingLastPathComponent(),
    ].map { $0.appendingPathComponent("plancov") }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "plancov binary not found next to the tests: \(candidates)"])
    }
    return found
}

func plancov(_ arguments: String..., in directory: URL = repositoryRoot, environment: [String: String] = [:]) throws -> Run {
    try run(try plancovBinary(), arguments, in: directory, environment: environment)
}

/// The `XDG_CACHE_HOME` of every binary the tests run: one folder per test process, deleted
/// when it ends (each run of the tests left one in /tmp).
let testCacheHome: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-tests-cache-\(getpid())").path
    atexit { try? FileManager.default.removeItem(atPath: testCacheHome) }
    return path
}()

/// Runs `executable` and collects its exit status and output.
func run(_ executable: URL, _ arguments: [String], in directory: URL = repositoryRoot, environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    // PDF extractions are cached in a folder of this test run, never in the user's own cache.
    process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CACHE_HOME": testCacheHome]) { _, new in new }
        .merging(environment) { _, new in new }
    // Output goes to files, not pipes: a large report can never block the child.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    let stdout = try Data(contentsOf: outURL), stderr = try Data(contentsOf: errURL)
    return Run(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
}

func temporaryDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-\(name)-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func json(_ data: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

func cellStatus(_ report: [String: Any], _ municipality: String, _ item: String) -> String? {
    (report["cells"] as? [[String: Any]])?.first { $0["municipality"] as? String == municipality && $0["item"] as? String == item }?["status"] as? String
}
