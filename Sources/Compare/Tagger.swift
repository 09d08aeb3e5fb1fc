import Foundation
import Ingest
import Normalize

/// Finds every mention of every catalog item in a document.
///
/// # Matching semantics
///
/// 1. **Same normalization on both sides.** Catalog names, aliases, exclusions and
///    collective forms go through the same `Normalizer` as the document; offsets map every
///    hit back to the original text.
/// 2. **Leftmost-longest across the whole catalog.** All names are matched in one automaton
///    pass; of the occurrences, the one that starts first wins, and of those starting
///    together the longest. Where 児童手当等の現況届 matches, the 児童手当 inside it is no
///    separate mention of the 児童手当 system.
/// 3. **Exclusions claim their span and yield nothing.** 特別児童扶養手当 is another
///    allowance, so the 児童扶養手当 inside it is not a mention.
/// 4. **Organization names are not mentions.** A name directly followed (on the same line) by
///    an organization suffix of the catalog (課, 係, 室, 担当 …) is part of a unit's name:
///    介護保険係 does not mention the 介護保険 system. It still claims its span.
/// 5. **Fuzzy only where nothing exact was found.** For an item with no exact hit in the
///    document, a fuzzy pass looks for a span within `fuzzy_threshold` similarity
///    (1 − Levenshtein edits ÷ name length) of its name or an alias, never overlapping a
///    span claimed in steps 2–4 and never crossing a boundary. Names shorter than
///    `fuzzy_min_length` are exact only.
/// 6. **Collective forms** (20業務, 26手続) are found like names and reported as
///    `GroupReference`s, so that a plan that refers to a group can be told apart from one
///    that says nothing. A reference names the forms found (several groups may share one),
///    because what a form covers can depend on the date (17業務, `Catalog.InForce`).
///
/// Cost: one automaton pass for all exact names, sorting the (few) occurrences, and a fuzzy
/// pass that aligns only where a piece of a name occurs exactly. By the pigeonhole principle
/// a span within k edits of a name contains one of k + 1 disjoint pieces of it unchanged, so
/// candidates come from the pieces, matched in the same automaton pass as the names, and cost does not grow with
/// catalog size × text size.
public final class Tagger: Sendable {
    public let catalog: Catalog
    public let normalizer: Normalizer

    enum Target: Sendable, Equatable {
        case item(Int, alias: String?)
        case exclusion
        /// Indices into `Catalog.collectiveForms`, and their groups (indices into `Catalog.groups`).
        case collective(forms: [Int], groups: [Int])
    }

    struct FuzzyForm: Sendable {
        let item: Int
        let alias: String?
        let scalars: [UInt32]
        let maxEdits: Int
    }

    private let exact: Automaton
    /// Patterns below this index are names, exclusions and collective forms; the rest are
    /// pieces of names for the fuzzy pass.
    private let exactCount: Int
    private let targets: [Target]
    /// Official names as scalars, to tell exact from variant without String comparison
    /// (which applies canonical equivalence and costs far more).
    private let literalNames: [[UInt32]]
    /// Organization suffixes, normalized.
    private let suffixForms: [[UInt32]]
    /// Where each piece comes from: piece pattern `exactCount + p` is at `offset` in the
    /// fuzzy forms `pieceOrigins[pieceOriginStart[p]..<pieceOriginStart[p + 1]]`. A piece
    /// shared by many names (児童扶養手当 and 児童扶養手当（試行1）… begin alike) is one pattern:
    /// one report from the automaton, however many names it stands for.
    private let pieceOriginStart: [Int]
    private let pieceOrigins: [(form: Int, offset: Int)]
    private let fuzzyForms: [FuzzyForm]
    /// Every fuzzy form's scalars end to end, form `f` at `fuzzyScalarStart[f]..<fuzzyScalarStart[f + 1]`:
    /// the fuzzy pass reads them in place, where taking a form's array retained and released
    /// it for every piece hit (a large catalog has hundreds of thousands).
    private let fuzzyScalars: [UInt32]
    private let fuzzyScalarStart: [Int]
    /// (category id, normalized topic terms) for section topics.
    private let topicTerms: [(category: String, terms: [[UInt32]])]

