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

struct MatchingSemanticsTests {
    @Test func leftmostLongest_theLongerNameSubsumesTheShorterInsideIt() throws {
        let catalog = try smallCatalog(items: [("system", "児童手当"), ("procedure", "児童手当等の現況届")])
        let found = mentions("児童手当等の現況届を提出し、児童手当を受ける。", catalog)
        #expect(found.map(\.id) == ["procedure", "system"])
        #expect(found.map(\.text) == ["児童手当等の現況届", "児童手当"])
    }

    @Test func leftmostLongest_theEarlierStartWinsOverAnOverlappingLaterName() throws {
        let catalog = try smallCatalog(items: [("a", "戸籍の附票"), ("b", "附票管理")])
        #expect(mentions("戸籍の附票管理", catalog).map(\.id) == ["a"])
    }

    @Test func exclusionsClaimTheirSpanAndYieldNothing() throws {
        let catalog = try smallCatalog(items: [("system", "児童扶養手当")], exclusions: ["特別児童扶養手当"])
        #expect(mentions("特別児童扶養手当の認定", catalog).isEmpty)
        #expect(mentions("特別児童扶養手当と児童扶養手当", catalog).map(\.id) == ["system"])
    }

    @Test func organizationNamesAreNotMentions() throws {
        let catalog = try smallCatalog(items: [("care", "介護保険")])
        #expect(mentions("長寿障害福祉課(介護保険係)", catalog).isEmpty)
        #expect(mentions("介護保険課が担当する", catalog).isEmpty)
        #expect(mentions("介護保険の被保険者", catalog).map(\.id) == ["care"])
    }

    @Test func organizationRuleNeedsTheSuffixOnTheSameLine() throws {
        let catalog = try smallCatalog(items: [("care", "介護保険")])
        #expect(mentions("介護保険\n課税の見直し", catalog).map(\.id) == ["care"])
    }

    @Test func exactMeansTheOfficialNameCharacterForCharacter() throws {
        let catalog = try smallCatalog(items: [("disaster", "罹災証明書の発行申請")])
        #expect(mentions("罹災証明書の発行申請", catalog).map(\.match) == [.exact])
        #expect(mentions("り災証明書の発行申請", catalog).map(\.match) == [.variant])
        #expect(mentions("罹災証明書の発行申請", catalog).first?.text == "罹災証明書の発行申請")
    }

    @Test func aliasesMatchAsVariants() throws {
        let catalog = try smallCatalog(items: [("move", "転出・転入手続のワンストップ化")], aliases: ["move": ["転出・転入（転居）予約"]])
        let found = mentions("オンラインによる転出・転入(転居)予約を開始", catalog)
        #expect(found.map(\.id) == ["move"])
        #expect(found.first?.match == .variant)
    }

    @Test func fuzzy_findsATypoWithinTheThreshold() throws {
        let catalog = try smallCatalog(items: [("plan", "居宅（介護予防）サービス計画作成（変更）依頼の届出")])
        let doc = document("④ 居住（介護予防）サービス計画作成（変更）依頼の届出")
        let found = Tagger(catalog: catalog).tag(doc).mentions
        #expect(found.count == 1)
        #expect(found.first?.match == .fuzzy)
        #expect(doc.text(found[0].sourceRange) == "居住（介護予防）サービス計画作成（変更）依頼の届出")
        let length = Normalizer.standard.normalize("居宅（介護予防）サービス計画作成（変更）依頼の届出").count
        #expect(abs(found[0].score - (1 - 1.0 / Double(length))) < 0.001, "one edit in the whole name")
    }

    @Test func fuzzy_neverOverlapsAnExactHit() throws {
        // 要介護・要支援更新認定の申請 is one edit from nothing else here, but the span of the
        // exact 要介護・要支援認定の申請 is claimed: no fuzzy mention of the other item there.
        let catalog = try smallCatalog(items: [("a", "要介護・要支援認定の申請"), ("b", "要介護・要支援新認定の申請")])
        #expect(mentions("要介護・要支援認定の申請", catalog).map(\.id) == ["a"])
    }

    @Test func fuzzy_onlyForItemsWithNoExactHit() throws {
        let catalog = try smallCatalog(items: [("p", "罹災証明書の発行申請")])
        let found = mentions("罹災証明書の発行申請。罹災証明の発行申請。", catalog)
        #expect(found.map(\.match) == [.exact], "the item has an exact hit, so its near miss is not searched")
    }

    @Test func fuzzy_shortNamesAreExactOnly() throws {
        let catalog = try smallCatalog(items: [("bid", "入札"), ("reg", "戸籍")])
        #expect(mentions("入礼と戸藉", catalog).isEmpty)
    }

