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
///    介護保険係 does not mention the 介護保険 system. So is a name followed by a word whose
///    head (its last word) is a suffix or a body of `compounds.heads`, with words between and
///    across a line break or a blank line: 介護保険推進係, 国民健康保険 ⏎ 運営協議会. It still
///    claims its span. (介護保険 ⏎ 課税 is no organization: 課 begins another word there.)
/// 5. **Fuzzy only where nothing exact was found.** For an item with no exact hit in the
///    document, a fuzzy pass looks for a span within `fuzzy_threshold` similarity
///    (1 − Levenshtein edits ÷ name length) of its name or an alias, never overlapping a
///    span claimed in steps 2–4 and never crossing a boundary. Names shorter than
///    `fuzzy_min_length` are exact only.
/// 6. **Collective forms** (20業務, 26手続) are found like names and reported as
///    `GroupReference`s, so that a plan that refers to a group can be told apart from one
///    that says nothing. A reference names the forms found (several groups may share one),
///    because what a form covers can depend on the date (17業務, `Catalog.InForce`).
/// 7. **Compound boundaries: a name inside a longer word is not a mention of it.** A word
///    here is a run of kanji and katakana; the catalog's `compounds` lists are its classes.
///    It still claims its span, so no shorter name or fuzzy hit is found inside it.
///    - **a. A name continued by another noun names something else**: 国民健康保険特別会計
///      (a budget line), 健康管理センター (a facility), 国民年金基金 (another fund),
///      生活保護費, 後期高齢者医療広域連合納付金, 介護保険事業計画, 就学援助 are no mentions.
///    - **b. Words that keep the meaning keep the mention**: a name followed by nothing but
///      `compounds.keep` words is the item: 介護保険システム, 生活保護業務, 印鑑登録事務,
///      国民健康保険関係, 生活保護申請書, 戸籍の附票及び印鑑登録, and a premium or tax levied
///      under it (介護保険料, 国民健康保険税: its 賦課・収納 is the system's own business).
///    - **c. A particle, punctuation, a list separator or a number ends the word**:
///      介護保険の, 児童手当、児童扶養手当, 固定資産税４，０９４万 are mentions.
///    - **d. Across a line break, a blank line or a space, only a head continues the name**:
///      国民健康保険 ⏎ 特別会計 is a budget line, but 国民健康保険 ⏎ 介護保険 (a list or a
///      table row) names both. A one-character head (費, 者, 課) counts there only as a
///      whole word (生活保護 ⏎ 費の, but not 介護保険 ⏎ 課税).
///    - **e. Letter spacing is no separation**: in `国 民 健 康 保 険 特 別 会 計` the space
///      after the name is no wider than the spaces inside it, so a. applies.
///    - **f. A prefix before the name makes another word**: 未就学, 不就学, 特別児童扶養手当
///      (`compounds.prefixes`; one kanji counts only when no kanji precedes it: 是非, 有無).
///    The catalog's `exclusions` (rule 3) remain for the rare compound no rule covers.
/// 8. **Names a plan leaves out are evidence, not mentions.** A name, or a list of names
///    joined by `compounds.joiners` (、・／ 及び と …), followed by an exclusion marker
///    (以外, を除く, は対象外 …): 就学及び印鑑登録以外の18業務, 20業務（戸籍を除く）,
///    戸籍の附票は対象外. Each such name is a `Mention` with the qualifier `excluded`; its
///    evidence says so, and it never makes its item listed or mentioned (see `CellStatus`).
///
/// Cost: one automaton pass for all exact names, sorting the (few) occurrences, and a fuzzy
/// pass that aligns only where a piece of a name occurs exactly. By the pigeonhole principle
/// a span within k edits of a name contains one of k + 1 disjoint pieces of it unchanged, so
/// candidates come from the pieces, matched in the same automaton pass as the names, and cost does not grow with
/// catalog size × text size.
public final class Tagger: Sendable {
    public let catalog: Catalog
    public let normalizer: Normalizer
    /// `catalog.changesOverTime`, worked out once: whether a plan's date is worth reading.
    let readsPlanDates: Bool

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

