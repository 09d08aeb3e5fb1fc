import Foundation
import Testing

/// `--as-of`: every row judged against the lists of one date.
struct AsOfTests {
    @Test func theListsOfAnEarlierDateMakeTheThreeLaterSystemsNotInForce() throws {
        let run = try plancov("compare", "--as-of", "令和3年4月", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let report = try json(run.stdout)
        let rows = report["municipalities"] as? [[String: Any]] ?? []
        #expect(rows.allSatisfy { $0["as_of"] as? String == "2021-04-01" && $0["list_version"] as? String == "標準化対象17業務（当初の一覧）" })
        // 武蔵野市 refers to the systems only as 20業務: in 2021 that meant the first 17.
        #expect(cellStatus(report, "132039", "system.family-register") == "not-in-force")
        #expect(cellStatus(report, "132039", "system.resident-register") == "group")
        let plain = try json(try plancov("compare", "--format", "json").stdout)
        #expect(cellStatus(plain, "132039", "system.family-register") == "group", "its own date, 令和4年2月, has the 20")
    }

    @Test func aDateThatIsNoDateIsAUsageError() throws {
        let run = try plancov("compare", "--as-of", "someday")
        #expect(run.status == 1 && run.stderr.contains("--as-of: \"someday\" is not a date"), "\(run.stderr)")
    }
}
