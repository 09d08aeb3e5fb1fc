import Foundation
import TestSupport
import Testing
@testable import Compare
import Ingest
import Normalize

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
