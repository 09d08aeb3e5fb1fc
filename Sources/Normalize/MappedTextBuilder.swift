/// The output of one normalization pass: scalars with their original ranges, in raw buffers.
///
/// Every pass appends tens of millions of scalars at national scale; three `Array.append`s
/// per scalar (each checking uniqueness and capacity) cost more than the rules themselves.
/// This builder grows by doubling and is turned into a `NormalizedText` once, at the end.
struct MappedTextBuilder: ~Copyable {
    private var scalars: UnsafeMutablePointer<UInt32>
    private var starts: UnsafeMutablePointer<Int32>
    private var ends: UnsafeMutablePointer<Int32>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        scalars = .allocate(capacity: self.capacity)
        starts = .allocate(capacity: self.capacity)
        ends = .allocate(capacity: self.capacity)
    }

    deinit {
        scalars.deallocate()
        starts.deallocate()
        ends.deallocate()
    }

    @inline(__always)
    mutating func append(_ value: UInt32, _ start: Int32, _ end: Int32) {
        if count == capacity { grow() }
        scalars[count] = value
        starts[count] = start
        ends[count] = end
        count += 1
    }

    /// Copies `range` of `view` unchanged: the passes after folding change a few scalars in a
    /// thousand, and copying the runs in between in bulk costs a fraction of copying them
    /// scalar by scalar.
    @inline(__always)
    mutating func append(_ view: MappedTextView, _ range: Range<Int>) {
        let n = range.count
        while count + n > capacity { grow() }
        (scalars + count).update(from: view.scalars.baseAddress! + range.lowerBound, count: n)
        (starts + count).update(from: view.sourceStart.baseAddress! + range.lowerBound, count: n)
        (ends + count).update(from: view.sourceEnd.baseAddress! + range.lowerBound, count: n)
        count += n
    }

    /// Lets `body` rewrite the text where it lies, in place and front to back: it gets the
    /// buffers and the count and returns the new count, which must not be larger.
    mutating func rewriteInPlace(_ body: (UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<Int32>,
                                          UnsafeMutablePointer<Int32>, Int) -> Int) {
        let newCount = body(scalars, starts, ends, count)
        precondition(newCount <= count, "an in-place pass wrote more than it read")
        count = newCount
    }

    var last: UInt32? { count > 0 ? scalars[count - 1] : nil }
    var isEmpty: Bool { count == 0 }

    @inline(__always) func scalar(at index: Int) -> UInt32 { scalars[index] }
    @inline(__always) mutating func setScalar(_ value: UInt32, at index: Int) { scalars[index] = value }
    @inline(__always) mutating func setEnd(_ end: Int32, at index: Int) { ends[index] = end }
    @inline(__always) mutating func removeLast() { count -= 1 }

    private mutating func grow() {
        let newCapacity = capacity * 2
        func move<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }
        scalars = move(scalars)
        starts = move(starts)
        ends = move(ends)
        capacity = newCapacity
    }

    /// The text so far, borrowed as the next pass's input: the passes in between need no
    /// arrays of their own (three copies of every scalar each, at national scale).
    borrowing func withView<Result: ~Copyable>(_ body: (MappedTextView) -> Result) -> Result {
        body(MappedTextView(scalars: UnsafeBufferPointer(start: scalars, count: count),
                            sourceStart: UnsafeBufferPointer(start: starts, count: count),
                            sourceEnd: UnsafeBufferPointer(start: ends, count: count)))
    }

    consuming func finish() -> NormalizedText {
        let n = count
        return NormalizedText(scalars: Array(UnsafeBufferPointer(start: scalars, count: n)),
                              sourceStart: Array(UnsafeBufferPointer(start: starts, count: n)),
                              sourceEnd: Array(UnsafeBufferPointer(start: ends, count: n)))
    }
}

/// A pass's input: scalars and their original ranges, borrowed from the previous pass's
/// builder (or from a `NormalizedText`) for the duration of the pass.
struct MappedTextView {
    let scalars: UnsafeBufferPointer<UInt32>
    let sourceStart: UnsafeBufferPointer<Int32>
    let sourceEnd: UnsafeBufferPointer<Int32>
    var count: Int { scalars.count }
}

extension NormalizedText {
    func withView<Result>(_ body: (MappedTextView) -> Result) -> Result {
        scalars.withUnsafeBufferPointer { scalars in
            sourceStart.withUnsafeBufferPointer { starts in
                sourceEnd.withUnsafeBufferPointer { ends in
                    body(MappedTextView(scalars: scalars, sourceStart: starts, sourceEnd: ends))
                }
            }
        }
    }
}
