import Ingest
import Normalize

/// Rules 4, 7 and 8 of the matching semantics (see `Tagger`): where a name stands in a longer
/// word, and where a plan leaves a name out.
///
/// The word classes are data (`compounds` and `organization_suffixes` in the catalog); this
/// file holds the mechanism. A word here is a run of kanji and katakana in the original text
/// (the kana of 及び or の ends it: normalization makes hiragana katakana, so the script is
/// read from the original), read in the normalized text, where a single broken line is already
/// joined (and, in double-spaced text, a blank line; see `Normalizer` rule 6a).
///
/// Cost: a few comparisons of short lists at each exact or fuzzy hit, none per scalar.
extension Tagger {
    /// The catalog's word classes in their matching form, built once per tagger.
    struct WordClasses: Sendable {
        var keep: [[UInt32]] = []
        /// `compounds.heads` and the organization suffixes.
        var heads: [[UInt32]] = []
        var prefixes: [[UInt32]] = []
        var markers: [[UInt32]] = []
        var joiners: [[UInt32]] = []
        /// False for a catalog without `compounds`: only rule 4's suffix test applies.
        var enabled = false
        /// Bit `value & 63` set for the first scalar of every marker and the last of every
        /// prefix: most names are followed by neither, and one test of a bit says so.
        var markerStarts: UInt64 = 0
        var prefixEnds: UInt64 = 0

        init() {}

        init(catalog: Catalog, normalizer: Normalizer, suffixes: [[UInt32]]) {
            func forms(_ words: [String]) -> [[UInt32]] {
                // Longest first: the first that matches is the longest.
                words.map { normalizer.normalize($0).scalars }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
            }
            let compounds = catalog.compounds
            enabled = !compounds.isEmpty
            keep = forms(compounds.keep)
            heads = (forms(compounds.heads) + suffixes).sorted { $0.count > $1.count }
            prefixes = forms(compounds.prefixes)
            markers = forms(compounds.exclusionMarkers)
            joiners = forms(compounds.joiners)
            for marker in markers { markerStarts |= 1 << UInt64(marker[0] & 63) }
            for prefix in prefixes { prefixEnds |= 1 << UInt64(prefix[prefix.count - 1] & 63) }
        }

        @inline(__always) func mayStartMarker(_ value: UInt32) -> Bool { markerStarts & (1 << UInt64(value & 63)) != 0 }
        @inline(__always) func mayEndPrefix(_ value: UInt32) -> Bool { prefixEnds & (1 << UInt64(value & 63)) != 0 }
    }

    /// How far a word may run after a name before its head is taken as unknown (a longer run is
    /// another word, and a compound when nothing separates it from the name).
    static let longestContinuation = 24

    /// Rules 4 and 7: whether the name at `range` of the normalized text is part of a longer
    /// word that names something else (and so no mention of its item). `nameFollows`: another
    /// catalog name begins right where this one ends (the next line of a list).
    func isInsideLongerWord(_ range: Range<Int>, in text: NormalizedText, document: Document, nameFollows: Bool = false) -> Bool {
        guard classes.enabled else { return isOrganizationName(endingAt: range.upperBound, in: text, document: document) }
        return text.scalars.withUnsafeBufferPointer { scalars in
            hasCompoundPrefix(range, scalars, text, document)
                || hasCompoundContinuation(range, scalars, text, document, nameFollows: nameFollows)
        }
    }

    /// Whether the original character of normalized position `index` is a letter that goes on
    /// a word: kanji (with 々 and 〆) or katakana (with ー, full or half width).
    @inline(__always)
    func continuesWord(_ index: Int, _ scalars: UnsafeBufferPointer<UInt32>, _ text: NormalizedText, _ document: Document) -> Bool {
        guard scalars[index] != Normalizer.boundary else { return false }
        let value = document.scalars[Int(text.sourceStart[index])]
        return (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF) || (value >= 0xF900 && value <= 0xFAFF)
            || (value >= 0x20000 && value <= 0x3FFFF) || value == 0x3005 || value == 0x3006
            || (value >= 0x30A1 && value <= 0x30FA) || value == 0x30FC || value == 0x30FD || value == 0x30FE
            || (value >= 0xFF66 && value <= 0xFF9F)
    }

    /// Rule 7, before the name: a prefix of the catalog right before it (未就学, 特別児童扶養手当).
    /// A one-character prefix counts only when no kanji comes before it, since it may as well
    /// end the word before (是非, 有無).
    func hasCompoundPrefix(_ range: Range<Int>, _ scalars: UnsafeBufferPointer<UInt32>, _ text: NormalizedText,
                           _ document: Document) -> Bool {
        let start = range.lowerBound
        guard start > 0, classes.mayEndPrefix(scalars[start - 1]) else { return false }
        for prefix in classes.prefixes where prefix.count <= start {
            guard Tagger.matches(prefix, scalars, at: start - prefix.count) else { continue }
            let before = start - prefix.count
            if prefix.count == 1, before > 0, continuesWord(before - 1, scalars, text, document) { continue }
            return true
        }
        return false
    }