    public init(catalog: Catalog, normalizer: Normalizer = .standard) {
        self.catalog = catalog
        self.normalizer = normalizer
        var patterns = [[UInt32]]()
        var targets = [Target]()
        var fuzzyForms = [FuzzyForm]()
        for (index, item) in catalog.items.enumerated() {
            for alias in [nil] + item.aliases.map(Optional.some) {
                let form = normalizer.normalize(alias ?? item.name).scalars
                guard !form.isEmpty else { continue }
                patterns.append(form)
                targets.append(.item(index, alias: alias))
                let maxEdits = Int((Double(form.count) * (1 - catalog.settings.fuzzyThreshold) + 1e-9).rounded(.down))
                if form.count >= catalog.settings.fuzzyMinLength, maxEdits >= 1, form.count / (maxEdits + 1) >= 2 {
                    fuzzyForms.append(FuzzyForm(item: index, alias: alias, scalars: form, maxEdits: maxEdits))
                }
            }
        }
        for exclusion in catalog.exclusions {
            patterns.append(normalizer.normalize(exclusion.text).scalars)
            targets.append(.exclusion)
        }
        // One pattern per normalized form, standing for every group's form that reads so.
        var collectiveForms = [[UInt32]: [Int]]()
        var collectiveOrder = [[UInt32]]()
        let groupForms = catalog.collectiveForms
        for (index, entry) in groupForms.enumerated() {
            let form = normalizer.normalize(entry.form.text).scalars
            if collectiveForms[form] == nil { collectiveOrder.append(form) }
            collectiveForms[form, default: []].append(index)
        }
        for form in collectiveOrder {
            let forms = collectiveForms[form]!
            var groups = [Int]()
            for index in forms where !groups.contains(groupForms[index].group) { groups.append(groupForms[index].group) }
            patterns.append(form)
            targets.append(.collective(forms: forms, groups: groups))
        }
        let exactCount = patterns.count
        literalNames = catalog.items.map { $0.name.unicodeScalars.map(\.value) }
        suffixForms = catalog.organizationSuffixes.map { normalizer.normalize($0).scalars }.filter { !$0.isEmpty }

        // Origins are kept in (form, offset) order, the order separate patterns were reported in.
        var piecePatterns = [[UInt32]]()
        var pieceIndex = [[UInt32]: Int]()
        var originsByPiece = [[(form: Int, offset: Int)]]()
        for (formIndex, form) in fuzzyForms.enumerated() {
            let count = form.scalars.count, parts = form.maxEdits + 1
            for part in 0..<parts {
                let start = part * count / parts, end = (part + 1) * count / parts
                let piece = Array(form.scalars[start..<end])
                let index = pieceIndex[piece] ?? piecePatterns.count
                if index == piecePatterns.count {
                    pieceIndex[piece] = index
                    piecePatterns.append(piece)
                    originsByPiece.append([])
                }
                originsByPiece[index].append((formIndex, start))
            }
        }
        topicTerms = catalog.categories.map { category in
            (category.id, category.topics.map { normalizer.normalize($0).scalars }.filter { !$0.isEmpty })
        }
        // One automaton for names and pieces: pattern indices from exactCount on are pieces.
        exact = Automaton(patterns: patterns + piecePatterns)
        self.exactCount = exactCount
        self.targets = targets
        pieceOrigins = originsByPiece.flatMap { $0 }
        pieceOriginStart = originsByPiece.reduce(into: [0]) { starts, origins in starts.append(starts.last! + origins.count) }
        self.fuzzyForms = fuzzyForms
        fuzzyScalars = fuzzyForms.flatMap(\.scalars)
        fuzzyScalarStart = fuzzyForms.reduce(into: [0]) { starts, form in starts.append(starts.last! + form.scalars.count) }
    }

    /// The document's text in its matching form, its layout debris and separators applied.
    public func normalized(_ document: Document) -> NormalizedText {
        normalizer.normalize(document.scalars, layout: document.layout.map { ($0.range, $0.kind == .separate) })
    }

    /// The mentions and group references of a document, in text order.
    public func tag(_ document: Document) -> (mentions: [Mention], groups: [GroupReference]) {
        tag(document, normalized: normalized(document))
    }

    /// As `tag(_:)`, for a document already normalized (the caller may need the text too).
    public func tag(_ document: Document, normalized text: NormalizedText) -> (mentions: [Mention], groups: [GroupReference]) {
        var timings: TagTimings? = nil
        return tag(document, normalized: text, timings: &timings)
    }

    /// CPU seconds spent in the two passes, summed over the documents tagged, for the
    /// benchmark's stage breakdown (`plancov compare --timings`).
    public struct TagTimings: Sendable {
        public var exact = 0.0
        public var fuzzy = 0.0
        public init() {}
    }

