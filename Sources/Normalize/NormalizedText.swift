/// Text in its matching form, with the way back to the original.
///
/// Invariant: for every normalized index `i`, `sourceStart[i] < sourceEnd[i]` are offsets into
/// the original scalars, and both arrays never decrease. So any normalized range maps to one
/// contiguous original range, and evidence can always quote the words the plan really used.
public struct NormalizedText: Sendable, Equatable {
    /// The normalized scalar values. `Normalizer.boundary` separates cells, paragraphs and
    /// pages; no catalog name contains it, so no match ever spans two of them.
    public let scalars: [UInt32]
    /// Original offset where each normalized scalar's source begins.
    public let sourceStart: [Int32]
    /// Original offset just past each normalized scalar's source.
    public let sourceEnd: [Int32]

    public init(scalars: [UInt32], sourceStart: [Int32], sourceEnd: [Int32]) {
        precondition(scalars.count == sourceStart.count && scalars.count == sourceEnd.count)
        self.scalars = scalars
        self.sourceStart = sourceStart
        self.sourceEnd = sourceEnd
    }

    public var count: Int { scalars.count }

    /// The original range that the normalized `range` came from. An empty range maps to the
    /// empty original range at its position.
    public func sourceRange(_ range: Range<Int>) -> Range<Int> {
        if range.isEmpty {
            let at = range.lowerBound < count ? Int(sourceStart[range.lowerBound]) : Int(sourceEnd.last ?? 0)
            return at..<at
        }
        return Int(sourceStart[range.lowerBound])..<Int(sourceEnd[range.upperBound - 1])
    }

    /// The normalized range of the original `range`: from the first normalized scalar whose
    /// source starts at or after its start to the first at or after its end (a heading's
    /// line, a title's lines), found by binary search.
    public func normalizedRange(ofSource range: Range<Int>) -> Range<Int> {
        func firstStarting(atOrAfter offset: Int) -> Int {
            var low = 0, high = count
            while low < high {
                let mid = (low + high) / 2
                if Int(sourceStart[mid]) < offset { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let lower = firstStarting(atOrAfter: range.lowerBound)
        return lower..<max(lower, firstStarting(atOrAfter: range.upperBound))
    }

    /// The normalized text as a String, for tests, debugging and catalog messages.
    public var string: String {
        var view = String.UnicodeScalarView()
        for value in scalars { if let scalar = Unicode.Scalar(value) { view.append(scalar) } }
        return String(view)
    }
}