    @Test func fuzzy_belowTheThresholdIsNoMention() throws {
        let catalog = try smallCatalog(items: [("p", "罹災証明書の発行申請")])
        #expect(mentions("罹災届出書の交付申請", catalog).isEmpty)
    }

    @Test func fuzzy_neverCrossesABoundary() throws {
        let catalog = try smallCatalog(items: [("p", "罹災証明書の発行申請")])
        #expect(mentions("罹災証明書\tの発行申請", catalog).isEmpty)
    }

    /// The filter before an alignment counts only the piece's side of any boundary. A near
    /// miss that ends right at a boundary, or starts right after one, must still be found:
    /// counting one character short on either side would reject it.
    @Test func fuzzy_findsANearMissRightAgainstABoundary() throws {
        let catalog = try smallCatalog(items: [("p", "罹災証明書の発行申請")])
        // The typo in the second half: the first half is the piece that occurs, and the
        // span ends at the boundary (with its last character, which the name needs). A blank
        // line and a tab are boundaries; a single line break between Japanese words is not.
        #expect(mentions("前文\n\n罹災証明書の発行中請\n\n後文", catalog).map(\.text) == ["罹災証明書の発行中請"])
        #expect(mentions("罹災証明書の発行中請\t後文", catalog).map(\.text) == ["罹災証明書の発行中請"])
        // The typo in the first half: the second half occurs, and the span starts right after
        // the boundary.
        #expect(mentions("前文\t罹災証名書の発行申請。", catalog).map(\.text) == ["罹災証名書の発行申請"])
        #expect(mentions("前文\n\n罹災証名書の発行申請", catalog).map(\.text) == ["罹災証名書の発行申請"])
    }

    /// Names that end alike share their pieces, which the automaton reports once for all of
    /// them: each name must still be aligned where its own near miss is.
    @Test func fuzzy_namesSharingAPieceAreEachFound() throws {
        let names = (1...9).map { "様式\($0)居宅介護サービス計画の作成依頼届出" }
        let catalog = try smallCatalog(items: names.enumerated().map { ("n\($0.offset + 1)", $0.element) })
        // Each name once in the text, with one character changed in the piece of its own: only
        // the pieces all of them share occur.
        let text = names.map { $0.replacingOccurrences(of: "居宅", with: "居住") }.joined(separator: "。")
        let found = mentions(text, catalog)
        #expect(found.map(\.id) == (1...9).map { "n\($0)" })
        #expect(found.allSatisfy { $0.match == .fuzzy })
    }

    @Test func collectiveFormsAreGroupReferences() throws {
        let catalog = try smallCatalog(items: [("a", "戸籍")], collective: ["20業務"])
        let result = Tagger(catalog: catalog).tag(document("基幹系の20業務について"))
        #expect(result.mentions.isEmpty)
        #expect(result.groups.map(\.groups) == [[0]])
    }

    @Test func alignmentFindsTheClosestSpan() {
        let pattern = Array("abcdef".unicodeScalars.map(\.value))
        let text = Array("xxabcxefyy".unicodeScalars.map(\.value))
        let hit = Tagger.bestAlignment(of: pattern, in: text, window: 0..<text.count, maxEdits: 1)
        #expect(hit?.range == 2..<8)
        #expect(hit?.distance == 1)
    }

    /// The character-count filter before each alignment never rejects a window that holds a
    /// match (checked on 20,000 pseudo-random pattern/window pairs over a small alphabet, where
    /// matches and bucket collisions are frequent), and does reject a window that lacks more
    /// characters of the name than it may miss.
    @Test func theCharacterCountFilterNeverRejectsAMatch() {
        var filter = Tagger.CharacterCountFilter()
        var random = SeededRandom(seed: 0x9E37_79B9_7F4A_7C15)
        // 児童扶養手当 and characters 128 apart, which share a bucket.
        let alphabet: [UInt32] = [0x5150, 0x7AE5, 0x6276, 0x990A, 0x624B, 0x5F53, 0x5150 + 128, 0x7AE5 + 256]
        var matches = 0, rejected = 0
        for _ in 0..<20_000 {
            let pattern = (0..<(4 + random.next(8))).map { _ in alphabet[random.next(alphabet.count)] }
            let window = (0..<(2 + random.next(14))).map { _ in alphabet[random.next(alphabet.count)] }
            let maxEdits = 1 + random.next(2)
            if Tagger.bestAlignment(of: pattern, in: window, window: 0..<window.count, maxEdits: maxEdits) != nil {
                matches += 1
                let passes = filter.mayMatch(pattern, in: window[...], maxEdits: maxEdits)
                #expect(passes, "\(pattern) in \(window)")
            } else if !filter.mayMatch(pattern, in: window[...], maxEdits: maxEdits) {
                rejected += 1
            }
        }
        #expect(matches > 500 && rejected > 5000, "\(matches) matches, \(rejected) windows rejected")
        // Named windows (the tagger's use): tests on one window reuse its counts, and a new
        // name replaces them; the answers must be those of counting every time.
        var keyed = Tagger.CharacterCountFilter()
        let text = (0..<400).map { _ in alphabet[random.next(alphabet.count)] }
        for _ in 0..<2000 {
            let start = random.next(380), end = start + 2 + random.next(18)
            let pattern = (0..<(4 + random.next(8))).map { _ in alphabet[random.next(alphabet.count)] }
            let maxEdits = 1 + random.next(2)
            for _ in 0..<(1 + random.next(3)) {
                #expect(keyed.mayMatch(pattern, in: text[start..<end], key: start..<end, maxEdits: maxEdits)
                        == filter.mayMatch(pattern, in: text[start..<end], maxEdits: maxEdits))
            }
        }
        let name = Array("児童扶養手当(試行1)".unicodeScalars.map(\.value))
        let lacking = filter.mayMatch(name, in: Array("児童扶養手当を支給する".unicodeScalars.map(\.value))[...], maxEdits: 1)
        let oneOff = filter.mayMatch(name, in: Array("児童扶養手当(試行)を".unicodeScalars.map(\.value))[...], maxEdits: 1)
        #expect(!lacking)
        #expect(oneOff)
    }
}

