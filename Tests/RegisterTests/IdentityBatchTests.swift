import Batch
import Compare
import Foundation
import Ingest
import Register
import Report
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Identity through the product's entry point: plans gathered as municipalities publish them.
struct IdentityBatchTests {
    /// A folder of copies of the bundled plans, at the relative `paths` given (plan by code).
    static func folder(_ files: [(path: String, plan: String)]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-identity-\(UUID().uuidString)")
        for (path, plan) in files {
            let target = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let source = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("corpus/plans").path)
                .first { $0.hasPrefix(plan) }!
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("corpus/plans/\(source)"), to: target)
        }
        return folder
    }

    static func run(_ folder: URL) throws -> CoverageMatrix {
        try CoverageBatch(catalog: { try Catalog.bundled() }).run(paths: [folder.path]).matrix
    }

    @Test func plansNamedAsTheyArePublishedEachBecomeTheirLocalGovernment() throws {
        let folder = try Self.folder([("埼玉県/朝霞市/DX推進方針.txt", "112275"), ("新座市/計画.txt", "112305"),
                                      ("462250.txt", "462250"), ("download (3).txt", "012165"), ("広島県/府中市/plan.txt", "132039")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let matrix = try Self.run(folder)
        let rows = matrix.municipalities.map { [$0.code, $0.name, $0.prefecture ?? "", $0.kind ?? "", $0.identifiedBy] }
        #expect(rows == [["012165", "芦別市", "北海道", "city", "title"], ["112275", "朝霞市", "埼玉県", "city", "path"],
                         ["112305", "新座市", "埼玉県", "city", "path"], ["342084", "府中市", "広島県", "city", "path"],
                         ["462250", "姶良市", "鹿児島県", "city", "code"]])
        #expect(matrix.municipalities.first?.kana == "あしべつし")
        // The copy of 武蔵野市's plan under 広島県/府中市/: the path is kept, the title's word is a warning.
        #expect(matrix.warnings.map(\.message) == ["its title names 東京都武蔵野市 (132039), but its path says 広島県府中市 (342084); the path is kept"])
    }

    @Test func anAmbiguousNameAndBadCodesAreWarningsAndTheFilesAreStillRead() throws {
        let folder = try Self.folder([("府中市/plan.txt", "132039"), ("112276_x.txt", "112305"), ("999997_x.txt", "462250")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CoverageBatch(catalog: { try Catalog.bundled() }).run(paths: [folder.path])
        #expect(result.failures.isEmpty && result.analyses.count == 3, "every file is read")
        let warnings = Dictionary(grouping: result.warnings) { ($0.document as NSString).lastPathComponent }.mapValues { $0.map(\.message) }
        #expect(warnings["112276_x.txt"]?.first?.contains("wrong check digit (expected 5: 112275 is 埼玉県朝霞市)") == true)
        #expect(warnings["999997_x.txt"]?.first?.contains("code 999997 in its name is no local government's") == true)
        // Neither code is used: the next sources decide (新座市's title; 姶良市's excerpt has no title).
        #expect(result.matrix.municipalities.map(\.name).sorted() == ["999997_x", "新座市", "武蔵野市"])
        // The path's 府中市 is either of two; the plan's title names a third, which is kept, and said.
        #expect(warnings["plan.txt"] == ["府中市 in its path or title could be 東京都府中市 (132063) or 広島県府中市 (342084), "
                                         + "but its title names 東京都武蔵野市 (132039), which is kept"])
    }

    /// The bundled plans copied to `<code>_<romaji>.txt` (no manifest): the HTML report shows
    /// the register's names with their prefectures, never the romaji.
    @Test func theHTMLReportNamesEachPlanByTheRegister() throws {
        let folder = try Self.folder(["012165_ashibetsu", "112275_asaka", "112305_niiza", "132039_musashino", "462250_aira"]
            .map { ("\($0).txt", String($0.prefix(6))) })
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = String(decoding: try ReportFormat.html.render(try Self.run(folder)), as: UTF8.self)
        for label in ["朝霞市（埼玉県）", "新座市（埼玉県）", "武蔵野市（東京都）", "姶良市（鹿児島県）", "芦別市（北海道）"] {
            #expect(html.contains(label), "\(label)")
        }
        #expect(!html.contains(">asaka<") && !html.contains("ashibetsu（"))
    }
}
