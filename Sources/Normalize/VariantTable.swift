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

    /// A trie over variant forms; `replacement[node]` is the canonical form ending there.
    private var children: [[UInt32: Int32]] = [[:]]
    private var replacement: [[UInt32]?] = [nil]
    /// Bit per BMP scalar: can a variant start here? (A Set lookup per scalar costs a hash.)
    private var startsVariant = [UInt64](repeating: 0, count: 1024)
    private var startsAboveBMP = Set<UInt32>()
    private var isEmpty = true

    static let empty = VariantTable()

    static func bundledText() -> String {
        guard let url = Bundle.module.url(forResource: "variants", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("plancov's bundled Resources/variants.tsv is missing from the build")
        }
        return text
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
        if first < 0x10000 { startsVariant[Int(first >> 6)] |= 1 << UInt64(first & 63) } else { startsAboveBMP.insert(first) }
        isEmpty = false
    }

    func apply(to text: NormalizedText) -> NormalizedText {
        if isEmpty { return text }
        return text.withView { apply(in: $0).finish() }
    }

    func apply(in text: MappedTextView) -> MappedTextBuilder {
        let input = text.scalars
        let count = input.count
        var out = MappedTextBuilder(capacity: count + 16)
        var index = 0
        while index < count {
            let value = input[index]
            if value < 0x10000 ? (startsVariant[Int(value >> 6)] >> UInt64(value & 63)) & 1 != 0 : startsAboveBMP.contains(value) {
                var node = 0, position = index
                var best: (end: Int, canonical: [UInt32])? = nil
                while position < count, let next = children[node][input[position]] {
                    node = Int(next)
                    position += 1
                    if let canonical = replacement[node] { best = (position, canonical) }
                }
                if let best {
                    // The canonical spelling stands for the whole variant in the original.
                    let start = text.sourceStart[index], end = text.sourceEnd[best.end - 1]
                    for scalar in best.canonical { out.append(scalar, start, end) }
                    index = best.end
                    continue
                }
            }
            out.append(value, text.sourceStart[index], text.sourceEnd[index])
            index += 1
        }
        return out
    }
}
