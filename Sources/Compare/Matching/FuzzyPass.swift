import Foundation
import Ingest
import Normalize

/// Step 5 of the matching semantics (see `Tagger`): the fuzzy pass, and the kernels it runs on.
///
/// A span within k edits of a name contains one of k + 1 disjoint pieces of the name unchanged
/// (the pigeonhole principle), so candidates come from the pieces the exact automaton reported;
/// a character-count filter drops most of them, and a semi-global Levenshtein alignment decides
/// the rest. Candidates claim their spans best first, never over a span the exact pass claimed.
extension Tagger {

    func fuzzyMentions(in text: NormalizedText, document: Document, pieceHits: [(piece: Int, end: Int)],
                               claimed: [Range<Int>], skipping found: [Bool]) -> [Mention] {
        guard !fuzzyForms.isEmpty else { return [] }
        var candidates = [(range: Range<Int>, form: Int, distance: Int)]()
        var verified = KeySet(capacity: pieceHits.count)
        let scalars = text.scalars
        var filter = CharacterCountFilter()
        var alignment = Tagger.Alignment()
        // Everything is read in place, through buffers: the loop runs once per (piece hit,
        // name the piece is in), and copying a form or a slice of the text retained arrays.
        fuzzyForms.withUnsafeBufferPointer { forms in
            fuzzyScalars.withUnsafeBufferPointer { flat in
                scalars.withUnsafeBufferPointer { text in
                    for (piece, end) in pieceHits {
                        let pieceStart = end - exact.patternLengths[piece]
                        let p = piece - exactCount
                        for k in pieceOriginStart[p]..<pieceOriginStart[p + 1] {
                            let origin = pieceOrigins[k]
                            guard !found[forms[origin.form].item] else { continue }
                            let maxEdits = forms[origin.form].maxEdits
                            let pattern = UnsafeBufferPointer(rebasing: flat[fuzzyScalarStart[origin.form]..<fuzzyScalarStart[origin.form + 1]])
                            let alignedStart = pieceStart - origin.offset
                            let key = Int64(origin.form) << 32 | Int64(alignedStart + 1_000_000)
                            guard verified.insert(key) else { continue }
                            let windowStart = max(0, alignedStart - maxEdits)
                            let windowEnd = min(text.count, alignedStart + pattern.count + maxEdits)
                            guard windowStart < windowEnd else { continue }
                            // A span is kept only when it crosses no boundary, so the filter counts the
                            // part of the window on the piece's side of any: the same answer for every
                            // span kept, and far fewer alignments where the next line holds the rest.
                            var segmentStart = pieceStart, segmentEnd = end
                            while segmentStart > windowStart, text[segmentStart - 1] != Normalizer.boundary { segmentStart -= 1 }
                            while segmentEnd < windowEnd, text[segmentEnd] != Normalizer.boundary { segmentEnd += 1 }
                            guard filter.mayMatch(pattern, in: UnsafeBufferPointer(rebasing: text[segmentStart..<segmentEnd]),
                                                  key: segmentStart..<segmentEnd, maxEdits: maxEdits),
                                  let hit = alignment.best(of: pattern, in: text, window: windowStart..<windowEnd, maxEdits: maxEdits)
                            else { continue }
                            candidates.append((hit.range, origin.form, hit.distance))
                        }
                    }
                }
            }
        }
        if candidates.isEmpty { return [] }
        // Best first; a span claims its place against worse ones and against exact spans.
        candidates.sort {
            let a = Double($0.distance) / Double(fuzzyForms[$0.form].scalars.count)
            let b = Double($1.distance) / Double(fuzzyForms[$1.form].scalars.count)
            return a != b ? a < b : ($0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.form < $1.form)
        }
        // Taken positions as a bitmap: checking each candidate against a list of every span
        // taken so far was quadratic on a huge document (a 50 MB single line).
        var taken = [UInt64](repeating: 0, count: scalars.count / 64 + 1)
        func isTaken(_ range: Range<Int>) -> Bool {
            for position in range where taken[position >> 6] & (1 << UInt64(position & 63)) != 0 { return true }
            return false
        }
        func take(_ range: Range<Int>) {
            for position in range { taken[position >> 6] |= 1 << UInt64(position & 63) }
        }
        for range in claimed { take(range.clamped(to: 0..<scalars.count)) }
        var result = [Mention]()
        for candidate in candidates {
            let range = candidate.range
            if scalars[range].contains(Normalizer.boundary) { continue }
            if isTaken(range) { continue }
            take(range)
            let form = fuzzyForms[candidate.form]
            if isInsideLongerWord(range, in: text, document: document) { continue }
            let score = 1 - Double(candidate.distance) / Double(form.scalars.count)
            result.append(Mention(item: form.item, sourceRange: text.sourceRange(range), normalizedRange: range,
                                  match: .fuzzy, score: (score * 1000).rounded() / 1000, alias: form.alias))
        }
        return result
    }

    /// The (name, aligned start) pairs already aligned in a document: a set of integers with
    /// open addressing and a multiplicative hash. With a large catalog every piece hit tests
    /// a pair, and hashing them with Swift's seeded SipHash cost a third of the fuzzy pass.
    struct KeySet {
        private var slots: [Int64]
        private var used = 0
        private static let empty = Int64.min

        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            slots = [Int64](repeating: KeySet.empty, count: size)
        }

        /// Adds `key` (never `Int64.min`); false when it was there already.
        mutating func insert(_ key: Int64) -> Bool {
            if (used + 1) * 2 > slots.count { grow() }
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
            while slots[slot] != KeySet.empty {
                if slots[slot] == key { return false }
                slot = (slot + 1) & mask
            }
            slots[slot] = key
            used += 1
            return true
        }

