import Foundation
import Testing

/// `plancov missing --item` and `--prefecture`, end to end on the bundled corpus (埼玉県: 朝霞市
/// and 新座市; 朝霞市's plan does not name 罹災証明書の発行申請, 新座市's does).
struct MissingByItemTests {
    @Test func listsTheMunicipalitiesOfAPrefectureThatLackAnItem() throws {
        for prefecture in ["埼玉県", "埼玉", "11", "110001"] {
            let run = try plancov("missing", "--prefecture", prefecture, "--item", "罹災証明書の発行申請")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.text == "罹災証明書の発行申請 (procedure.hisai.01, 被災者支援): not named in 1 of 2 plans of 埼玉県\n  ・ 朝霞市 (112275)\n",
                    "\(prefecture)")
        }
    }

    @Test func theItemCanBeNamedByItsIdOrAPartOfItsNameAndTheJSONHasTheSameEntries() throws {
        let run = try plancov("missing", "-p", "埼玉", "-i", "procedure.hisai.01", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]])
        #expect(entries.map { $0["municipality"] as? String } == ["112275"])
        let missing = try #require(entries.first?["missing"] as? [[String: Any]])
        #expect(missing.map { $0["id"] as? String } == ["procedure.hisai.01"])
        #expect(missing.first?["status"] as? String == "absent")
        let byPart = try plancov("missing", "-p", "埼玉", "-i", "罹災証明", "--format", "json")
        #expect(byPart.stdout == run.stdout)
    }

    @Test func withoutAPrefectureEveryPlanIsLookedAtAndAGroupOnlyReferenceIsMarked() throws {
        let run = try plancov("missing", "--item", "児童手当")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.hasPrefix("児童手当 (system.child-allowance, 標準化対象20業務): not named in 1 of 5 plans\n"))
        #expect(run.text.contains("  △ 武蔵野市 (132039)  (group referred to as a whole)\n"))
    }

    @Test func anUnknownItemOrPrefectureIsAUsageErrorListingWhatThereIs() throws {
        let item = try plancov("missing", "--item", "存在しない手続")
        #expect(item.status == 1)
        #expect(item.stderr.contains("no item 存在しない手続 in the catalog; it has: 住民基本台帳 (system.resident-register), "))
        let ambiguous = try plancov("missing", "--item", "寄附")
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("寄附 could be any of 児童手当等に係る寄附の申出 (procedure.kosodate.06), "))
        let unknown = try plancov("missing", "--prefecture", "埼", "--item", "罹災証明")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown prefecture 埼"))
        #expect(unknown.stderr.contains("北海道 (01, 1 plan), 埼玉県 (11, 2 plans), 東京都 (13, 1 plan), 鹿児島県 (46, 1 plan)"))
        let none = try plancov("missing", "--prefecture", "大阪")
        #expect(none.status == 1)
        #expect(none.stderr.contains("no plan of 大阪府 (27) among the inputs; their prefectures are: 北海道 (01, 1 plan), "))
        let elsewhere = try plancov("missing", "--prefecture", "東京", "--municipality", "朝霞市")
        #expect(elsewhere.status == 1)
        #expect(elsewhere.stderr.contains("朝霞市 (112275) is not of 東京都"))
        #expect(none.stdout.isEmpty && unknown.stdout.isEmpty && item.stdout.isEmpty && elsewhere.stdout.isEmpty)
    }
}
