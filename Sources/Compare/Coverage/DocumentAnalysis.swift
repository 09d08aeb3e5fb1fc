import Ingest
import Normalize

/// The result of reading and tagging one document: what `CoverageBuilder` needs of it, and,
/// when asked for, what `plancov show` prints of it.
public struct DocumentAnalysis: Sendable {
    public let entry: CorpusEntry
    /// The document's evidence by catalog item (index into `Catalog.items`; the array may end
    /// before the last items), each item's in text order. Grouped here, where each evidence is
    /// made, so that the matrix takes a plan's arrays as they are instead of copying every
    /// evidence into them.
    public let evidenceByItem: [[Evidence]]
    /// Indices of the groups the document refers to collectively.
    public let groupsReferred: Set<Int>
    /// The collective forms it uses (indices into `Catalog.collectiveForms`): what a dated
    /// form covers depends on the day the row is judged at (17業務, `Catalog.InForce`).
    public let formsReferred: Set<Int>
    /// The plan's own date, from the manifest or its title page, when it has one (read only
    /// when the catalog's lists change over time).
    public let date: PlanDate?
    /// The document's outline with every mention in its section and the status it gives,
    /// when the analysis was made `withOutline` (one plan shown, not a batch to compare).
    public let outline: OutlineAnalysis?
    /// Near misses by item (index into `Catalog.items`; the array may end before the last
    /// items, and is empty when the analysis was made without a `NearMissFinder`): for an item
    /// the document does not name, the closest place below the fuzzy threshold.
    public let nearMisses: [Evidence?]

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
        self.formsReferred = []
        self.date = nil
        self.outline = nil
        self.nearMisses = []
    }

    /// Tags `document` and turns each mention into quotable evidence.
    public init(entry: CorpusEntry, document: Document, tagger: Tagger, withOutline: Bool = false, nearMisses: NearMissFinder? = nil) {
        let text = tagger.normalized(document)
        let (mentions, groups) = tagger.tag(document, normalized: text)
        self.init(entry: entry, document: document, normalized: text, mentions: mentions, groups: groups, tagger: tagger,
                  withOutline: withOutline, nearMisses: nearMisses)
    }

    /// From mentions already found in the document's `normalized` text (when the caller
    /// times the stages apart).
    public init(entry: CorpusEntry, document: Document, normalized: NormalizedText, mentions: [Mention],
                groups: [GroupReference], tagger: Tagger, withOutline: Bool = false, nearMisses finder: NearMissFinder? = nil) {
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
        var near = [Evidence?]()
        if let finder {
            near = [Evidence?](repeating: nil, count: tagger.catalog.items.count)
            for miss in finder.nearMisses(in: normalized, document: document, mentions: mentions) {
                let indices = sections.indices(at: miss.sourceRange.lowerBound)
                near[miss.item] = Evidence(mention: miss, in: document, section: indices.map { document.outline[$0].title }, topics: [])
            }
        }
        self.nearMisses = near
        self.groupsReferred = Set(groups.flatMap(\.groups))
        self.formsReferred = Set(groups.flatMap(\.forms))
        self.date = tagger.readsPlanDates ? PlanDate.of(manifestDate: entry.date, document: document)?.date : nil
        self.outline = withOutline
            ? OutlineAnalysis(document: document, normalized: normalized, mentions: mentions, groups: groups, tagger: tagger)
            : nil
    }
}

/// One plan as `plancov show` prints it: its outline, each heading with the topics the
/// statuses read from it, and each mention and group reference in its innermost section with
/// the status it gives there (the rules of `CellStatus`, applied to that one place).
public struct OutlineAnalysis: Sendable {
    public struct Heading: Sendable {
        public let title: String
        public let level: Int
        /// The lines the section spans, its heading's line first.
        public let lines: ClosedRange<Int>
        public let isTableOfContents: Bool
        /// Rule A (and C): the categories this heading's title is about.
        public let topics: [String]
        /// Rule B: the categories of this heading and every heading above it; what makes a
        /// mention in this section `listed`.
        public let sectionTopics: [String]
    }

    /// What was found at one place.
    public enum Subject: Sendable, Equatable {
        /// A catalog item (index into `Catalog.items`).
        case item(Int)
        /// Whole groups (indices into `Catalog.groups`), referred to by a collective form.
        case groups([Int])
    }

    public struct Finding: Sendable {
        public let subject: Subject
        public let line: Int
        /// The innermost heading above it (index into `headings`); nil before the first.
        public let heading: Int?
        /// The words of the plan, as printed.
        public let matched: String
        /// How an item was matched (nil for a group reference).
        public let match: MatchKind?
        public let score: Double
        /// `listed` or `mentioned` for an item (rules 1, 2 and A–D), `group` for a group
        /// reference, `absent` for a name the plan leaves out there (rule 6).
        public let status: CellStatus
        /// `excluded` for a name the plan leaves out there (就学及び印鑑登録以外の18業務).
        public var qualifier: Mention.Qualifier? = nil
    }

    public let format: DocumentFormat
    public let encoding: String
    public let lineCount: Int
    public let headings: [Heading]
    /// Mentions and group references in text order.
    public let findings: [Finding]

    init(document: Document, normalized: NormalizedText, mentions: [Mention], groups: [GroupReference], tagger: Tagger) {
        let headingTopics = tagger.headingTopics(of: document, normalized: normalized)
        headings = document.outline.enumerated().map { index, heading in
            let lastLine = document.line(at: max(heading.range.lowerBound, heading.range.upperBound - 1))
            let sections = document.sectionIndices(at: heading.range.lowerBound)
            return Heading(title: heading.title, level: heading.level, lines: heading.line...max(heading.line, lastLine),
                           isTableOfContents: heading.isTableOfContents, topics: headingTopics[index],
                           sectionTopics: tagger.topics(ofSections: sections, headingTopics: headingTopics))
        }
        var sections = SectionFinder(document)
        func place(_ range: Range<Int>) -> (line: Int, heading: Int?, matched: String, topics: [String]) {
            let indices = sections.indices(at: range.lowerBound)
            return (document.line(at: range.lowerBound), indices.last,
                    Document.string(document.scalars[range], flatteningLines: true),
                    tagger.topics(ofSections: indices, headingTopics: headingTopics))
        }
        var findings = [(start: Int, finding: Finding)]()
        for mention in mentions {
            let at = place(mention.sourceRange)
            let category = tagger.catalog.items[mention.item].category
            findings.append((mention.sourceRange.lowerBound, Finding(
                subject: .item(mention.item), line: at.line, heading: at.heading, matched: at.matched, match: mention.match,
                score: mention.score,
                status: mention.qualifier == .excluded ? .absent : CellStatus.ofMention(sectionTopics: at.topics, category: category),
                qualifier: mention.qualifier)))
        }
        for reference in groups {
            let at = place(reference.sourceRange)
            findings.append((reference.sourceRange.lowerBound, Finding(
                subject: .groups(reference.groups), line: at.line, heading: at.heading, matched: at.matched, match: nil,
                score: 1, status: .group)))
        }
        self.findings = findings.sorted { $0.start < $1.start }.map(\.finding)
        format = document.format
        encoding = document.encoding
        lineCount = document.lineStarts.count
    }
}
