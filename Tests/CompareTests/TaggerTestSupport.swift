import Foundation
import TestSupport
import Testing
@testable import Compare
import Ingest
import Normalize

/// A tiny catalog for the semantics tests, so each rule is proved on a few words.
func smallCatalog(items: [(String, String)], aliases: [String: [String]] = [:], exclusions: [String] = [],
                  collective: [String] = [], suffixes: [String] = ["課", "係"], threshold: Double = 0.9, minLength: Int = 8) throws -> Catalog {
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
