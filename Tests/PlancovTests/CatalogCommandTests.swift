import Foundation
import Testing

struct CatalogCommandTests {
    @Test func theBundledCatalogChecksClean() throws {
        let run = try plancov("catalog", "check")
        #expect(run.status == 0)
        #expect(run.text.contains("78 items (標準化対象20業務 20, 子育て 15, 介護 11, 被災者支援 1, 自動車保有 4, 引越し 1, "
                                  + "被災者支援（優先手続） 7, その他 19), 0 errors, 0 warnings"))
    }

    @Test func aCatalogWithDuplicateIdsFailsCheckAndCompare() throws {
        let directory = try temporaryDirectory("catalog")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dup.yaml").path
        try """
        name: dup
        items:
          - {id: a, name: 戸籍, category: system, group: g}
          - {id: a, name: 就学, category: system, group: g}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try plancov("catalog", "check", path)
        #expect(check.status == 1)
        #expect(check.text.contains("error: duplicate id a"))
        let compare = try plancov("compare", "--catalog", path)
        #expect(compare.status == 1)
        #expect(compare.stderr.contains("duplicate id a"))
    }

    /// Issue 22: every item of `catalog list --format json` has a source.
    @Test func listAsJSONGivesEveryItemASource() throws {
        let run = try plancov("catalog", "list", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let listing = try json(run.stdout)
        #expect(listing["schema"] as? String == "plancov.catalog/1")
        let items = try #require(listing["items"] as? [[String: Any]])
        #expect(items.count == 78)
        let sources = items.compactMap { $0["source"] as? [String: Any] }
        #expect(sources.count == items.count)
        #expect(sources.allSatisfy { ($0["document"] as? String) != nil && ($0["section"] as? String) != nil })
    }

    @Test func listShowsSourcesAndWhatIsNotYetInForce() throws {
        let run = try plancov("catalog", "list")
        #expect(run.status == 0)
        #expect(run.text.components(separatedBy: "\n").filter { $0.hasPrefix("      出典 source: ") }.count == 78)
        #expect(run.text.contains("  procedure.jidosha.03  自動車税住所変更届\n"))
        #expect(run.text.contains("      = 戸籍附票  (seen: 南国市 施政方針 第446回 令和8年2月 (L))"))
        #expect(!run.text.contains("not yet in force"))
        let asOf = try plancov("catalog", "list", "--as-of", "令和3年4月")
        #expect(asOf.text.contains("as of 2021-04-01: 標準化対象17業務（当初の一覧）"))
        #expect(asOf.text.components(separatedBy: "(not yet in force)").count - 1 == 3)
        #expect(asOf.text.contains("  system.seal-registration  印鑑登録  [since 2022-01]  (not yet in force)"))
        let bad = try plancov("catalog", "list", "--as-of", "そのうち")
        #expect(bad.status == 1 && bad.stderr.contains("--as-of そのうち is not a date"))
    }

    /// A user's catalog without sources still checks: a warning, exit 0.
    @Test func aCatalogWithoutSourcesChecksWithAWarning() throws {
        let directory = try temporaryDirectory("nosource")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("mine.yaml").path
        try "name: mine\nitems:\n  - {id: a, name: 戸籍, category: system, group: g}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try plancov("catalog", "check", path)
        #expect(run.status == 0)
        #expect(run.text.contains("warning: 1 of 1 items cite no source (a)"))
        #expect(run.text.contains("1 items (), 0 errors, 1 warnings"))
    }

    @Test func aCatalogThatIsNotYAMLIsRefused() throws {
        let directory = try temporaryDirectory("notyaml")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.yaml").path
        try "items: [\n  {id: ".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try plancov("catalog", "check", path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.yaml"))
    }
}
