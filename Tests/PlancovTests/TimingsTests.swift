import Foundation
import Testing

struct TimingsTests {
    @Test func timingsPrintEveryStageWithoutChangingTheReport() throws {
        let plain = try plancov("compare", "--format", "json")
        let timed = try plancov("compare", "--format", "json", "--timings")
        #expect(timed.status == 0)
        #expect(timed.stdout == plain.stdout, "timing the stages changes nothing in the report")
        let stages = timed.stderr.split(separator: "\n").filter { $0.hasPrefix("plancov: timing ") }
        #expect(stages.count == 8)
        for stage in ["read, decode, outline (wall)", "normalize", "identity", "exact match", "fuzzy pass", "evidence and status", "matrix (wall)", "report writing (wall)"] {
            #expect(stages.contains { $0.contains(stage) }, "\(stage)")
        }
        #expect(!plain.stderr.contains("plancov: timing"))
    }

    /// Each report written to a file gets its own wall time, so that formats of one run can be
    /// compared (the HTML site against the JSON); without --timings the line has none.
    @Test func timingsGiveEachWrittenReportItsTime() throws {
        let folder = try temporaryDirectory("timings-out")
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("r.json").path, html = folder.appendingPathComponent("r.html").path
        let timed = try plancov("compare", "--out", json, "--out", html, "--timings")
        #expect(timed.status == 0)
        let wrote = timed.stderr.split(separator: "\n").filter { $0.hasPrefix("plancov: wrote ") }
        #expect(wrote.count == 2)
        for (line, (path, format)) in zip(wrote, [(json, "json"), (html, "html")]) {
            #expect(line.hasPrefix("plancov: wrote \(path) (\(format), ") && line.hasSuffix(" s)"), "\(line)")
        }
        let plain = try plancov("compare", "--out", json)
        #expect(plain.stderr.contains("plancov: wrote \(json) (json)\n"))
    }
}
