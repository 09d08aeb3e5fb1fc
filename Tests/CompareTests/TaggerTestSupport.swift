import Foundation
import TestSupport
import Testing
@testable import Compare
import Ingest
import Normalize

/// A tiny catalog for the semantics tests, so each rule is proved on a few words.
/// `compounds`: the word classes of rules 4, 7 and 8 (`bundledCompounds` for the catalog's own).
func smallCatalog(items: [(String, String)], aliases: [String: [String]] = [:], exclusions: [String] = [],
                  collective: [String] = [], suffixes: [String] = ["課", "係"], threshold: Double = 0.9, minLength: Int = 8,
                  compounds: Catalog.Compounds? = nil) throws -> Catalog {
    func list(_ words: [String]) -> String { "[" + words.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
    var yaml = """
    name: test
    settings: {fuzzy_threshold: \(threshold), fuzzy_min_length: \(minLength)}
    organization_suffixes: [\(suffixes.joined(separator: ", "))]
    groups:
      - {name: g, category: c, collective: [\(collective.joined(separator: ", "))]}
    exclusions:\n
    """
    yaml += exclusions.map { "  - {text: \($0), reason: test}\n" }.joined()
    if exclusions.isEmpty { yaml = yaml.replacingOccurrences(of: "exclusions:\n", with: "") }
    if let compounds {
        yaml += "compounds: {keep: \(list(compounds.keep)), heads: \(list(compounds.heads)), prefixes: \(list(compounds.prefixes)), "
            + "exclusion_markers: \(list(compounds.exclusionMarkers)), joiners: \(list(compounds.joiners))}\n"
    }
    yaml += "items:\n"
    for (id, name) in items {
        yaml += "  - {id: \(id), name: \(name), category: c, group: g, aliases: [\((aliases[id] ?? []).joined(separator: ", "))]}\n"
    }
    return try Catalog.parse(yaml: yaml, source: "test")
}

func document(_ text: String) -> Document {
    Document(path: "plan.txt", format: .text, encoding: "UTF-8", scalars: text.unicodeScalars.map(\.value))
}

func mentions(_ text: String, _ catalog: Catalog) -> [(id: String, text: String, match: MatchKind)] {
    let doc = document(text)
    return Tagger(catalog: catalog).tag(doc).mentions.map { (catalog.items[$0.item].id, doc.text($0.sourceRange), $0.match) }
}

/// The word classes of the bundled catalog: the compound and exclusion rules' tests prove the
/// data plancov ships.
let bundledCompounds = try! Catalog.bundled().compounds

/// The 20 systems' names, as the bundled catalog has them, with their ids.
let bundledSystems: [(String, String)] = try! Catalog.bundled().items.filter { $0.category == "system" }.map { ($0.id, $0.name) }

/// A catalog of the 20 systems with the bundled word classes and organization suffixes, and
/// no exclusions: what the compound rules alone do.
let systemsWithCompounds = try! smallCatalog(items: bundledSystems, suffixes: try! Catalog.bundled().organizationSuffixes,
                                              compounds: bundledCompounds)

/// The ids of the items named in `text` (mentions that are not excluded), short ids (`system.` dropped).
func named(_ text: String, _ catalog: Catalog = systemsWithCompounds) -> [String] {
    let doc = document(text)
    return Tagger(catalog: catalog).tag(doc).mentions.filter { $0.qualifier == nil }
        .map { catalog.items[$0.item].id.replacingOccurrences(of: "system.", with: "") }
}

/// The ids of the items a plan leaves out in `text` (rule 8).
func excluded(_ text: String, _ catalog: Catalog = systemsWithCompounds) -> [String] {
    let doc = document(text)
    return Tagger(catalog: catalog).tag(doc).mentions.filter { $0.qualifier == .excluded }
        .map { catalog.items[$0.item].id.replacingOccurrences(of: "system.", with: "") }
}
