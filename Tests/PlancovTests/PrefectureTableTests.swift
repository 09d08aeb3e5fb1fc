import Foundation
import Testing

/// The terminal table of a large batch, end to end: past 12 municipalities it sums the plans per
/// prefecture × group; when they are all of one prefecture, per municipality.
struct PrefectureTableTests {
    static let saitama = ["111007", "112011", "112020", "112038", "112062", "112071", "112089",
                          "112097", "112101", "112119", "112127", "112143", "112151"]
    static let tokyo = ["131016", "131024"]

    /// Thirteen plans of 埼玉県 and two of 東京都, each a copy of 朝霞市's plan under a real code
    /// (the code of the file name is kept over the title's name, with a warning).
    static func batch() throws -> URL {
        let folder = try temporaryDirectory("table")
        let plan = try Data(contentsOf: repositoryRoot.appendingPathComponent("corpus/plans/112275_asaka.txt"))
        for code in saitama + tokyo {
            try plan.write(to: folder.appendingPathComponent("\(code).txt"))
        }
        return folder
    }

    @Test func aBatchOfSeveralPrefecturesIsSummedPerPrefectureAndGroup() throws {
        let folder = try Self.batch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try plancov("compare", folder.path, "--format", "table")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("prefecture") == true)
        #expect(lines.first?.contains("標準化対象20業務") == true)
        // Every plan is the same: a prefecture pools its plans × the one plan's counts.
        let single = try plancov("compare", "corpus/plans/112275_asaka.txt", "--format", "json")
        let report = try json(single.stdout)
        let cells = try #require(report["cells"] as? [[String: Any]])
        let items = try #require(report["items"] as? [[String: Any]])
        let system = Set(items.filter { $0["group"] as? String == "標準化対象20業務" }.compactMap { $0["id"] as? String })
        let named = cells.filter { system.contains($0["item"] as? String ?? "") && ["listed", "mentioned"].contains($0["status"] as? String) }.count
        let saitama = try #require(lines.first { $0.hasPrefix("埼玉県 (11)") })
        let tokyo = try #require(lines.first { $0.hasPrefix("東京都 (13)") })
        let total = cells.filter { system.contains($0["item"] as? String ?? "") && $0["status"] as? String != "not-in-force" }.count
        let percent = Int((Double(named) * 100 / Double(total)).rounded())
        for (row, plans) in [(saitama, 13), (tokyo, 2)] {
            #expect(row.split(separator: " ", omittingEmptySubsequences: true)[2] == "\(plans)", "\(row)")
            #expect(row.contains("\(plans * named)/\(plans * total) (\(percent)%)"), "\(row)")
        }
        #expect(run.text.contains("15 municipalities in 2 prefectures"))
        #expect(!run.text.contains("朝霞市"))
    }

    @Test func oneOfThemIsSummedPerMunicipality() throws {
        let folder = try Self.batch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try plancov("compare", folder.path, "--prefecture", "埼玉県")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.hasPrefix("municipality"))
        #expect(run.text.contains("さいたま市 (111007)"))
        #expect(!run.text.contains("千代田区"))
    }
}
