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
}
