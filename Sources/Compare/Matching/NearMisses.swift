import Ingest
import Normalize

/// Near misses: for each item a document does not name, the place that comes closest to its
/// name below the fuzzy threshold, so that `plancov missing` can say where to look. A plan
/// that writes 高額介護サービス費の支給申請 lacks 高額介護（予防）サービス費の支給申請 at the
/// threshold (similarity 0.78, four edits of eighteen), and that line is its near miss.
///
/// Rules:
/// - only for items with no mention in the document (an excluded one included) and names
///   or aliases at least `fuzzy_min_length` long, as for fuzzy mentions;
/// - a candidate scores at least the catalog's `near_miss_floor` (default 0.75: three
///   quarters of the name's characters, in order) and below `fuzzy_threshold` (a candidate
///   above it that the fuzzy pass did not keep overlaps another item's name or is inside a
///   longer word, and is no near miss either);
/// - it crosses no boundary and never cuts through another item's mention (it may contain
///   one: 介護保険 inside 介護保険負担割合証の交付申請 is the near miss of 介護保険負担割合証の
///   再交付申請);
/// - per item the best score wins, then the earliest place.
///
/// Cost: a second automaton of the names' pieces at the floor (k + 1 pieces for k edits, the
/// pigeonhole principle of the fuzzy pass) and an alignment per candidate. It runs only when
/// a report shows missing items (`plancov missing`, the HTML and XLSX reports), never for
/// the JSON, CSV or Markdown matrix.
public final class NearMissFinder: Sendable {
    let tagger: Tagger
    let floor: Double
    let forms: [Tagger.FuzzyForm]
    let automaton: Automaton
    /// As the fuzzy pass's: piece `p` stands at `offset` in the forms `origins[originStart[p]..<originStart[p + 1]]`.
    let originStart: [Int]
    let origins: [(form: Int, offset: Int)]

    public init(tagger: Tagger) {
        self.tagger = tagger
        let catalog = tagger.catalog
        floor = catalog.settings.nearMissFloor
        var forms = [Tagger.FuzzyForm]()
        for (index, item) in catalog.items.enumerated() {
            for alias in [nil] + item.aliases.map(Optional.some) {
                let form = tagger.normalizer.normalize(alias ?? item.name).scalars
                guard form.count >= catalog.settings.fuzzyMinLength else { continue }
                let maxEdits = Int((Double(form.count) * (1 - floor) + 1e-9).rounded(.down))
                guard maxEdits >= 1 else { continue }
                // Pieces of at least two characters: one character occurs everywhere.
                let parts = min(maxEdits + 1, form.count / 2)
                forms.append(Tagger.FuzzyForm(item: index, alias: alias, scalars: form, maxEdits: min(maxEdits, parts - 1)))
            }
        }
        var pieces = [[UInt32]](), pieceIndex = [[UInt32]: Int](), byPiece = [[(form: Int, offset: Int)]]()
        for (formIndex, form) in forms.enumerated() {
            let count = form.scalars.count, parts = form.maxEdits + 1
            for part in 0..<parts {
                let start = part * count / parts, end = (part + 1) * count / parts
                let piece = Array(form.scalars[start..<end])
                let index = pieceIndex[piece] ?? pieces.count
                if index == pieces.count { pieceIndex[piece] = index; pieces.append(piece); byPiece.append([]) }
                byPiece[index].append((formIndex, start))
            }
        }
        self.forms = forms
        automaton = Automaton(patterns: pieces)
        origins = byPiece.flatMap { $0 }
        originStart = byPiece.reduce(into: [0]) { $0.append($0.last! + $1.count) }
    }

    /// The best near miss of each item `mentions` leave unnamed in `text`, in item order, as
    /// mentions matched `fuzzy` with their score.
    public func nearMisses(in text: NormalizedText, document: Document, mentions: [Mention]) -> [Mention] {
        guard !forms.isEmpty else { return [] }
        var named = [Bool](repeating: false, count: tagger.catalog.items.count)
        for mention in mentions { named[mention.item] = true }
        guard named.contains(false) else { return [] }
        let scalars = text.scalars
        // Who owns each position: a candidate may hold a mention whole, never a part of one.
        var owner = [Int32](repeating: -1, count: scalars.count)
        for (index, mention) in mentions.enumerated() { for position in mention.normalizedRange { owner[position] = Int32(index) } }
        var best = [(range: Range<Int>, form: Int, score: Double)?](repeating: nil, count: named.count)
        var tried = Set<Int64>()
        var alignment = Tagger.Alignment()
        automaton.forEachMatch(in: scalars) { piece, end in
            let pieceStart = end - automaton.patternLengths[piece]
            for k in originStart[piece]..<originStart[piece + 1] {
                let origin = origins[k]
                let form = forms[origin.form]
                guard !named[form.item] else { continue }
                let alignedStart = pieceStart - origin.offset
                guard tried.insert(Int64(origin.form) << 32 | Int64(alignedStart + 1_000_000)).inserted else { continue }
                // The window stays between the boundaries around the piece.
                var low = pieceStart, high = end
                let windowStart = max(0, alignedStart - form.maxEdits), windowEnd = min(scalars.count, alignedStart + form.scalars.count + form.maxEdits)
                while low > windowStart, scalars[low - 1] != Normalizer.boundary { low -= 1 }
                while high < windowEnd, scalars[high] != Normalizer.boundary { high += 1 }
                guard let hit = form.scalars.withUnsafeBufferPointer({ pattern in
                    scalars.withUnsafeBufferPointer { text in alignment.best(of: pattern, in: text, window: low..<high, maxEdits: form.maxEdits) }
                }) else { continue }
                let score = 1 - Double(hit.distance) / Double(form.scalars.count)
                guard score >= floor - 1e-9, score < tagger.catalog.settings.fuzzyThreshold - 1e-9,
                      !cutsThrough(hit.range, owner: owner, mentions: mentions) else { continue }
                if let current = best[form.item],
                   current.score > score || (current.score == score && current.range.lowerBound <= hit.range.lowerBound) { continue }
                best[form.item] = (hit.range, origin.form, score)
            }
        }
        return best.compactMap { found in
            found.map { found in
                let form = forms[found.form]
                return Mention(item: form.item, sourceRange: text.sourceRange(found.range), normalizedRange: found.range, match: .fuzzy,
                               score: (found.score * 1000).rounded() / 1000, alias: form.alias)
            }
        }
    }

    /// Whether `range` holds part of a mention without all of it.
    func cutsThrough(_ range: Range<Int>, owner: [Int32], mentions: [Mention]) -> Bool {
        for position in [range.lowerBound, range.upperBound - 1] where owner[position] >= 0 {
            if !range.contains(mentions[Int(owner[position])].normalizedRange.lowerBound)
                || !(mentions[Int(owner[position])].normalizedRange.upperBound <= range.upperBound) { return true }
        }
        return false
    }
}
