/// A document the catalog cites: a national plan, a 手順書, a 政令, a web page, a municipality's
/// plan. Items, groups and versions name one by `id` in their `source`.
public struct SourceDocument: Sendable, Equatable, Codable {
    public let id: String
    /// As the document titles itself: 「自治体の行政手続のオンライン化に係る手順書【第1.1版】」.
    public let title: String
    /// Who issued it: 総務省, デジタル庁, 内閣, 芦別市 …
    public let issuer: String
    /// As printed (2022-09-02, 令和4年3月), or what is known of it ("undated web page").
    public let date: String
    public let url: String?
}

/// Where an item, a group or a version comes from: a document and the place in it, and what
/// is known of the name's exactness.
public struct CatalogSource: Sendable, Equatable, Codable {
    /// The `id` of a document of `Catalog.documents`; nil for a source given as a note only.
    public let documentID: String?
    /// That document, when the catalog has it.
    public let document: SourceDocument?
    /// The place in the document: §3.3(1), 付録2 22.(3), the table of 31手続 …
    public let section: String?
    /// What else a reader should know: the evidence for the exact wording, what could not be
    /// checked.
    public let note: String?
    /// The name could not be checked against a national document: the note says what it rests on.
    public let unverified: Bool

    public init(documentID: String?, document: SourceDocument?, section: String?, note: String?, unverified: Bool) {
        self.documentID = documentID
        self.document = document
        self.section = section
        self.note = note
        self.unverified = unverified
    }

    /// One line for people: 総務省「…」(2022-09-02) §3.3(1) — note.
    public var summary: String {
        var parts = [String]()
        if let document {
            parts.append("\(document.issuer)「\(document.title)」(\(document.date))")
        } else if let documentID {
            parts.append(documentID)
        }
        if let section, !section.isEmpty { parts.append(section) }
        var line = parts.joined(separator: " ")
        if unverified, !(note ?? "").contains("unverified") { line += (line.isEmpty ? "" : " ") + "［名称未確認 unverified］" }
        if let note, !note.isEmpty { line += (line.isEmpty ? "" : " — ") + note }
        return line
    }
}

/// One edition of the national lists: the day it took effect, and what to call it in reports.
/// An item with a `since` date enters the lists in the version of that date.
public struct CatalogVersion: Sendable, Equatable {
    /// What reports print for rows judged against this version: 標準化対象20業務（令和4年政令第1号）.
    public let label: String
    /// When it took effect; nil only for the first version, which stands for the lists as the
    /// catalog first knows them and applies to every date before the next.
    public let since: PlanDate?
    public let source: CatalogSource?
}

extension Catalog {
    /// The version in force on `day`: the last whose `since` is on or before it; before the
    /// first dated version, the first version when it has no date; else nil (also when the
    /// catalog declares no versions).
    public func version(at day: CalendarDay) -> CatalogVersion? {
        var found: CatalogVersion? = nil
        for version in versions {
            guard let since = version.since else {
                if found == nil { found = version }
                continue
            }
            if since.first <= day { found = version } else { break }
        }
        return found
    }

    /// Whether item `index` (into `items`) is on the lists on `day`: an item with no `since`
    /// is on them at every date (the catalog claims no date it cannot cite); one with a `since`
    /// from the first day that date stands for (`since: 2022-01` from 2022-01-01).
    public func isInForce(item index: Int, at day: CalendarDay) -> Bool {
        guard let since = items[index].since else { return true }
        return since.first <= day
    }

    /// Whether the lists change over time (dated versions or items): only then does a plan's
    /// date change how it is judged, and only then is it read.
    public var changesOverTime: Bool {
        versions.contains { $0.since != nil } || items.contains { $0.since != nil } || collectiveForms.contains { $0.form.asOf != nil }
    }

    /// What the lists hold on `day`: the items and groups in force, and the version to name.
    public func inForce(at day: CalendarDay) -> InForce {
        InForce(catalog: self, day: day)
    }

    /// The catalog as it stood on one day. Made once per plan (or per `--as-of` date) and asked
    /// per cell: each answer is an array look-up.
    public struct InForce: Sendable {
        public let day: CalendarDay
        /// The version to print beside rows judged on `day`; nil when the catalog has none for it.
        public let version: CatalogVersion?
        /// By item index: on the lists on `day`.
        public let items: [Bool]
        /// By group index: at least one of its items is on the lists on `day`.
        public let groups: [Bool]
        /// By collective form (index into `Catalog.collectiveForms`): the items it covers on
        /// `day` — its group's items in force then, or, for a form with `as_of`, those in force
        /// on that earlier day (17業務 covers the 17 systems of 2021, not the 3 added since).
        public let itemsByForm: [[Int]]

        init(catalog: Catalog, day: CalendarDay) {
            self.day = day
            version = catalog.version(at: day)
            let items = catalog.items.indices.map { catalog.isInForce(item: $0, at: day) }
            self.items = items
            let groupIndex = Dictionary(catalog.groups.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
            var groups = [Bool](repeating: false, count: catalog.groups.count)
            for (index, item) in catalog.items.enumerated() where items[index] {
                if let group = groupIndex[item.group] { groups[group] = true }
            }
            self.groups = groups
            itemsByForm = catalog.collectiveForms.map { entry in
                let name = catalog.groups[entry.group].name
                let at = entry.form.asOf.map { min($0.first, day) } ?? day
                return catalog.items.indices.filter { catalog.items[$0].group == name && catalog.isInForce(item: $0, at: at) }
            }
        }

        /// The items a plan's group references cover on `day` (indices into `Catalog.items`, in
        /// catalog order): a cell of one of them is `group` unless the plan names the item.
        public func itemsCovered(by references: [GroupReference]) -> [Int] {
            itemsCovered(byForms: references.flatMap(\.forms))
        }

        /// As `itemsCovered(by:)`, from the collective forms referred to (indices into
        /// `Catalog.collectiveForms`, as `GroupReference.forms` gives them).
        public func itemsCovered<Forms: Sequence<Int>>(byForms forms: Forms) -> [Int] {
            var covered = Set<Int>()
            for form in forms where itemsByForm.indices.contains(form) { covered.formUnion(itemsByForm[form]) }
            return covered.sorted()
        }
    }
}
