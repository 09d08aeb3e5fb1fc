import CResources
import CVector
import Foundation

/// A problem in an orthographic-variant table, with its line.
public struct VariantTableError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "variants table line \(line): \(message)" }
}

/// Rule 8 of `Normalizer`: orthographic variants that mean the same word (手続/手続き,
/// り災/罹災), kept as data so that linguists can extend them without touching code.
///
/// File format: one word a line, the canonical spelling first, then its variants, separated
/// by tabs; `#` starts a comment. Replacement is longest-variant-first at each position,
/// in one left-to-right pass, and never spans a boundary.
struct VariantTable: Sendable {
    struct Entry {
        let canonical: String
        let variants: [String]
        let line: Int
    }

    /// A trie over variant forms while the table is built; `replacement[node]` is the
    /// canonical form ending there.
    private var children: [[UInt32: Int32]] = [[:]]
    private var replacement: [[UInt32]?] = [nil]
    /// The same trie flattened by `compile()` for `apply` (see `FlatTrie`).
    private var flat = FlatTrie(edgeStart: [0, 0], edgeSymbols: [], edgeTargets: [], canonicalStart: [0, 0], canonicalScalars: [],
                                startsVariant: [], startsAboveBMP: [])
    /// Bit per BMP scalar: can a variant start here? (A Set lookup per scalar costs a hash.)
    private var startsVariant = [UInt64](repeating: 0, count: 1024)
    private var startsAboveBMP = Set<UInt32>()
    /// The most a replacement lengthens the text, as canonical length over variant length
    /// (1.5 for 子供 → 子ども): the pass's output is at most this many times its input.
    private var maxGrowth = 1.0

    static let empty = VariantTable()

