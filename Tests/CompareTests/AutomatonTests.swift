import Foundation
import TestSupport
import Testing
@testable import Compare
import Ingest
import Normalize

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
