import Foundation
import Ingest
import Normalize

/// Where a plan stands on one catalog item.
public enum CellStatus: String, Sendable, Codable, CaseIterable {
    /// Named in the plan's own section for that kind of item.
    case listed
    /// Named elsewhere in the plan.
    case mentioned
    /// Not named, but the plan refers to the item's whole group (20業務, 26手続).
    case group
    /// Not named and its group not referred to.
    case absent
}

/// One quotable place in a plan that supports a cell.
public struct Evidence: Sendable, Codable, Equatable {
    public let document: String
    public let line: Int
    public let page: Int?
    /// The chain of headings above the place, outermost first.
    public let section: [String]
    /// The catalog categories whose own section this is (from the topic terms of the
    /// headings): a system named under 標準化 carries "system" and makes its cell `listed`.
    public let topics: [String]
    /// The original text around the match, on one line.
    public let excerpt: String
    public let match: MatchKind
    public let score: Double
    /// The words of the plan that matched, exactly as printed (a substring of `excerpt`).
    public let matched: String
    /// The alias that matched, when it was not the official name.
    public let alias: String?
    /// Where in the file the place is, in the format's own terms, when it has them: "p 12" (a
    /// DOCX/ODT paragraph), an HTML element path ("body/div[2]/p[3]"), an XLSX cell ("Sheet1!B7").
    public var location: String? = nil

    enum CodingKeys: String, CodingKey { case document, line, page, section, topics, excerpt, match, score, matched, alias, location }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(document, forKey: .document)
        try container.encode(line, forKey: .line)
        try container.encode(page, forKey: .page)          // null when unknown, as the contract shows
        try container.encode(section, forKey: .section)
        try container.encode(topics, forKey: .topics)
        try container.encode(excerpt, forKey: .excerpt)
        try container.encode(match, forKey: .match)
        try container.encode(score, forKey: .score)
        try container.encode(matched, forKey: .matched)
        try container.encodeIfPresent(alias, forKey: .alias)
        try container.encodeIfPresent(location, forKey: .location)
    }
}

/// The cross-municipality coverage matrix: the one data structure every report is made from.
/// Its JSON form is the contract of DESIGN.md (`plancov.coverage/1`).
public struct CoverageMatrix: Sendable, Codable, Equatable {
    public static let schemaName = "plancov.coverage/1"

    public struct CatalogInfo: Sendable, Codable, Equatable {
        public let name: String
        public let version: String
    }

    public struct MunicipalityInfo: Sendable, Codable, Equatable {
        /// The key cells use: the 6-digit code, or the name when the code is unknown.
        public let code: String
        public let name: String
        public let prefecture: String?
        public let documents: [String]

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(name, forKey: .name)
            try container.encode(prefecture, forKey: .prefecture)
            try container.encode(documents, forKey: .documents)
        }
    }

    public struct ItemInfo: Sendable, Codable, Equatable {
        public let id: String
        public let name: String
        public let category: String
        public let group: String
    }

    public struct Cell: Sendable, Codable, Equatable {
        public let municipality: String
        public let item: String
        public let status: CellStatus
        public let evidence: [Evidence]
    }

    public struct ErrorEntry: Sendable, Codable, Equatable {
        public let document: String
        public let message: String

        public init(document: String, message: String) {
            self.document = document
            self.message = message
        }
    }

    public let schema: String
    public let catalog: CatalogInfo
    public let municipalities: [MunicipalityInfo]
    public let items: [ItemInfo]
    /// Every municipality × item pair, absent ones included, municipality by municipality in
    /// the order of `municipalities`, items in catalog order.
    public let cells: [Cell]
    public let errors: [ErrorEntry]

    /// The cell of municipality `m` (index into `municipalities`) and item `i`.
    public func cell(_ m: Int, _ i: Int) -> Cell { cells[m * items.count + i] }

    /// Finds a municipality by code or name (朝霞市, 朝霞, 112275).
    public func municipalityIndex(matching query: String) -> Int? {
        if let exact = municipalities.firstIndex(where: { $0.code == query || $0.name == query }) { return exact }
        return municipalities.firstIndex(where: { $0.name.hasPrefix(query) || $0.code.hasPrefix(query) })
    }
}

/// The result of reading and tagging one document: what `CoverageBuilder` needs of it.
public struct DocumentAnalysis: Sendable {
    public let entry: CorpusEntry
    /// The document's evidence by catalog item (index into `Catalog.items`; the array may end
    /// before the last items), each item's in text order. Grouped here, where each evidence is
    /// made, so that the matrix takes a plan's arrays as they are instead of copying every
    /// evidence into them.
    public let evidenceByItem: [[Evidence]]
    /// Indices of the groups the document refers to collectively.
    public let groupsReferred: Set<Int>

    /// Every evidence with its item, item by item.
    public var evidence: [(item: Int, evidence: Evidence)] {
        evidenceByItem.enumerated().flatMap { item, list in list.map { (item, $0) } }
    }

    public init(entry: CorpusEntry, evidence: [(item: Int, evidence: Evidence)], groupsReferred: Set<Int>) {
        var byItem = [[Evidence]](repeating: [], count: (evidence.map(\.item).max() ?? -1) + 1)
        for (item, found) in evidence { byItem[item].append(found) }
        self.entry = entry
        self.evidenceByItem = byItem
        self.groupsReferred = groupsReferred
    }

