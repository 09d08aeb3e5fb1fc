import Foundation
import Testing
@testable import Compare
import Ingest

/// The catalog's versions: which items and groups are on the lists at a date, which version
/// to name, and what a collective form covers then.
struct CatalogVersionTests {
    func day(_ text: String) -> CalendarDay { PlanDate.parse(text)!.judgedAt }

    /// Three systems, one of them added in 2022; a group of procedures with no dates.
    static let yaml = """
        name: versions
        versions:
          - {label: 当初の一覧}
          - {label: 3業務, since: 2022-01}
        groups:
          - name: systems
            category: system
            collective: [3業務, {text: 2業務, as_of: 2021-04}]
          - {name: later, category: procedure, collective: [新手続]}
        items:
          - {id: a, name: 住民基本台帳, category: system, group: systems, source: x}
          - {id: b, name: 就学, category: system, group: systems, source: x}
          - {id: c, name: 戸籍, category: system, group: systems, since: 2022-01, source: x}
          - {id: d, name: 妊娠の届出, category: procedure, group: later, source: x}
        """

    @Test func anItemIsInForceFromTheFirstDayOfItsSince() throws {
        let catalog = try Catalog.parse(yaml: Self.yaml, source: "test")
        #expect(!catalog.isInForce(item: 2, at: day("2021-12-31")))
        #expect(catalog.isInForce(item: 2, at: day("2022-01-01")))
        #expect(catalog.isInForce(item: 2, at: day("令和4年1月")))
        #expect(!catalog.isInForce(item: 2, at: day("令和3年度")), "令和3年度 is judged at 2021-04-01")
        // Items with no since are on the lists at every date.
        #expect(catalog.isInForce(item: 0, at: day("1990-01-01")) && catalog.isInForce(item: 3, at: day("1990-01-01")))
    }

    @Test func theVersionInForceIsTheLastThatBeganByThen() throws {
        let catalog = try Catalog.parse(yaml: Self.yaml, source: "test")
        #expect(catalog.version(at: day("2021-12-31"))?.label == "当初の一覧")
        #expect(catalog.version(at: day("2022-01-01"))?.label == "3業務")
        #expect(catalog.version(at: day("2030-01-01"))?.label == "3業務")
        #expect(catalog.version(at: day("1990-01-01"))?.label == "当初の一覧", "the first, undated version applies before the next")
    }

