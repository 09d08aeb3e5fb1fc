import Foundation
import Testing
@testable import Compare

/// Sources, aliases with where they were seen, spellings: how the catalog reads them and what
/// `catalog check` says about them.
struct CatalogSourceTests {
    static let yaml = """
        name: sources
        documents:
          - {id: plan, title: 自治体DX推進計画, issuer: 総務省, date: 2020-12-25, url: https://example.org/plan.pdf}
        groups:
          - name: g
            category: c
            source: &g {document: plan, section: "§3"}
            collective:
              - 20業務
              - {text: 17業務, as_of: 2020-12-25, seen: 芦別市}
        items:
          - id: a
            name: 戸籍の附票
            category: c
            group: g
            source: {<<: *g, note: "name: P"}
            aliases:
              - 住民票
              - {name: 戸籍附票, seen: 南国市 (L)}
            spellings:
              - {name: 戸籍の付票, seen: a plan}
          - {id: b, name: 支給認定の申請, category: c, group: g, source: {<<: *g, unverified: true, note: only one plan prints it}}
          - {id: c, name: 入札, category: c, group: g, source: 呉市の公表ページ}
        """

    @Test func sourcesResolveTheirDocument() throws {
        let catalog = try Catalog.parse(yaml: Self.yaml, source: "test")
        let a = catalog.items[0]
        let source = try #require(a.source)
        #expect(source.documentID == "plan" && source.document?.issuer == "総務省" && source.document?.date == "2020-12-25")
        #expect(source.section == "§3" && source.note == "name: P" && !source.unverified)
        #expect(source.summary == "総務省「自治体DX推進計画」(2020-12-25) §3 — name: P")
        #expect(catalog.items[1].source?.unverified == true)
        // A source written as a note only.
        #expect(catalog.items[2].source == CatalogSource(documentID: nil, document: nil, section: nil, note: "呉市の公表ページ", unverified: false))
        #expect(catalog.groups[0].source?.section == "§3")
    }

    @Test func aliasesCarryWhereTheyWereSeen() throws {
        let catalog = try Catalog.parse(yaml: Self.yaml, source: "test")
        let a = catalog.items[0]
        #expect(a.aliases == ["住民票", "戸籍附票"])
        #expect(a.aliasEntries.map(\.seen) == [nil, "南国市 (L)"])
        #expect(a.spellings == [CatalogAlias(name: "戸籍の付票", seen: "a plan")])
        let forms = catalog.groups[0].forms
        #expect(forms.map(\.text) == ["20業務", "17業務"] && catalog.groups[0].collective == ["20業務", "17業務"])
        #expect(forms[1].asOf?.first.description == "2020-12-25" && forms[1].seen == "芦別市")
    }

    /// Spellings need no pattern: the tagger finds them through the name.
    @Test func spellingsAreFoundThroughTheName() throws {
        let catalog = try Catalog.parse(yaml: Self.yaml, source: "test")
        #expect(mentions("戸籍の付票を管理する", catalog).map(\.id) == ["a"])
        #expect(mentions("戸籍附票を管理する", catalog).map(\.match) == [.variant])
    }

    @Test func aCleanCatalogWithSourcesHasNoIssues() throws {
        let catalog = try Catalog.parse(yaml: Self.yaml, source: "test")
        #expect(catalog.check().isEmpty, "\(catalog.check())")
    }

    /// A user's catalog without sources is usable: one warning, no error.
    @Test func missingSourcesAreAWarningNotAnError() throws {
        let catalog = try smallCatalog(items: [("a", "戸籍"), ("b", "就学")])
        let issues = catalog.check()
        #expect(issues.map(\.severity) == [.warning])
        #expect(issues.first?.message == "2 of 2 items cite no source (a, b): add `source: {document, section, note}`")
    }