    /// Tags `document` and turns each mention into quotable evidence.
    public init(entry: CorpusEntry, document: Document, tagger: Tagger) {
        let text = tagger.normalized(document)
        let (mentions, groups) = tagger.tag(document, normalized: text)
        self.init(entry: entry, document: document, normalized: text, mentions: mentions, groups: groups, tagger: tagger)
    }

    /// From mentions already found in the document's `normalized` text (when the caller
    /// times the stages apart).
    public init(entry: CorpusEntry, document: Document, normalized: NormalizedText, mentions: [Mention],
                groups: [GroupReference], tagger: Tagger) {
        self.entry = entry
        // Topics per heading once, not per mention (a section path's topics are their union),
        // and only for the headings above some mention. A section's titles and topics are
        // built once and shared by its mentions (in text order, consecutive mentions are
        // mostly in the same section).
        var headingTopics = [[String]](repeating: [], count: document.outline.count)
        var topicsKnown = [Bool](repeating: false, count: document.outline.count)
        var section = (indices: [Int](), titles: [String](), topics: [String]())
        var byItem = [[Evidence]](repeating: [], count: tagger.catalog.items.count)
        var sections = SectionFinder(document)
        for mention in mentions {
            let indices = sections.indices(at: mention.sourceRange.lowerBound)
            if indices != section.indices {
                for index in indices where !topicsKnown[index] {
                    headingTopics[index] = tagger.topics(ofHeading: index, in: document, normalized: normalized)
                    topicsKnown[index] = true
                }
                section = (indices, indices.map { document.outline[$0].title },
                           tagger.topics(ofSections: indices, headingTopics: headingTopics))
            }
            byItem[mention.item].append(Evidence(mention: mention, in: document, section: section.titles, topics: section.topics))
        }
        self.evidenceByItem = byItem
        self.groupsReferred = Set(groups.flatMap(\.groups))
    }
}

extension Evidence {
    /// Excerpts run from up to `context` characters before the match to as many after it,
    /// within its line(s), so a reader sees the sentence or table row it stands in.
    static let context = 40

    init(mention: Mention, in document: Document, section: [String], topics: [String]) {
        let range = mention.sourceRange
        let scalars = document.scalars
        let firstLine = document.line(at: range.lowerBound)
        let lastLine = document.line(at: max(range.lowerBound, range.upperBound - 1))
        let lineStart = document.lineRange(firstLine).lowerBound
        let lineEnd = document.lineRange(lastLine).upperBound
        var start = max(lineStart, range.lowerBound - Evidence.context)
        var end = min(lineEnd, range.upperBound + Evidence.context)
        let clipped = (start > lineStart, end < lineEnd)
        func isBlank(_ value: UInt32) -> Bool { value == 0x20 || value == 0x09 || value == 0x3000 }
        while start < range.lowerBound, isBlank(scalars[start]) { start += 1 }
        while end > range.upperBound, isBlank(scalars[end - 1]) { end -= 1 }
        // One line: tabs (cells) and line breaks inside a match become spaces. The excerpt is
        // one string, ellipses included (each evidence builds two strings).
        let excerpt = Document.string(scalars[start..<end], flatteningLines: true, ellipses: clipped)
        self.init(document: document.path, line: firstLine, page: document.page(at: range.lowerBound),
                  section: section, topics: topics, excerpt: excerpt, match: mention.match,
                  score: mention.score, matched: Document.string(scalars[range], flatteningLines: true), alias: mention.alias,
                  location: document.location(at: range.lowerBound))
    }
}

/// The matrix's cell storage, handed to the threads that fill disjoint rows of it.
private struct Slots: @unchecked Sendable {
    let base: UnsafeMutablePointer<CoverageMatrix.Cell>
}

/// Assembles the matrix from per-document analyses, deterministically: whatever order the
/// files were read in, by however many threads, the same inputs give the same matrix.
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

    /// Whether any evidence of `list` stands in a section of `category` (the cell is `listed`).
    static func anyIsListed(_ list: [Evidence], category: String) -> Bool {
        list.withUnsafeBufferPointer { items in
            items.indices.contains { items[$0].topics.contains(category) }
        }
    }

    public static func build(catalog: Catalog, analyses: [DocumentAnalysis], errors: [CoverageMatrix.ErrorEntry]) -> CoverageMatrix {
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
        let municipalities = keys.map { key in
            let (info, documents) = byKey[key]!
            return CoverageMatrix.MunicipalityInfo(code: key, name: info.name, prefecture: info.prefecture,
                                                   documents: documents.map(\.entry.path).sorted())
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
            for index in 0..<itemCount {
                let list = index < evidence.count ? evidence[index] : []
                let found = CoverageBuilder.isInOrder(list) ? list : list.sorted { ($0.document, $0.line) < ($1.document, $1.line) }
                let status: CellStatus
                if CoverageBuilder.anyIsListed(found, category: itemCategories[index]) {
                    status = .listed
                } else if !found.isEmpty {
                    status = .mentioned
                } else if let group = itemGroups[index], groupsReferred.contains(group) {
                    status = .group
                } else {
                    status = .absent
                }
                (cells + index).initialize(to: .init(municipality: key, item: itemIDs[index], status: status, evidence: found))
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
            municipalities: municipalities,
            items: catalog.items.map { .init(id: $0.id, name: $0.name, category: $0.category, group: $0.group) },
            cells: cells,
            errors: errors.sorted { ($0.document, $0.message) < ($1.document, $1.message) })
    }
}
