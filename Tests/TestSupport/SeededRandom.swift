/// The generator every property test draws its random inputs from: seeded, so that each run,
/// on every machine, tries the same inputs and a failure can be replayed from its seed.
/// (Knuth's MMIX linear congruential generator: plenty for test data, and one line.)
public struct SeededRandom: RandomNumberGenerator {
    /// The last value drawn (the seed before the first draw).
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }

    /// A number in `0..<bound`, from the high bits (the low bits of this generator repeat
    /// with short periods).
    public mutating func next(_ bound: Int) -> Int {
        Int((next() >> 33) % UInt64(bound))
    }
}
