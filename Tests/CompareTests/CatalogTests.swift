import Foundation
import TestSupport
import Testing
@testable import Compare
import Ingest
import Normalize

struct CatalogTests {
    @Test func theBundledCatalogIsClean() throws {
        let catalog = try Catalog.bundled()
        #expect(catalog.check().isEmpty)
        let counts = Dictionary(grouping: catalog.items, by: \.group).mapValues(\.count)
        #expect(counts == ["標準化対象20業務": 20, "子育て": 15, "介護": 11, "被災者支援": 1, "自動車保有": 4, "引越し": 1,
                           "被災者支援（優先手続）": 7, "その他": 19])
        #expect(Set(catalog.items.map(\.id)).count == catalog.items.count)
    }

    @Test func checkFindsDuplicatesCollisionsAndShadows() throws {
        let catalog = try smallCatalog(items: [("a", "手続"), ("a", "障害者福祉"), ("c", "障がい者福祉")],
                                       aliases: ["c": ["手続き"]], exclusions: ["障害者福祉"])
        let messages = catalog.check().filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.hasPrefix("duplicate id a") })
        #expect(messages.contains { $0.contains("name 障がい者福祉 collides with name 障害者福祉") })
        #expect(messages.contains { $0.contains("alias 手続き collides with name 手続") })
        #expect(messages.contains { $0.contains("exclusion 障害者福祉 shadows") })
    }

    @Test func aliasEqualToItsNameAfterNormalizationIsRedundant() throws {
        let catalog = try smallCatalog(items: [("a", "障害者福祉")], aliases: ["a": ["障がい者福祉"]])
        let issues = catalog.check()
        #expect(issues.allSatisfy { $0.severity == .warning })
        #expect(issues.filter { $0.message.contains("alias 障がい者福祉 is the same as the name") }.count == 1)
    }

    /// The catalog is read from Yams' node tree by hand; each message names the place and the
    /// reason as Yams' Decodable layer did (the same 27 malformed and odd catalogs gave the same
    /// output through both, compared when the reader was written).
    @Test(arguments: [
        ("- a\n- b\n", "wrong type at top level: Expected to decode Mapping but found Node instead."),
        ("", "wrong type at top level: Expected to decode Mapping but found Node instead."),
        ("version: 1\nitems: []\n", "missing field \"name\" at top level"),
        ("name: x\n", "missing field \"items\" at top level"),
        ("name: x\nitems:\n", "wrong type at items: Expected to decode Sequence but found Node instead."),
        ("name: x\nitems:\n  - {id: a, name: {x: 1}, category: c, group: g}\n",
         "wrong type at items[0].name: Expected to decode Scalar but found Mapping instead."),
        ("name: x\nitems:\n  - {id: a, name: n, category: c, group: g, aliases: [a, {b: c}]}\n",
         "missing field \"name\" at items[0].aliases[1]"),
        ("name: x\nitems:\n  - {id: a, name: n, category: c, group: g, aliases: [a, [b]]}\n",
         "wrong type at items[0].aliases[1]: Expected to decode Mapping but found Node instead."),
        ("name: x\nitems:\n  - {id: a, name: n, category: c, group: g, since: someday}\n",
         "not a date at items[0].since: \"someday\" (write 2022-01-07, 2022-01 or 令和4年1月)"),
        ("name: x\nitems:\n  - {id: a, name: n, category: c, group: g, source: {unverified: maybe}}\n",
         "wrong type at items[0].source.unverified: Expected to decode Bool but found Scalar instead."),
        ("name: x\nsettings: {fuzzy_min_length: abc}\nitems: []\n",
         "wrong type at settings.fuzzy_min_length: Expected to decode Int but found Scalar instead."),
        ("name: x\nsettings: abc\nitems: []\n", "wrong type at settings: Expected to decode Mapping but found Node instead."),
        ("name: x\ncategories:\n  - {name: c}\nitems: []\n", "missing field \"id\" at categories[0]"),
        ("name: x\nitems: []\n", "has no items"),
    ])
    func catalogShapeErrorsNameThePlace(yaml: String, message: String) {
        #expect(throws: CatalogError.self) { try Catalog.parse(yaml: yaml, source: "bad.yaml") }
        do { _ = try Catalog.parse(yaml: yaml, source: "bad.yaml") } catch { #expect(error.message == message) }
    }

    /// What YAML allows beside the plain shape: merge keys (the mapping's own keys win), null
    /// or absent optional fields, numbers in YAML's notations, scalars read as text.
    @Test func catalogReadsMergeKeysNullsAndYAMLNumbers() throws {
        let catalog = try Catalog.parse(yaml: """
            name: 123
            version: ~
            settings: {fuzzy_min_length: 0x10, fuzzy_threshold: 8e-1}
            defaults: &d {category: c, group: g}
            items:
              - {<<: *d, id: a, name: n, aliases: ~}
              - {<<: *d, id: b, name: true, group: h, unknown: ignored}
            """, source: "odd.yaml")
        #expect(catalog.name == "123" && catalog.version == "")
        #expect(catalog.settings.fuzzyMinLength == 16 && catalog.settings.fuzzyThreshold == 0.8)
        #expect(catalog.items.map(\.group) == ["g", "h"])
        #expect(catalog.items.map(\.category) == ["c", "c"])
        #expect(catalog.items.map(\.name) == ["n", "true"])
        #expect(catalog.items[0].aliases.isEmpty)
    }

    @Test func aCatalogThatIsNotYAMLSaysSo() {
        #expect(throws: CatalogError.self) { _ = try Catalog.parse(yaml: "items: [", source: "bad.yaml") }
        do {
            _ = try Catalog.parse(yaml: "name: x\nitems:\n  - {id: a, category: c, group: g}\n", source: "bad.yaml")
        } catch {
            #expect(error.description == "bad.yaml: missing field \"name\" at items[0]")
        }
    }
}
