import Foundation
import Ingest

/// The matrix's cell storage, handed to the threads that fill disjoint rows of it.
private struct Slots: @unchecked Sendable {
    let base: UnsafeMutablePointer<CoverageMatrix.Cell>
}

/// Assembles the matrix from per-document analyses, deterministically: whatever order the
/// files were read in, by however many threads, the same inputs give the same matrix. Several
/// documents of one municipality make one row; each cell's status follows `CellStatus`.
public enum CoverageBuilder {
    /// Whether `list` is in (document, line) order (as a document's analysis makes it), its
    /// evidence read in place: iterating copied each evidence twice, seven references retained
    /// and released each time, for every evidence of the national matrix.
    static func isInOrder(_ list: [Evidence]) -> Bool {
        list.withUnsafeBufferPointer { items in
            guard var previous = items.baseAddress, items.count > 1 else { return true }
            for next in (previous + 1)..<(previous + items.count) {
                if previous.pointee.line > next.pointee.line || previous.pointee.document != next.pointee.document {
                    guard (previous.pointee.document, previous.pointee.line) <= (next.pointee.document, next.pointee.line) else { return false }
                }
                previous = next
            }
            return true
        }
    }

    /// `asOf`, when given, is the date every row is judged at; else each row's latest plan date
    /// (see `CellStatus`, "The date a row is judged at").
    public static func build(catalog: Catalog, analyses: [DocumentAnalysis], errors: [CoverageMatrix.ErrorEntry],
                             warnings: [CoverageMatrix.ErrorEntry] = [], asOf: PlanDate? = nil) -> CoverageMatrix {
        var byMunicipality = [String: (info: Municipality, analyses: [DocumentAnalysis])]()
        for analysis in analyses {
            let key = analysis.entry.municipality.key
            if byMunicipality[key] == nil { byMunicipality[key] = (analysis.entry.municipality, []) }
            byMunicipality[key]!.analyses.append(analysis)
        }
        let keys = byMunicipality.keys.sorted()
        let byKey = byMunicipality
        let itemCount = catalog.items.count
        let groupIndex = Dictionary(catalog.groups.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        // Each item's group once, not one hash of its name per municipality; ids and
        // categories apart, so that a cell does not copy its whole catalog item.
        let itemGroups = catalog.items.map { groupIndex[$0.group] }
        let itemIDs = catalog.items.map(\.id), itemCategories = catalog.items.map(\.category)
        // The day each row is judged at, and the lists in force then (one per distinct day).
        let days = keys.map { key -> (day: CalendarDay, text: String)? in
            if let asOf { return (asOf.judgedAt, asOf.text) }
            let dates = byKey[key]!.analyses.compactMap(\.date)
            return dates.max { $0.judgedAt < $1.judgedAt }.map { ($0.judgedAt, $0.text) }
        }
        // A row with no date is judged against the lists as they stand (their last version);
        // a catalog whose lists never change needs no scope at all.
        let latest = CalendarDay(year: 9999, month: 12, day: 31)!
        let changesOverTime = catalog.changesOverTime
        var scopes = [CalendarDay: Catalog.InForce]()
        var dayTexts = [CalendarDay: String]()   // one String(format:) per distinct day, not per row
        for case let day? in days where dayTexts[day.day] == nil { dayTexts[day.day] = "\(day.day)" }
        let rowScopes = days.map { day -> Catalog.InForce? in
            guard changesOverTime || day != nil else { return nil }
            let at = day?.day ?? latest
            if let known = scopes[at] { return known }
            let scope = catalog.inForce(at: at)
            scopes[at] = scope
            return scope
        }
        let municipalities = keys.indices.map { row in
            let key = keys[row]
            let (info, analyses) = byKey[key]!
            let entries = analyses.map(\.entry).sorted { $0.path < $1.path }
            return CoverageMatrix.MunicipalityInfo(
                code: key, name: info.name, prefecture: info.prefecture, documents: entries.map(\.path),
                kana: info.kana, prefectureCode: info.prefectureCode, kind: info.kind?.rawValue,
                identifiedBy: entries.map(\.identifiedBy).min()!.rawValue,
                identification: entries.map { .init(document: $0.path, by: $0.identifiedBy.rawValue, note: $0.identityNote) },
                asOf: days[row].flatMap { dayTexts[$0.day] }, dateAsWritten: days[row]?.text, listVersion: rowScopes[row]?.version?.label)
        }
        /// Row `row` of the matrix: one cell per item, in catalog order.
        @Sendable func cells(ofRow row: Int, itemIDs: [String], into cells: UnsafeMutablePointer<CoverageMatrix.Cell>) {
            let key = keys[row]
            let sorted = byKey[key]!.analyses.sorted { $0.entry.path < $1.entry.path }
            // One document (most municipalities): its arrays as they are, already in order.
            var evidence = sorted.count == 1 ? sorted[0].evidenceByItem : []
            if sorted.count > 1 {
                evidence = [[Evidence]](repeating: [], count: itemCount)
                for analysis in sorted {
                    for (item, list) in analysis.evidenceByItem.enumerated() where item < itemCount { evidence[item] += list }
                }
            }
            var groupsReferred = Set<Int>()
            for analysis in sorted { groupsReferred.formUnion(analysis.groupsReferred) }
            // A dated row: its group references cover what their forms covered on its day.
            let scope = rowScopes[row]
            // Per item, read once per row rather than through the optional scope per cell.
            var covered = [Bool](), inForce = [Bool](repeating: true, count: itemCount)
            if let scope {
                covered = [Bool](repeating: false, count: itemCount)
                for item in scope.itemsCovered(byForms: sorted.flatMap(\.formsReferred)) { covered[item] = true }
                inForce = scope.items
            }
            // Near misses by document, taken out once per row: only `missing` asks for them, and
            // walking the row's analyses for every absent cell copied each analysis (most cells
            // of a national matrix are absent).
            let nearMisses = sorted.map(\.nearMisses).filter { !$0.isEmpty }
            for index in 0..<itemCount {
                let list = index < evidence.count ? evidence[index] : []
                let found = CoverageBuilder.isInOrder(list) ? list : list.sorted { ($0.document, $0.line) < ($1.document, $1.line) }
                let groupReferred = covered.isEmpty ? (itemGroups[index].map { groupsReferred.contains($0) } ?? false) : covered[index]
                let status = CellStatus.ofCell(evidence: found, category: itemCategories[index], groupReferred: groupReferred,
                                               inForce: inForce[index])
                var near: Evidence? = nil
                if !nearMisses.isEmpty, status == .absent || status == .group {
                    // The best of the row's documents, the first in path order on a tie.
                    for misses in nearMisses where index < misses.count {
                        if let candidate = misses[index], candidate.score > (near?.score ?? -1) { near = candidate }
                    }
                }
                (cells + index).initialize(to: .init(municipality: key, item: itemIDs[index], status: status, evidence: found, near: near))
            }
        }
        // Rows are independent: built on every core, each into its own slice of the cells.
        let cells = [CoverageMatrix.Cell](unsafeUninitializedCapacity: keys.count * itemCount) { buffer, initialized in
            let chunks = min(keys.count, ProcessInfo.processInfo.activeProcessorCount * 4)
            if let base = buffer.baseAddress, chunks > 0 {
                let slots = Slots(base: base)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    // Each thread's cells share its own copies of the ids: with one set for
                    // all, every cell bumped a reference count that the other cores were
                    // bumping too (most of the matrix stage with a large catalog).
                    let ids = itemIDs.map { String(decoding: Array($0.utf8), as: UTF8.self) }
                    for row in stride(from: chunk, to: keys.count, by: chunks) {
                        cells(ofRow: row, itemIDs: ids, into: slots.base + row * itemCount)
                    }
                }
            }
            initialized = keys.count * itemCount
        }
        return CoverageMatrix(
            schema: CoverageMatrix.schemaName,
            catalog: .init(name: catalog.name, version: catalog.version),
            categories: catalog.categories.map { .init(id: $0.id, name: $0.name) },
            groups: catalog.groups.map { .init(name: $0.name, category: $0.category) },
            municipalities: municipalities,
            items: catalog.items.map { .init(id: $0.id, name: $0.name, category: $0.category, group: $0.group,
                                             source: $0.source?.summary, since: $0.since.map { "\($0.first)" }) },
            cells: cells,
            errors: errors.sorted { ($0.document, $0.message) < ($1.document, $1.message) },
            warnings: warnings.sorted { ($0.document, $0.message) < ($1.document, $1.message) })
    }
}