    @Test func withoutAnUndatedFirstVersionEarlierDatesHaveNone() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "  - {label: 当初の一覧}\n", with: "")
        let catalog = try Catalog.parse(yaml: yaml, source: "test")
        #expect(catalog.version(at: day("2021-12-31")) == nil)
        #expect(catalog.version(at: day("2022-03"))?.label == "3業務")
        let none = try smallCatalog(items: [("a", "戸籍")])
        #expect(none.version(at: day("2022-03")) == nil)
    }

    @Test func inForceAnswersPerItemAndGroup() throws {
        let catalog = try Catalog.parse(yaml: Self.yaml, source: "test")
        let before = catalog.inForce(at: day("令和3年4月"))
        #expect(before.items == [true, true, false, true])
        #expect(before.groups == [true, true])
        #expect(before.version?.label == "当初の一覧")
        let after = catalog.inForce(at: day("令和5年4月"))
        #expect(after.items == [true, true, true, true])
        #expect(after.version?.label == "3業務")
        // A group none of whose items is in force yet.
        let yaml = Self.yaml.replacingOccurrences(of: "group: later, source: x}", with: "group: later, since: 2022-01, source: x}")
        #expect(try Catalog.parse(yaml: yaml, source: "test").inForce(at: day("2021-06")).groups == [true, false])
    }

    /// A form with as_of covers the group as it stood then; one without, the group at the date.
    @Test func collectiveFormsCoverTheGroupAtTheirDate() throws {
        let catalog = try Catalog.parse(yaml: Self.yaml, source: "test")
        #expect(catalog.collectiveForms.map { "\($0.group):\($0.form.text)" } == ["0:3業務", "0:2業務", "1:新手続"])
        let r5 = catalog.inForce(at: day("令和5年"))
        #expect(r5.itemsCovered(byForms: [0]) == [0, 1, 2])
        #expect(r5.itemsCovered(byForms: [1]) == [0, 1], "2業務 does not cover 戸籍, added after it")
        #expect(r5.itemsCovered(byForms: [1, 2]) == [0, 1, 3])
        let r3 = catalog.inForce(at: day("令和3年"))
        #expect(r3.itemsCovered(byForms: [0]) == [0, 1], "3業務 at a date before 戸籍 covers what was on the list")
        #expect(r3.itemsCovered(byForms: [99]).isEmpty)
    }

    /// The tagger reports which forms it found, for the covering above.
    @Test func groupReferencesNameTheirForms() throws {
        let catalog = try Catalog.parse(yaml: Self.yaml, source: "test")
        let references = Tagger(catalog: catalog).tag(document("基幹系の2業務と新手続")).groups
        #expect(references.map(\.forms) == [[1], [2]])
        #expect(references.map(\.groups) == [[0], [1]])
        #expect(catalog.inForce(at: day("2023-04")).itemsCovered(by: references) == [0, 1, 3])
    }

    /// Groups that share a form are all referred to, and it covers each group's items.
    @Test func aSharedFormCoversEveryGroupThatHasIt() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "collective: [新手続]", with: "collective: [新手続, 3業務]")
        let catalog = try Catalog.parse(yaml: yaml, source: "test")
        let references = Tagger(catalog: catalog).tag(document("3業務")).groups
        #expect(references.map(\.groups) == [[0, 1]])
        #expect(references.map(\.forms) == [[0, 3]])
        #expect(catalog.inForce(at: day("2023-04")).itemsCovered(by: references) == [0, 1, 2, 3])
    }

    @Test func checkKeepsVersionsInOrderAndSinceDatesOnThem() throws {
        let misdated = Self.yaml.replacingOccurrences(of: "group: systems, since: 2022-01", with: "group: systems, since: 2022-02")
        #expect(try Catalog.parse(yaml: misdated, source: "t").check().map(\.description)
                == ["error: c: since 2022-02 is the date of no version (add it to versions)"])
        let undated = Self.yaml.replacingOccurrences(of: "{label: 3業務, since: 2022-01}", with: "{label: 3業務}")
        #expect(try Catalog.parse(yaml: undated, source: "t").check().map(\.description).contains(
            "error: version 3業務 has no since date: only the first version may lack one"))
        let reversed = Self.yaml.replacingOccurrences(of: "  - {label: 当初の一覧}\n", with: "  - {label: 当初の一覧, since: 2023-01}\n")
        #expect(try Catalog.parse(yaml: reversed, source: "t").check().map(\.description).contains(
            "error: version 3業務 (since 2022-01) does not come after the version before it (2023-01)"))
        let noVersions = Self.yaml.replacingOccurrences(of: "versions:\n  - {label: 当初の一覧}\n  - {label: 3業務, since: 2022-01}\n", with: "")
        #expect(try Catalog.parse(yaml: noVersions, source: "t").check().map(\.description) == [
            "warning: 1 items have a since date but the catalog declares no versions: reports cannot name the version a row was judged against"])
        #expect(try Catalog.parse(yaml: Self.yaml, source: "t").check().isEmpty)
    }

    // MARK: The bundled catalog

    static let bundled = try! Catalog.bundled()
    static let added = ["戸籍", "戸籍の附票", "印鑑登録"]

    func systems(in scope: Catalog.InForce) -> [String] {
        Self.bundled.items.indices.filter { Self.bundled.items[$0].category == "system" && scope.items[$0] }.map { Self.bundled.items[$0].name }
    }

    @Test func seventeenSystemsAtReiwa3April_twentyAtReiwa5April() {
        let r3 = Self.bundled.inForce(at: day("令和3年4月"))
        #expect(systems(in: r3).count == 17)
        #expect(Set(Self.added).isDisjoint(with: systems(in: r3)))
        #expect(r3.version?.label == "標準化対象17業務（当初の一覧）")
        let r5 = Self.bundled.inForce(at: day("令和5年4月"))
        #expect(systems(in: r5).count == 20)
        #expect(r5.version?.label == "標準化対象20業務（令和4年政令第1号）")
        // Only the systems are dated: every procedure is on the lists at both dates.
        let procedures = Self.bundled.items.indices.filter { Self.bundled.items[$0].category == "procedure" }
        #expect(procedures.allSatisfy { r3.items[$0] && r5.items[$0] })
        #expect(Self.bundled.items.filter { $0.since != nil }.map(\.name) == Self.added)
    }

    /// Issue 22: a plan dated 令和3年 that names the 17 original systems and says 17業務 is
    /// complete as of its date; the same text dated 令和5年 lacks three — neither named nor
    /// covered by 17業務, which names the group as it stood before them.
    @Test func aPlanNamingTheSeventeenIsCompleteAtItsDateAndLacksThreeLater() throws {
        let seventeen = Self.bundled.items.filter { $0.category == "system" && !Self.added.contains($0.name) }.map(\.name)
        #expect(seventeen.count == 17)
        func plan(dated date: String) -> Document {
            document("標準化推進計画\n\n\(date)\n\n目次\n\n標準化対象の17業務（\(seventeen.joined(separator: "、"))）を移行する。\n")
        }
        func missing(_ doc: Document) throws -> [String] {
            let date = try #require(PlanDate.onTitlePage(of: doc))
            let scope = Self.bundled.inForce(at: date.judgedAt)
            let (mentions, references) = Tagger(catalog: Self.bundled).tag(doc)
            let named = Set(mentions.map(\.item)), covered = Set(scope.itemsCovered(by: references))
            return Self.bundled.items.indices.filter {
                Self.bundled.items[$0].category == "system" && scope.items[$0] && !named.contains($0) && !covered.contains($0)
            }.map { Self.bundled.items[$0].name }
        }
        #expect(try missing(plan(dated: "令和3年4月")) == [])
        #expect(try missing(plan(dated: "令和5年4月")) == Self.added)
        // Saying 17業務 alone: the group as a whole at 令和3年, the same three lacking at 令和5年.
        let collective = document("令和3年度\n\n基幹系の17業務をガバメントクラウドへ移行する。\n")
        #expect(try missing(collective) == [])
        #expect(try missing(document("令和5年度\n\n基幹系の17業務をガバメントクラウドへ移行する。\n")) == Self.added)
        // 20業務 at 令和5年 covers all twenty.
        #expect(try missing(document("令和5年度\n\n基幹系の20業務を移行する。\n")) == [])
    }

    /// 27手続 and 31手続 are the 31's parts, 26手続 its 子育て and 介護 only.
    @Test func theThirtyOneAndItsPartsCoverTheirGroups() throws {
        let scope = Self.bundled.inForce(at: day("令和5年4月"))
        func groups(_ text: String) -> [String] {
            let covered = scope.itemsCovered(by: Tagger(catalog: Self.bundled).tag(document(text)).groups)
            var names = [String]()
            for index in covered where !names.contains(Self.bundled.items[index].group) { names.append(Self.bundled.items[index].group) }
            return names
        }
        #expect(groups("26手続") == ["子育て", "介護"])
        #expect(groups("27手続") == ["子育て", "介護", "被災者支援"])
        #expect(groups("31手続") == ["子育て", "介護", "被災者支援", "自動車保有"])
        #expect(groups("被災者支援関係（1手続）") == ["被災者支援"])
    }
}
