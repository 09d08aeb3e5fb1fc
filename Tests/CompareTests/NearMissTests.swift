import Foundation
import Testing
@testable import Compare
import Ingest
import Normalize

/// The rules of `NearMissFinder`, one test each, on the examples of its documentation.
struct NearMissTests {
    static let catalog = try! smallCatalog(items: [("care", "介護保険"), ("high", "高額介護（予防）サービス費の支給申請"),
                                                  ("share", "介護保険負担割合証の再交付申請"), ("disaster", "罹災証明書の発行申請")])

    /// The near misses of `text`, as (item id, words of the plan, score).
    func nearMisses(_ text: String, _ catalog: Catalog = NearMissTests.catalog) -> [(id: String, text: String, score: Double)] {
        let doc = document(text)
        let tagger = Tagger(catalog: catalog)
        let normalized = tagger.normalized(doc)
        let mentions = tagger.tag(doc, normalized: normalized).mentions
        return NearMissFinder(tagger: tagger).nearMisses(in: normalized, document: doc, mentions: mentions)
            .map { (catalog.items[$0.item].id, doc.text($0.sourceRange), $0.score) }
    }

    @Test func theBestPlaceBelowTheThresholdIsOffered() {
        let found = nearMisses("⑦ 高額介護サービス費の支給申請をオンライン化する。")
        #expect(found.map(\.id) == ["high"])
        #expect(found.first?.text == "高額介護サービス費の支給申請")
        #expect(found.first?.score == 0.778, "four edits of eighteen")
    }

    @Test func nothingBelowTheFloor() {
        #expect(nearMisses("高額療養費の申請").isEmpty)
        let strict = try! smallCatalog(items: [("high", "高額介護（予防）サービス費の支給申請")], threshold: 0.9)
        #expect(nearMisses("介護サービスの申請", strict).isEmpty)
    }

    @Test func onlyForItemsTheDocumentDoesNotName() {
        // Named once exactly: its other, weaker places are no near misses.
        #expect(nearMisses("高額介護（予防）サービス費の支給申請。高額介護サービス費の支給申請。").isEmpty)
        // Within the threshold, it is a fuzzy mention, not a near miss.
        #expect(nearMisses("罹災証明書の発行中請").isEmpty)
    }

    @Test func aNearMissHoldsAMentionWholeOrNotAtAll() {
        // 介護保険 is a mention inside the near miss of 介護保険負担割合証の再交付申請: held whole.
        let found = nearMisses("介護保険負担証の交付申請")
        #expect(found.map(\.id) == ["share"])
        #expect(found.first?.text == "介護保険負担証の交付申請")
    }

    @Test func aNearMissNeverCrossesABoundary() {
        #expect(nearMisses("高額介護\n\nサービス費の支給申請").isEmpty)
    }
}