    let exact: Automaton
    /// Patterns below this index are names, exclusions and collective forms; the rest are
    /// pieces of names for the fuzzy pass.
    let exactCount: Int
    let targets: [Target]
    /// Official names as scalars, to tell exact from variant without String comparison
    /// (which applies canonical equivalence and costs far more).
    let literalNames: [[UInt32]]
    /// Organization suffixes, normalized.
    let suffixForms: [[UInt32]]
    /// The word classes of rules 4, 7 and 8, normalized (see `CompoundBoundaries.swift`).
    let classes: WordClasses
    /// Where each piece comes from: piece pattern `exactCount + p` is at `offset` in the
    /// fuzzy forms `pieceOrigins[pieceOriginStart[p]..<pieceOriginStart[p + 1]]`. A piece
    /// shared by many names (児童扶養手当 and 児童扶養手当（試行1）… begin alike) is one pattern:
    /// one report from the automaton, however many names it stands for.
    let pieceOriginStart: [Int]
    let pieceOrigins: [(form: Int, offset: Int)]
    let fuzzyForms: [FuzzyForm]
    /// Every fuzzy form's scalars end to end, form `f` at `fuzzyScalarStart[f]..<fuzzyScalarStart[f + 1]`:
    /// the fuzzy pass reads them in place, where taking a form's array retained and released
    /// it for every piece hit (a large catalog has hundreds of thousands).
    let fuzzyScalars: [UInt32]
    let fuzzyScalarStart: [Int]
    /// (category id, normalized topic terms) for section topics.
    let topicTerms: [(category: String, terms: [[UInt32]])]

    public init(catalog: Catalog, normalizer: Normalizer = .standard) {
        self.catalog = catalog
        self.normalizer = normalizer
        readsPlanDates = catalog.changesOverTime
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
        classes = WordClasses(catalog: catalog, normalizer: normalizer, suffixes: suffixForms)

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
        normalizer.normalize(document.scalars, layout: document.layout.map { ($0.range, $0.kind == .separate) },
                             doubleSpaced: Normalizer.isDoubleSpaced(document.scalars, lineStarts: document.lineStarts))
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

    /// CPU seconds spent in the exact and the fuzzy pass, summed over the documents tagged:
    /// the stage breakdown of `plancov compare --timings`. Instrumentation, not matching, so
    /// it is offered only to the batch that measures it (`@_spi(Timing) import Compare`).
    @_spi(Timing) public struct TagTimings: Sendable {
        public var exact = 0.0
        public var fuzzy = 0.0
        public init() {}
    }

    /// As `tag(_:normalized:)`, adding the time of each pass to `timings` when it is not nil.
    @_spi(Timing) public func tag(_ document: Document, normalized text: NormalizedText,
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
        for (index, occurrence) in occurrences.enumerated() where occurrence.start >= frontier {
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
                if isInsideLongerWord(range, in: text, document: document,
                                      nameFollows: Tagger.occurrence(startingAt: range.upperBound, after: index, in: occurrences)) { continue }
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
        markExclusions(&mentions, in: text)
        return (mentions, groups)
    }

    /// Whether some occurrence after `index` of the sorted `occurrences` starts at `position`.
    static func occurrence(startingAt position: Int, after index: Int,
                           in occurrences: [(start: Int, end: Int, pattern: Int)]) -> Bool {
        var next = index + 1
        while next < occurrences.count, occurrences[next].start <= position {
            if occurrences[next].start == position { return true }
            next += 1
        }
        return false
    }

    /// Rule 4: an organization suffix right after the name, with no line break in between.
    func isOrganizationName(endingAt end: Int, in text: NormalizedText, document: Document) -> Bool {
        guard end < text.count else { return false }
        let found = suffixForms.contains { suffix in
            end + suffix.count <= text.count && text.scalars[end..<(end + suffix.count)].elementsEqual(suffix)
        }
        guard found else { return false }
        let gap = Int(text.sourceEnd[end - 1])..<Int(text.sourceStart[end])
        return !document.scalars[gap].contains(where: { $0 == 0x0A || $0 == 0x0D })
    }
}

/// CPU time of the calling thread, in seconds: what a stage costs, whatever the other threads do.
@_spi(Timing) public func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