struct KeySetTests {
    /// The fuzzy pass's pair set answers as Swift's Set does, through growth and collisions.
    @Test func answersAsASetDoes() {
        var keys = Tagger.KeySet(capacity: 4), reference = Set<Int64>()
        var random = SeededRandom(seed: 9)
        for _ in 0..<20_000 {
            let key = Int64(bitPattern: random.next() >> 50) - 8_000   // negative keys, and many repeats
            #expect(keys.insert(key) == reference.insert(key).inserted)
        }
        #expect(reference.count > 10_000 && reference.count < 16_385)
    }
}

struct AutomatonTests {
    @Test func reportsEveryOccurrenceIncludingOverlaps() {
        let patterns = ["he", "she", "his", "hers"].map { Array($0.unicodeScalars.map(\.value)) }
        let automaton = Automaton(patterns: patterns)
        var found = [(Int, Int)]()
        automaton.forEachMatch(in: Array("ushers".unicodeScalars.map(\.value))) { found.append(($0, $1)) }
        #expect(found.map { "\($0.0)@\($0.1)" }.sorted() == ["0@4", "1@4", "3@6"].sorted())
    }

    /// Every state has a dense row with the default budget; with a budget of two rows the
    /// deeper states search their own edges and follow failure links. Both layouts must find
    /// exactly the occurrences a brute-force scan finds, in the documented order; so must the
    /// scan in two halves, which a split length of 0 applies to every text long enough
    /// (twice the longest pattern).
    @Test(arguments: [(Automaton.defaultDenseBudget, Automaton.defaultSplitLength), (10, Automaton.defaultSplitLength),
                      (Automaton.defaultDenseBudget, 0)])
    func findsWhatABruteForceScanFinds(denseBudget: Int, splitLength: Int) {
        var random = SeededRandom(seed: 0x9E37_79B9_7F4A_7C15)
        let alphabet: [UInt32] = [0x624B, 0x7D9A, 0x7533, 0x8ACB, 0x1F600]   // 手 続 申 請, and one above the BMP
        var partlySparse = 0
        for _ in 0..<200 {
            let patterns = (0..<(1 + random.next(12))).map { _ in
                (0..<(1 + random.next(4))).map { _ in alphabet[random.next(4) + (random.next(8) == 0 ? 1 : 0)] }
            }
            let text = (0..<random.next(60)).map { _ in random.next(10) == 0 ? 0x3042 : alphabet[random.next(alphabet.count)] }
            let automaton = Automaton(patterns: patterns, denseBudget: denseBudget)
            if automaton.denseStates < automaton.stateCount { partlySparse += 1 }
            var found = [(pattern: Int, end: Int)]()
            automaton.forEachMatch(in: text, splitLength: splitLength) { found.append(($0, $1)) }
            var expected = [(pattern: Int, end: Int)]()
            for end in 1...max(1, text.count) where end <= text.count {
                // By end, then longest first (then pattern order for equal patterns).
                let here = patterns.indices.filter { p in
                    patterns[p].count <= end && Array(text[(end - patterns[p].count)..<end]) == patterns[p]
                }
                expected += here.sorted { (patterns[$0].count, $1) > (patterns[$1].count, $0) }.map { ($0, end) }
            }
            #expect(found.map { "\($0.pattern)@\($0.end)" } == expected.map { "\($0.pattern)@\($0.end)" },
                    "patterns \(patterns) text \(text)")
        }
        #expect(denseBudget < 100 ? partlySparse > 150 : partlySparse == 0, "\(partlySparse) automata with sparse states")
    }
}

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