    /// `Resources/variants.tsv`, as built into the binary (Sources/CResources): no file is read at
    /// run time. Only a build whose resources.c lost the table's row could miss it.
    static func bundledText() -> String {
        var size = 0
        guard let bytes = plancov_resource("variants.tsv", &size) else {
            fatalError("variants.tsv is not built into this plancov (Sources/CResources/resources.c)")
        }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: size), as: UTF8.self)
    }

    static func parse(_ text: String) throws(VariantTableError) -> [Entry] {
        var entries = [Entry]()
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if fields.isEmpty { continue }
            guard fields.count >= 2 else {
                throw VariantTableError(line: number + 1, message: "\"\(fields[0])\" has no variants (fields are separated by tabs)")
            }
            entries.append(Entry(canonical: fields[0], variants: Array(fields.dropFirst()), line: number + 1))
        }
        return entries
    }

    mutating func insert(_ form: [UInt32], canonical: [UInt32], line: Int) throws(VariantTableError) {
        guard let first = form.first else { throw VariantTableError(line: line, message: "empty variant") }
        var node = 0
        for value in form {
            if let next = children[node][value] {
                node = Int(next)
            } else {
                children.append([:])
                replacement.append(nil)
                children[node][value] = Int32(children.count - 1)
                node = children.count - 1
            }
        }
        if let existing = replacement[node], existing != canonical {
            throw VariantTableError(line: line, message: "variant is already a variant of another word")
        }
        replacement[node] = canonical
        maxGrowth = max(maxGrowth, Double(canonical.count) / Double(form.count))
        if first < 0x10000 { startsVariant[Int(first >> 6)] |= 1 << UInt64(first & 63) } else { startsAboveBMP.insert(first) }
    }

    /// Flattens the trie for `apply`, once all words are inserted.
    mutating func compile() {
        var edgeStart: [Int32] = [0], edgeSymbols = [UInt32](), edgeTargets = [Int32]()
        var canonicalStart: [Int32] = [0], canonicalScalars = [UInt32]()
        for node in children.indices {
            for (symbol, target) in children[node].sorted(by: { $0.key < $1.key }) {
                edgeSymbols.append(symbol)
                edgeTargets.append(target)
            }
            edgeStart.append(Int32(edgeSymbols.count))
            canonicalScalars += replacement[node] ?? []
            canonicalStart.append(Int32(canonicalScalars.count))
        }
        flat = FlatTrie(edgeStart: edgeStart, edgeSymbols: edgeSymbols, edgeTargets: edgeTargets,
                        canonicalStart: canonicalStart, canonicalScalars: canonicalScalars,
                        startsVariant: startsVariant, startsAboveBMP: startsAboveBMP)
    }

    /// The trie as raw buffers: a hashed dictionary lookup per scalar of a candidate variant
    /// was 7% of a national run, most positions in a plan being kanji such as 手, 申 or 子 that
    /// start some variant. Node n's edges are `edgeSymbols`/`edgeTargets[edgeStart[n]..<edgeStart[n+1]]`,
    /// sorted by symbol; its canonical form, when a variant ends there, is
    /// `canonicalScalars[canonicalStart[n]..<canonicalStart[n+1]]` (never empty).
    private final class FlatTrie: @unchecked Sendable {
        let edgeStart, edgeTargets, canonicalStart: UnsafeMutableBufferPointer<Int32>
        let edgeSymbols, canonicalScalars: UnsafeMutableBufferPointer<UInt32>
        let startsVariant: UnsafeMutableBufferPointer<UInt64>
        let startsAboveBMP: Set<UInt32>
        let nodeCount: Int

        init(edgeStart: [Int32], edgeSymbols: [UInt32], edgeTargets: [Int32], canonicalStart: [Int32], canonicalScalars: [UInt32],
             startsVariant: [UInt64], startsAboveBMP: Set<UInt32>) {
            func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
                _ = buffer.initialize(from: array)
                return buffer
            }
            nodeCount = edgeStart.count - 1
            self.edgeStart = copy(edgeStart)
            self.edgeSymbols = copy(edgeSymbols)
            self.edgeTargets = copy(edgeTargets)
            self.canonicalStart = copy(canonicalStart)
            self.canonicalScalars = copy(canonicalScalars)
            self.startsVariant = copy(startsVariant.isEmpty ? [UInt64](repeating: 0, count: 1024) : startsVariant)
            self.startsAboveBMP = startsAboveBMP
        }

        deinit {
            for buffer in [edgeStart, edgeTargets, canonicalStart] { buffer.deallocate() }
            edgeSymbols.deallocate()
            canonicalScalars.deallocate()
            startsVariant.deallocate()
        }

        /// Whether a variant can start with `value` (a bit test for the BMP).
        @inline(__always) func mayStartVariant(_ value: UInt32) -> Bool {
            value < 0x10000 ? (startsVariant[Int(value >> 6)] >> UInt64(value & 63)) & 1 != 0 : startsAboveBMP.contains(value)
        }

        /// The child of `node` on `value`, or -1: a binary search over its sorted edges.
        @inline(__always) func child(_ node: Int, _ value: UInt32) -> Int {
            var low = Int(edgeStart[node]), high = Int(edgeStart[node + 1])
            while low < high {
                let mid = (low + high) >> 1
                let symbol = edgeSymbols[mid]
                if symbol == value { return Int(edgeTargets[mid]) }
                if symbol < value { low = mid + 1 } else { high = mid }
            }
            return -1
        }
    }

    /// The last pass, written straight into the arrays of the resulting `NormalizedText`:
    /// their size is bounded in advance (`maxGrowth`), so the text is not built in buffers
    /// and then copied into arrays.
    func apply(in text: MappedTextView, vectorKernel: Bool) -> NormalizedText {
        let flat = flat
        precondition(flat.nodeCount == children.count, "VariantTable.compile() was not called after the last insert")
        let input = text.scalars
        let count = input.count
        let capacity = Int((Double(count) * maxGrowth).rounded(.up)) + 16
        var written = 0
        var sourceStart = [Int32](), sourceEnd = [Int32]()
        let scalars = [UInt32](unsafeUninitializedCapacity: capacity) { scalarBuffer, scalarCount in
            sourceStart = [Int32](unsafeUninitializedCapacity: capacity) { startBuffer, startCount in
                sourceEnd = [Int32](unsafeUninitializedCapacity: capacity) { endBuffer, endCount in
                    let scalars = scalarBuffer.baseAddress!, starts = startBuffer.baseAddress!, ends = endBuffer.baseAddress!
                    var index = 0
                    while index < count {
                        // The run up to the next scalar that can start a variant is copied as it is
                        // (found eight scalars at a time by the vector kernel, the last few here).
                        var runEnd = vectorKernel ? plancov_scan_variant_start(input.baseAddress!, index, count, flat.startsVariant.baseAddress!) : index
                        while runEnd < count, !flat.mayStartVariant(input[runEnd]) { runEnd += 1 }
                        if runEnd > index {
                            let length = runEnd - index
                            precondition(written + length <= capacity)
                            (scalars + written).update(from: input.baseAddress! + index, count: length)
                            (starts + written).update(from: text.sourceStart.baseAddress! + index, count: length)
                            (ends + written).update(from: text.sourceEnd.baseAddress! + index, count: length)
                            written += length
                            index = runEnd
                            if index == count { break }
                        }
                        var node = 0, position = index
                        var best = -1, bestEnd = 0
                        while position < count {
                            let next = flat.child(node, input[position])
                            if next < 0 { break }
                            node = next
                            position += 1
                            if flat.canonicalStart[node] < flat.canonicalStart[node + 1] { best = node; bestEnd = position }
                        }
                        if best >= 0 {
                            // The canonical spelling stands for the whole variant in the original.
                            let start = text.sourceStart[index], end = text.sourceEnd[bestEnd - 1]
                            let canonical = Int(flat.canonicalStart[best])..<Int(flat.canonicalStart[best + 1])
                            precondition(written + canonical.count <= capacity)
                            for k in canonical {
                                scalars[written] = flat.canonicalScalars[k]
                                starts[written] = start
                                ends[written] = end
                                written += 1
                            }
                            index = bestEnd
                        } else {
                            precondition(written < capacity)
                            scalars[written] = input[index]
                            starts[written] = text.sourceStart[index]
                            ends[written] = text.sourceEnd[index]
                            written += 1
                            index += 1
                        }
                    }
                    endCount = written
                }
                startCount = written
            }
            scalarCount = written
        }
        return NormalizedText(scalars: scalars, sourceStart: sourceStart, sourceEnd: sourceEnd)
    }
}
