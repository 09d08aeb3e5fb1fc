import Foundation
import Testing

/// The stage benchmark (`make bench-stages`), run once over the bundled plans: it is not
/// timed here (figures belong to `bench.py`), only checked to work.
struct StageBenchTests {
    func stagesBinary() throws -> URL {
        let binary = try plancovBinary().deletingLastPathComponent().appendingPathComponent("plancov-stages")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "plancov-stages is built with the tests")
        return binary
    }

    @Test func everyStageIsTimedOnTheBundledPlans() throws {
        let result = try run(try stagesBinary(), ["corpus/plans", "--repeat", "1", "--rounds", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.text.split(separator: "\n")
        #expect(lines.first?.hasPrefix("plancov-stages: 5 plans") == true, "\(result.text)")
        let stages = lines.dropFirst()
        for stage in ["decode", "ingest", "normalize", "match", "evidence", "batch", "report"] {
            #expect(stages.contains { $0.hasPrefix(stage) && $0.contains("ns/scalar") }, "\(stage) in \(result.text)")
        }
        #expect(stages.count == 7)
    }

    @Test func onlyTheStagesAskedForAndClearErrors() throws {
        let only = try run(try stagesBinary(), ["corpus/plans", "--repeat", "1", "--rounds", "1", "--only", "normalize"])
        #expect(only.status == 0)
        #expect(only.text.split(separator: "\n").dropFirst().map { $0.prefix(9) } == ["normalize"])
        let empty = try temporaryDirectory("stages-empty")
        defer { try? FileManager.default.removeItem(at: empty) }
        let none = try run(try stagesBinary(), [empty.path])
        #expect(none.status != 0 && none.stderr.contains("no plans in"), "\(none.stderr)")
        let unknown = try run(try stagesBinary(), ["corpus/plans", "--only", "nothing"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no stage matches nothing"), "\(unknown.stderr)")
    }
}
