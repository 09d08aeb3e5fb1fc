import Foundation
import Testing

/// `plancov compare --prefecture`, end to end on the bundled corpus: every format holds the
/// prefecture's plans only, cell for cell as in the whole batch.
struct ComparePrefectureTests {
    @Test func theJSONHoldsThePrefecturesRowsAndTheirCellsUnchanged() throws {
        let whole = try json(try plancov("compare", "--format", "json").stdout)
        let run = try plancov("compare", "--prefecture", "埼玉", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let report = try json(run.stdout)
        let rows = try #require(report["municipalities"] as? [[String: Any]])
        #expect(rows.compactMap { $0["code"] as? String } == ["112275", "112305"])
        #expect(rows.allSatisfy { $0["prefecture_code"] as? String == "110001" })
        let cells = try #require(report["cells"] as? [[String: Any]])
        let wholeCells = try #require(whole["cells"] as? [[String: Any]]).filter { ["112275", "112305"].contains($0["municipality"] as? String) }
        #expect(cells.count == wholeCells.count)
        #expect(cells.count == 2 * ((report["items"] as? [Any])?.count ?? 0))
        for (cell, expected) in zip(cells, wholeCells) {
            #expect(cell["municipality"] as? String == expected["municipality"] as? String)
            #expect(cell["item"] as? String == expected["item"] as? String)
            #expect(cell["status"] as? String == expected["status"] as? String)
        }
    }

    @Test func everyFormatIsRestricted() throws {
        let folder = try temporaryDirectory("prefecture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = ["csv", "md", "html", "xlsx", "txt"].map { folder.appendingPathComponent("tokyo.\($0)").path }
        var arguments = ["compare", "--prefecture", "13"]
        for path in paths { arguments += ["--out", path] }
        let run = try run(try plancovBinary(), arguments)
        #expect(run.status == 0, "\(run.stderr)")
        for path in paths where !path.hasSuffix(".xlsx") {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("武蔵野市"), "\(path)")
            for other in ["朝霞市", "芦別市", "姶良市"] { #expect(!text.contains(other), "\(path) has \(other)") }
        }
        let csv = String(decoding: try Data(contentsOf: URL(fileURLWithPath: paths[0])), as: UTF8.self)
        #expect(csv.hasPrefix("\u{FEFF}id,name,category,group,武蔵野市 (132039)\r\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: paths[3])).count > 1000)
    }

    @Test func anUnknownPrefectureIsAUsageErrorAndNothingIsWritten() throws {
        let folder = try temporaryDirectory("prefecture-unknown")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("x.json").path
        let run = try plancov("compare", "--prefecture", "Atlantis", "--out", out)
        #expect(run.status == 1)
        #expect(run.stderr.contains("unknown prefecture Atlantis: give its name (埼玉県 or 埼玉) or its code (11 or 110001)"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
