import Foundation
import TestSupport
import Testing
@testable import Compare

struct CoverageBuilderTests {
    /// The matrix reads each cell's evidence in place to decide whether it is already in
    /// (document, line) order: on random lists (few documents, repeated lines) the answer must
    /// be the tuple comparison's, and the cell's evidence the sorted list either way.
    @Test func evidenceOrderIsJudgedAsByComparingDocumentAndLine() {
        var random = SeededRandom(seed: 3)
        var unordered = 0
        for _ in 0..<3000 {
            let list = (0..<random.next(6)).map { _ in
                Evidence(document: ["a.txt", "b.txt", "a.txt"][random.next(3)], line: random.next(4), page: nil, section: [],
                         topics: [], excerpt: "", match: .exact, score: 1, matched: "", alias: nil)
            }
            let expected = zip(list, list.dropFirst()).allSatisfy { ($0.document, $0.line) <= ($1.document, $1.line) }
            #expect(CoverageBuilder.isInOrder(list) == expected, "\(list.map { ($0.document, $0.line) })")
            if !expected { unordered += 1 }
        }
        #expect(unordered > 500, "lists out of order are among the inputs")
    }
}
