import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation
@testable import Compare
@testable import Report

/// Reports are written to a temporary file renamed over the old one; large ones ask the
/// kernel to start writing back as they go (so that the rename does not wait on it).
struct AtomicWriteTests {
    @Test func aLargeStreamedReportReplacesTheOldOneByteForByte() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-atomic-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("coverage.json").path
        try "old report".write(toFile: path, atomically: false, encoding: .utf8)
        // Nine parts of a megabyte, each a different byte: past two writeback requests.
        let parts = (0..<9).map { [UInt8](repeating: UInt8(0x41 + $0), count: 1 << 20) }
        try writeAtomically(to: path) { write in
            for part in parts { try part.withUnsafeBytes { try write($0) } }
        }
        var expected = Data()
        for part in parts { part.withUnsafeBytes { expected.append(contentsOf: $0) } }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["coverage.json"], "no temporary file left")
    }
}