    /// Rules 4 and 7, after the name: the word that continues it.
    func hasCompoundContinuation(_ range: Range<Int>, _ scalars: UnsafeBufferPointer<UInt32>, _ text: NormalizedText,
                                 _ document: Document, nameFollows: Bool) -> Bool {
        let start = range.upperBound
        guard start < scalars.count, continuesWord(start, scalars, text, document) else { return false }
        // Rule 8 first: 印鑑登録以外 leaves 印鑑登録 out; it is no other word.
        if isFollowedByMarker(start, scalars) { return false }
        // The word runs to the next line break or column: a line is one entry of a list at most.
        var end = start
        while end < scalars.count, end - start <= Tagger.longestContinuation, continuesWord(end, scalars, text, document),
              end == start || !hasBreak(Tagger.gap(before: end, in: text), document) {
            end += 1
        }
        if end == start { return false }
        // Made of nothing but words that keep the meaning: 生活保護申請書, 介護保険関係事務.
        if end - start <= Tagger.longestContinuation, isMadeOfKeptWords(start..<end, scalars) { return false }
        if !isSeparated(range, in: text, document: document) { return true }
        // Across a line break or a space: only a word whose head (or first word) is a head of
        // the catalog, and not another name (児童手当 on the next line of a list), because the
        // next line may as well be the next entry of a list.
        guard !nameFollows, end - start <= Tagger.longestContinuation else { return false }
        let count = end - start
        for head in classes.heads where head.count <= count {
            if head.count == 1 && count > 1 { continue }
            if Tagger.matches(head, scalars, at: end - head.count) { return true }
            if head.count > 1, Tagger.matches(head, scalars, at: start) { return true }
        }
        return false
    }

    /// The original text dropped between normalized characters `index - 1` and `index` (empty
    /// where both come from one original character, as the variants' expansions do).
    @inline(__always)
    static func gap(before index: Int, in text: NormalizedText) -> Range<Int> {
        let start = Int(text.sourceEnd[index - 1]), end = Int(text.sourceStart[index])
        return start < end ? start..<end : end..<end
    }

    /// Whether the original `gap` between two normalized characters holds a line break.
    @inline(__always)
    func hasBreak(_ gap: Range<Int>, _ document: Document) -> Bool {
        gap.contains { let value = document.scalars[$0]; return value == 0x0A || value == 0x0D || value == 0x0C || value == 0x2028 }
    }

    /// Whether `run` splits, from its start, into words of `keep` (longest first).
    func isMadeOfKeptWords(_ run: Range<Int>, _ scalars: UnsafeBufferPointer<UInt32>) -> Bool {
        var position = run.lowerBound
        next: while position < run.upperBound {
            for word in classes.keep where word.count <= run.upperBound - position && Tagger.matches(word, scalars, at: position) {
                position += word.count
                continue next
            }
            return false
        }
        return true
    }

    /// Whether a line break, or more space than the name's own letters have between them,
    /// stands between the name at `range` and what follows it in the original text. Letter-
    /// spaced text (`国 民 健 康 保 険 特 別 会 計`) is one word; a table's columns and a list's
    /// lines are not.
    func isSeparated(_ range: Range<Int>, in text: NormalizedText, document: Document) -> Bool {
        guard range.upperBound < text.count, !range.isEmpty else { return true }
        func spaces(_ gap: Range<Int>) -> Int? {
            var count = 0
            for index in gap {
                switch document.scalars[index] {
                case 0x0A, 0x0D, 0x0C, 0x2028, 0x2029, 0x09: return nil
                case 0x20, 0x3000: count += 1
                default: break
                }
            }
            return count
        }
        guard let after = spaces(Tagger.gap(before: range.upperBound, in: text)) else { return true }
        if after == 0 { return false }
        var inside = 0
        for index in range.lowerBound..<(range.upperBound - 1) {
            inside = max(inside, spaces(Tagger.gap(before: index + 1, in: text)) ?? Int.max)
        }
        return after > inside
    }

    /// Rule 8: marks as excluded the mentions (in text order) that a plan leaves out: a name,
    /// or a list of names joined by the catalog's joiners (、・／ 及び と …), followed by an
    /// exclusion marker (以外, を除く, は対象外).
    func markExclusions(_ mentions: inout [Mention], in text: NormalizedText) {
        guard !classes.markers.isEmpty, !mentions.isEmpty else { return }
        text.scalars.withUnsafeBufferPointer { scalars in
            for index in mentions.indices where isFollowedByMarker(mentions[index].normalizedRange.upperBound, scalars) {
                // The marker ends the list: this name is its last; the list runs back over joiners.
                var first = index
                while first > 0, isJoined(mentions[first - 1].normalizedRange.upperBound..<mentions[first].normalizedRange.lowerBound, scalars) {
                    first -= 1
                }
                for member in first...index { mentions[member].qualifier = .excluded }
            }
        }
    }

    /// Whether an exclusion marker begins at `position`.
    @inline(__always)
    func isFollowedByMarker(_ position: Int, _ scalars: UnsafeBufferPointer<UInt32>) -> Bool {
        guard position < scalars.count, classes.mayStartMarker(scalars[position]) else { return false }
        return classes.markers.contains { Tagger.matches($0, scalars, at: position) }
    }

    /// Whether the normalized `gap` between two names is nothing but joiners.
    func isJoined(_ gap: Range<Int>, _ scalars: UnsafeBufferPointer<UInt32>) -> Bool {
        guard gap.lowerBound <= gap.upperBound else { return false }
        var position = gap.lowerBound
        next: while position < gap.upperBound {
            for joiner in classes.joiners where joiner.count <= gap.upperBound - position && Tagger.matches(joiner, scalars, at: position) {
                position += joiner.count
                continue next
            }
            return false
        }
        return true
    }

    @inline(__always)
    static func matches(_ word: [UInt32], _ scalars: UnsafeBufferPointer<UInt32>, at position: Int) -> Bool {
        guard position >= 0, position + word.count <= scalars.count else { return false }
        for (offset, value) in word.enumerated() where scalars[position + offset] != value { return false }
        return true
    }
}