    /// As `tag(_:normalized:)`, adding the time of each pass to `timings` when it is not nil.
    public func tag(_ document: Document, normalized text: NormalizedText,
                    timings: inout TagTimings?) -> (mentions: [Mention], groups: [GroupReference]) {
        let started = timings == nil ? 0 : threadCPUTime()
        // Step 2: all occurrences, then leftmost-longest.
        var occurrences = [(start: Int, end: Int, pattern: Int)]()
        var pieceHits = [(piece: Int, end: Int)]()
        exact.forEachMatch(in: text.scalars) { pattern, end in
            if pattern < exactCount {
                occurrences.append((end - exact.patternLengths[pattern], end, pattern))
            } else {
                pieceHits.append((pattern, end))
            }
        }
        occurrences.sort { $0.start != $1.start ? $0.start < $1.start : ($0.end != $1.end ? $0.end > $1.end : $0.pattern < $1.pattern) }
        var mentions = [Mention]()
        var groups = [GroupReference]()
        var claimed = [Range<Int>]()
        var itemsFound = [Bool](repeating: false, count: catalog.items.count)
        var frontier = 0
        for occurrence in occurrences where occurrence.start >= frontier {
            frontier = occurrence.end
            let range = occurrence.start..<occurrence.end
            claimed.append(range)
            switch targets[occurrence.pattern] {
            case .exclusion:
                continue
            case .collective(let forms, let groupIndices):
                groups.append(GroupReference(groups: groupIndices, sourceRange: text.sourceRange(range), normalizedRange: range,
                                             forms: forms))
            case .item(let item, let alias):
                if isOrganizationName(endingAt: range.upperBound, in: text, document: document) { continue }
                let source = text.sourceRange(range)
                let literal = document.scalars[source].elementsEqual(literalNames[item])
                mentions.append(Mention(item: item, sourceRange: source, normalizedRange: range,
                                        match: literal ? .exact : .variant, score: 1, alias: alias))
                itemsFound[item] = true
            }
        }
        // Step 5.
        let exactDone = timings == nil ? 0 : threadCPUTime()
        defer {
            if timings != nil {
                timings!.exact += exactDone - started
                timings!.fuzzy += threadCPUTime() - exactDone
            }
        }
        mentions += fuzzyMentions(in: text, document: document, pieceHits: pieceHits, claimed: claimed, skipping: itemsFound)
        mentions.sort { $0.normalizedRange.lowerBound < $1.normalizedRange.lowerBound }
        return (mentions, groups)
    }

    /// The categories each heading of `document` is about: a category's topic term appears in
    /// its title (標準化 in "(2) 自治体情報システムの標準化・共通化"); the table of contents is about
    /// none, whatever its entries say. Titles are read from the document's normalized `text` (a
    /// heading's title is its line): normalizing each title again cost a twentieth of a run.
    public func headingTopics(of document: Document, normalized text: NormalizedText) -> [[String]] {
        document.outline.indices.map { topics(ofHeading: $0, in: document, normalized: text) }
    }

    /// The categories heading `index` of the outline is about (see `headingTopics`), for a
    /// caller that needs only the headings above its mentions.
    public func topics(ofHeading index: Int, in document: Document, normalized text: NormalizedText) -> [String] {
        /// The first normalized index whose source starts at or after `offset`.
        func normalizedIndex(_ offset: Int) -> Int {
            var low = 0, high = text.count
            while low < high {
                let mid = (low + high) / 2
                if Int(text.sourceStart[mid]) < offset { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let heading = document.outline[index]
        guard !heading.isTableOfContents else { return [] }
        let line = document.lineRange(heading.line)
        let lower = normalizedIndex(line.lowerBound), upper = max(lower, normalizedIndex(line.upperBound))
        let title = Array(text.scalars[lower..<upper])
        return topicTerms.filter { topic in topic.terms.contains { Tagger.contains(title, $0) } }.map(\.category)
    }

    /// The topics of a section path (indices into the outline, see `Document.sectionIndices`):
    /// those of any of its headings, in catalog order. An item of one of them is `listed`.
    public func topics(ofSections sections: [Int], headingTopics: [[String]]) -> [String] {
        topicTerms.map(\.category).filter { category in sections.contains { headingTopics[$0].contains(category) } }
    }

    static func contains<Element: Equatable>(_ text: [Element], _ term: [Element]) -> Bool {
        guard term.count <= text.count else { return false }
        return (0...(text.count - term.count)).contains { start in text[start..<(start + term.count)].elementsEqual(term) }
    }

    /// Rule 4: an organization suffix right after the name, with no line break in between.
    private func isOrganizationName(endingAt end: Int, in text: NormalizedText, document: Document) -> Bool {
        guard end < text.count else { return false }
        let found = suffixForms.contains { suffix in
            end + suffix.count <= text.count && text.scalars[end..<(end + suffix.count)].elementsEqual(suffix)
        }
        guard found else { return false }
        let gap = Int(text.sourceEnd[end - 1])..<Int(text.sourceStart[end])
        return !document.scalars[gap].contains(where: { $0 == 0x0A || $0 == 0x0D })
    }

    private func fuzzyMentions(in text: NormalizedText, document: Document, pieceHits: [(piece: Int, end: Int)],
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
            if isOrganizationName(endingAt: range.upperBound, in: text, document: document) { continue }
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

/// CPU time of the calling thread, in seconds: what a stage costs, whatever the other threads do.
public func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
