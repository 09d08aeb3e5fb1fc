import CVector

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

    /// Folds `input[start..<end]` one scalar to one as long as each is a BMP character whose
    /// table entry is a single scalar with no rule of its own (no voicing mark to compose, no
    /// line break), and returns where it stopped: `end`, or the first scalar that needs the
    /// general path. Fold's hot loop, with the buffers and the count in registers and room made
    /// once. The vector kernel (AVX2, eight scalars a step) goes first, as far as it can; this
    /// loop does the last few before a stop, and all of it where `vectorKernel` is false.
    mutating func appendFolded(_ input: UnsafeBufferPointer<UInt32>, from start: Int, to end: Int,
                               table: UnsafeBufferPointer<UInt32>, vectorKernel: Bool) -> Int {
        while count + (end - start) > capacity { grow() }
        let scalars = scalars, starts = starts, ends = ends
        var index = start, written = count
        if vectorKernel {
            index = plancov_fold_run(input.baseAddress!, start, end, table.baseAddress!, Normalizer.lineBreak,
                                     scalars + written, starts + written, ends + written)
            written += index - start
        }
        while index < end {
            let value = input[index]
            if value >= 0x10000 { break }
            let folded = table[Int(value)]
            if folded & CharacterFolding.multiple != 0 || folded == 0x3099 || folded == 0x309A || folded == Normalizer.lineBreak { break }
            scalars[written] = folded
            starts[written] = Int32(index)
            ends[written] = Int32(index + 1)
            written += 1
            index += 1
        }
        count = written
        return index
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

    /// Whether this processor runs the vector kernel (AVX2): asked once, not per call.
    static let hasVectorKernel = plancov_vector_width() > 0

    var last: UInt32? { count > 0 ? scalars[count - 1] : nil }
    var isEmpty: Bool { count == 0 }

    @inline(__always) mutating func setScalar(_ value: UInt32, at index: Int) { scalars[index] = value }
    @inline(__always) mutating func setEnd(_ end: Int32, at index: Int) { ends[index] = end }

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
