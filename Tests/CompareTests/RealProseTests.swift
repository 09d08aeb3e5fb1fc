import Batch
import Foundation
import Testing
@testable import Compare

/// Real municipal prose no one on this project wrote: two publications of 南国市 (a policy
/// speech and a report to the council, double-spaced PDFs) in `../shared/real` beside the
/// repository, read where they are and never copied into it. Skipped when they are absent
/// (or `pdftotext` is), as on any machine but the project's own.
struct RealProseTests {
    static let folder = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/real")
    static let available = FileManager.default.fileExists(atPath: folder.appendingPathComponent("392049_nankoku_shisei_hoshin_425_R0402.pdf").path)
        && ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext", "/bin/pdftotext"].contains { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: RealProseTests.available, "needs ../shared/real and pdftotext"))
    func namesInOrdinaryProseAreFoundAndCompoundsAreNot() throws {
        let files = ["392049_nankoku_shisei_hoshin_425_R0402.pdf", "392049_nankoku_shisei_hokoku_426_R0406.pdf"]
        let result = try CoverageBatch(catalog: { try Catalog.bundled() }).run(paths: files.map { Self.folder.appendingPathComponent($0).path })
        let matrix = result.matrix
        let row = try #require(matrix.municipalities.firstIndex { $0.code == "392049" })
        var found = [String: [String]]()
        for (index, item) in matrix.items.enumerated() {
            let evidence = matrix.cell(row, index).evidence.filter { $0.qualifier == nil }
            if !evidence.isEmpty { found[item.id] = evidence.map(\.excerpt) }
        }
        // 固定資産税, broken by a blank line (固 ⏎⏎ 定資産税), is found in the speech.
        #expect(found["system.fixed-asset-tax"]?.contains { $0.contains("定資産税４，０９４万") } == true)
        // Budget lines, a council and a plan are not mentions; the same names in prose are.
        #expect(found["system.long-term-care-insurance"] == nil, "介護保険特別会計, 第８期介護保険事業計画")
        #expect(found["system.late-elderly-medical-care"] == nil, "…医療保険特別会計, …医療広域連合納付金")
        let health = try #require(found["system.national-health-insurance"])
        #expect(health.count == 2 && !health.contains { $0.contains("特別会計") || $0.contains("運営協議会") })
        #expect(found["system.public-assistance"]?.count == 2, "生活保護関係, 生活保護行政")
        #expect(found["system.child-rearing-allowance"]?.count == 1)
        #expect(Set(found.keys) == ["system.fixed-asset-tax", "system.light-vehicle-tax", "system.national-health-insurance",
                                    "system.child-rearing-allowance", "system.public-assistance", "procedure.other.15"])
    }
}