    @Test func aSourceNamingAnUnknownDocumentIsAnError() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "source: {<<: *g, note: \"name: P\"}", with: "source: {document: plna}")
        let issues = try Catalog.parse(yaml: yaml, source: "test").check()
        #expect(issues.filter { $0.severity == .error }.map(\.message) == ["a: source names unknown document plna"])
    }

    @Test func anUnverifiedNameMustSayWhatItRestsOn() throws {
        let yaml = Self.yaml.replacingOccurrences(of: ", note: only one plan prints it", with: "")
        let issues = try Catalog.parse(yaml: yaml, source: "test").check()
        #expect(issues.map(\.description) == ["warning: b: source is marked unverified but has no note saying what the name rests on"])
    }

    @Test func aSpellingThatNormalizationDoesNotEquateIsReported() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "{name: 戸籍の付票, seen: a plan}", with: "{name: 附票, seen: a plan}")
        let issues = try Catalog.parse(yaml: yaml, source: "test").check()
        #expect(issues.map(\.description) == ["warning: a: spelling 附票 does not normalize to the name, so it is not found; make it an alias"])
    }

    @Test func documentsAreUniqueAndCited() throws {
        let yaml = Self.yaml.replacingOccurrences(
            of: "documents:\n", with: "documents:\n  - {id: plan, title: again}\n  - {id: spare, title: 使われない資料}\n")
        let messages = try Catalog.parse(yaml: yaml, source: "test").check().map(\.description)
        #expect(messages.contains("error: duplicate document id plan"))
        #expect(messages.contains("warning: document spare is cited by nothing"))
    }

    // MARK: The bundled catalog

    static let bundled = try! Catalog.bundled()

    /// Every item cites a document of the catalog, with its issuer and date, and a section.
    @Test func everyBundledItemCitesADocumentAndSection() {
        for item in Self.bundled.items {
            let source = item.source
            #expect(source?.document != nil, "\(item.id)")
            #expect(!(source?.document?.issuer.isEmpty ?? true) && !(source?.document?.date.isEmpty ?? true), "\(item.id)")
            #expect(!(source?.section?.isEmpty ?? true), "\(item.id)")
        }
        #expect(Self.bundled.groups.allSatisfy { $0.source != nil })
        #expect(Self.bundled.versions.allSatisfy { $0.source?.note?.isEmpty == false })
    }

    /// The names national-lists.md marks unverified (§5, item 5) say so, and no others.
    @Test func theUnverifiedNamesAreMarkedAsSuch() {
        let unverified = Self.bundled.items.filter { $0.source?.unverified == true }.map(\.id)
        let expected = ["procedure.kosodate.11", "procedure.kosodate.13"]
            + ["04", "05", "06", "08", "09", "10"].map { "procedure.kaigo.\($0)" }
            + (2...8).map { "procedure.hisai.0\($0)" }
            + ["06", "07", "08", "09", "17", "19"].map { "procedure.other.\($0)" }
        #expect(unverified == expected)
        for item in Self.bundled.items where item.source?.unverified == true {
            #expect(item.source?.note?.contains("unverified") == true, "\(item.id): the note must say so")
        }
    }

    /// Aliases, spellings and collective forms of the bundled catalog all say where they were
    /// seen (or that it was not recorded).
    @Test func everyBundledAliasSaysWhereItWasSeen() {
        for item in Self.bundled.items {
            for alias in item.aliasEntries + item.spellings { #expect(alias.seen?.isEmpty == false, "\(item.id): \(alias.name)") }
        }
        for group in Self.bundled.groups {
            for form in group.forms { #expect(form.seen?.isEmpty == false, "\(group.name): \(form.text)") }
        }
    }

    /// Ids stay where the item stays the same thing; the umbrella 自動車保有 item became four.
    @Test func idsOfTheFormerCatalogAreKeptOrSplit() {
        let ids = Set(Self.bundled.items.map(\.id))
        let kept = (1...15).map { String(format: "procedure.kosodate.%02d", $0) } + (1...11).map { String(format: "procedure.kaigo.%02d", $0) }
            + (1...8).map { "procedure.hisai.0\($0)" } + (1...19).map { String(format: "procedure.other.%02d", $0) }
            + ["procedure.hikkoshi.onestop", "system.family-register", "system.family-register-attachment", "system.seal-registration"]
        #expect(ids.isSuperset(of: kept))
        #expect(!ids.contains("procedure.jidosha.onestop"))
        #expect((1...4).allSatisfy { ids.contains("procedure.jidosha.0\($0)") })
        #expect(Self.bundled.items.first { $0.id == "procedure.hikkoshi.onestop" }?.name == "転出届・転入予約")
    }
}