        private mutating func grow() {
            let old = slots
            slots = [Int64](repeating: KeySet.empty, count: old.count * 2)
            used = 0
            for key in old where key != KeySet.empty { _ = insert(key) }
        }
    }

    /// The cheap test before an alignment: a span within k edits of a name lacks at most k of
    /// the name's characters, so a window that lacks more (counted as a multiset) holds no
    /// match. Characters are counted in 128 buckets: two characters sharing a bucket can only
    /// hide a missing one, never invent one, so the test never rejects a true match. It costs
    /// one pass over the name (and one over the window when the window changes) instead of
    /// their product; with many names sharing a piece (児童扶養手当 and 児童扶養手当（試行1）…)
    /// most alignments end here, and names that share a piece share the window too.
    struct CharacterCountFilter {
        /// Counts of the current window's characters, by bucket.
        private var counts = [Int16](repeating: 0, count: 128)
        /// Identifies the current window (its range in the text) when the caller gives one.
        private var windowKey: Range<Int>? = nil

        @inline(__always) private static func bucket(_ value: UInt32) -> Int { Int((value ^ (value >> 7)) & 127) }

        /// As `mayMatch(_:in:maxEdits:)` for a window the caller names by `key` (its range in
        /// one text): consecutive tests on the same window count it once.
        mutating func mayMatch(_ pattern: UnsafeBufferPointer<UInt32>, in window: UnsafeBufferPointer<UInt32>, key: Range<Int>?, maxEdits: Int) -> Bool {
            counts.withUnsafeMutableBufferPointer { counts in
                if key == nil || key != windowKey {
                    counts.update(repeating: 0)
                    for value in window { counts[Self.bucket(value)] += 1 }
                    windowKey = key
                }
                // Each character of the name takes one of its bucket from the window; those that
                // find none are missing.
                var missing = 0
                for value in pattern {
                    let bucket = Self.bucket(value)
                    counts[bucket] -= 1
                    if counts[bucket] < 0 { missing += 1 }
                }
                for value in pattern { counts[Self.bucket(value)] += 1 }
                return missing <= maxEdits
            }
        }

        mutating func mayMatch(_ pattern: [UInt32], in window: ArraySlice<UInt32>, key: Range<Int>?, maxEdits: Int) -> Bool {
            pattern.withUnsafeBufferPointer { pattern in
                window.withUnsafeBufferPointer { window in mayMatch(pattern, in: window, key: key, maxEdits: maxEdits) }
            }
        }

        mutating func mayMatch(_ pattern: [UInt32], in window: ArraySlice<UInt32>, maxEdits: Int) -> Bool {
            mayMatch(pattern, in: window, key: nil, maxEdits: maxEdits)
        }
    }

    /// Semi-global Levenshtein alignment: the substring of `text[window]` closest to
    /// `pattern`, if it is within `maxEdits`. Ties go to the longer span, then the earlier one.
    static func bestAlignment(of pattern: [UInt32], in text: [UInt32], window: Range<Int>, maxEdits: Int) -> (range: Range<Int>, distance: Int)? {
        var alignment = Alignment()
        return pattern.withUnsafeBufferPointer { pattern in
            text.withUnsafeBufferPointer { text in alignment.best(of: pattern, in: text, window: window, maxEdits: maxEdits) }
        }
    }

    /// `bestAlignment` with its four columns kept from one alignment to the next (a document
    /// can need thousands of them).
    struct Alignment {
        private var previous = [Int](), current = [Int](), previousStart = [Int](), currentStart = [Int]()

        mutating func best(of pattern: UnsafeBufferPointer<UInt32>, in text: UnsafeBufferPointer<UInt32>, window: Range<Int>,
                           maxEdits: Int) -> (range: Range<Int>, distance: Int)? {
            let m = pattern.count
            let width = window.count
            // column[i] = edit distance of pattern[0..<i] against the best substring ending at j;
            // start[i] = where that substring starts.
            previous.removeAll(keepingCapacity: true); previous.append(contentsOf: 0...m)
            current.removeAll(keepingCapacity: true); current.append(contentsOf: repeatElement(0, count: m + 1))
            previousStart.removeAll(keepingCapacity: true); previousStart.append(contentsOf: repeatElement(window.lowerBound, count: m + 1))
            currentStart.removeAll(keepingCapacity: true); currentStart.append(contentsOf: repeatElement(0, count: m + 1))
            var best: (range: Range<Int>, distance: Int)? = nil
            for j in 0..<width {
                let position = window.lowerBound + j
                let value = text[position]
                current[0] = 0
                currentStart[0] = position + 1
                for i in 1...m {
                    let substitute = previous[i - 1] + (pattern[i - 1] == value ? 0 : 1)
                    let delete = current[i - 1] + 1       // pattern character missing from the text
                    let insert = previous[i] + 1          // extra character in the text
                    if substitute <= delete && substitute <= insert {
                        current[i] = substitute; currentStart[i] = previousStart[i - 1]
                    } else if insert <= delete {
                        current[i] = insert; currentStart[i] = previousStart[i]
                    } else {
                        current[i] = delete; currentStart[i] = currentStart[i - 1]
                    }
                }
                if current[m] <= maxEdits {
                    let range = currentStart[m]..<(position + 1)
                    if best == nil || current[m] < best!.distance
                        || (current[m] == best!.distance && range.count > best!.range.count && range.lowerBound == best!.range.lowerBound) {
                        best = (range, current[m])
                    }
                }
                swap(&previous, &current)
                swap(&previousStart, &currentStart)
            }
            guard let best, !best.range.isEmpty else { return nil }
            return best
        }
    }
}
