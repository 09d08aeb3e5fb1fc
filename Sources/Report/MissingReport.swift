import Compare
import Foundation

/// What `plancov missing` prints: per municipality, the items its plan does not name
/// (`absent`, and `group` — referred to only as part of a whole group), by group. Items not
/// yet on the lists at the row's date (`not-in-force`) are not missing.
public struct MissingReport: Sendable {
    public struct Entry: Sendable, Equatable {
        public let municipality: String
        public let name: String
        public let missing: [Item]
        /// The items on the lists at the row's date (of the group asked for).
        let inForce: Int
        /// The day the row is judged at, when it has one.
        let asOf: String?
    }

    public struct Item: Sendable, Equatable {
        public let id: String
        public let name: String
        public let group: String
        public let status: CellStatus
        /// The closest place below the fuzzy threshold, when there is one above the catalog's
        /// `near_miss_floor` (`NearMissFinder`): its excerpt, line, page and score.
        public var near: Place? = nil
        /// Places where the plan leaves the item out (以外, を除く, は対象外).
        public var excluded: [Place] = []

        enum CodingKeys: String, CodingKey { case id, name, group, status, near, excluded }

        init(id: String, name: String, group: String, status: CellStatus, near: Place?, excluded: [Place]) {
            (self.id, self.name, self.group, self.status, self.near, self.excluded) = (id, name, group, status, near, excluded)
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            name = try container.decode(String.self, forKey: .name)
            group = try container.decode(String.self, forKey: .group)
            status = try container.decode(CellStatus.self, forKey: .status)
            near = try container.decodeIfPresent(Place.self, forKey: .near)
            excluded = try container.decodeIfPresent([Place].self, forKey: .excluded) ?? []
        }
    }

    /// A place in a plan, as `missing` shows it.
    public struct Place: Sendable, Decodable, Equatable {
        public let document: String
        public let line: Int
        public let page: Int?
        public let excerpt: String
        public let matched: String
        /// The similarity of a near miss.
        public let score: Double?

        init(_ evidence: Evidence, score: Bool) {
            (document, line, page, excerpt, matched) = (evidence.document, evidence.line, evidence.page, evidence.excerpt, evidence.matched)
            self.score = score ? evidence.score : nil
        }
    }

    public let entries: [Entry]

    /// The one item asked about (`missing --item`): then `entries` are only the municipalities
    /// that lack it, and the text lists them under the item.
    let item: CoverageMatrix.ItemInfo?
    /// With `item`: the municipalities looked at, and those among them whose date is before the
    /// item entered the lists (not missing it).
    let considered: Int, notInForce: Int
    /// Where the municipalities were chosen (埼玉県), for the text's heading.
    let scope: String?

    /// `municipalities` are indices into `matrix.municipalities`; `group` keeps one group only;
    /// `item` (an id of `matrix.items`) one item only, and only the municipalities that lack it.
    public init(matrix: CoverageMatrix, municipalities: [Int], group: String? = nil, item: String? = nil, scope: String? = nil) {
        let itemIndices = matrix.items.indices.filter {
            (group == nil || matrix.items[$0].group == group) && (item == nil || matrix.items[$0].id == item)
        }
        self.item = item.flatMap { id in matrix.items.first { $0.id == id } }
        self.scope = scope
        considered = municipalities.count
        notInForce = item == nil ? 0 : municipalities.filter { m in itemIndices.allSatisfy { matrix.status(m, $0) == .notInForce } }.count
        let all = municipalities.map { m in
            let municipality = matrix.municipalities[m]
            let missing = itemIndices.compactMap { i -> Item? in
                let cell = matrix.cell(m, i)
                guard cell.status == .absent || cell.status == .group else { return nil }
                let item = matrix.items[i]
                return Item(id: item.id, name: item.name, group: item.group, status: cell.status,
                            near: cell.near.map { Place($0, score: true) },
                            excluded: cell.evidence.filter { $0.qualifier == .excluded }.map { Place($0, score: false) })
            }
            let inForce = itemIndices.filter { matrix.status(m, $0) != .notInForce }.count
            return Entry(municipality: municipality.code, name: municipality.name, missing: missing, inForce: inForce,
                         asOf: municipality.asOf)
        }
        entries = item == nil ? all : all.filter { !$0.missing.isEmpty }
    }

    public func text() -> String {
        if let item { return text(of: item) }
        var out = ""
        for entry in entries {
            out += "\(entry.name) (\(entry.municipality)): \(entry.missing.count) of \(entry.inForce) items not named"
                + (entry.asOf.map { " (lists as of \($0))" } ?? "") + "\n"
            var groups = [String]()
            for item in entry.missing where !groups.contains(item.group) { groups.append(item.group) }
            for group in groups {
                let items = entry.missing.filter { $0.group == group }
                out += "  【\(group)】 \(items.count)\n"
                for item in items {
                    out += "    \(item.status == .group ? "△" : "・") \(item.name)\(item.status == .group ? "  (group referred to as a whole)" : "")\n"
                    for place in item.excluded {
                        out += "        除外 (left out) \(Self.place(place)): \(place.excerpt)\n"
                    }
                    if let near = item.near {
                        out += "        近い記載 (near miss, \(String(format: "%.2f", near.score ?? 0))) \(Self.place(near)): \(near.excerpt)\n"
                    }
                }
            }
            out += "\n"
        }
        return out
    }

    /// `missing --item`: the municipalities that do not name the item, one a line.
    func text(of item: CoverageMatrix.ItemInfo) -> String {
        let judged = considered - notInForce
        var out = "\(item.name) (\(item.id), \(item.group)): not named in \(entries.count) of \(judged) plans"
            + (scope.map { " of \($0)" } ?? "") + "\n"
        for entry in entries {
            let byGroup = entry.missing.first?.status == .group
            out += "  \(byGroup ? "△" : "・") \(entry.name) (\(entry.municipality))\(byGroup ? "  (group referred to as a whole)" : "")\n"
        }
        if notInForce > 0 {
            out += "(\(notInForce) more plan\(notInForce == 1 ? "" : "s") date from before the item entered the lists\(item.since.map { " (\($0))" } ?? ""): not missing it)\n"
        }
        return out
    }

    /// Where a piece of evidence is: file, line, page.
    static func place(_ evidence: Place) -> String {
        "\(evidence.document):\(evidence.line)" + (evidence.page.map { " p.\($0)" } ?? "")
    }

    /// The entries as JSON, written by the contract's writer (`JSONWriter`): an array of
    /// municipalities, each with its missing items one a line, keys in a fixed order.
    public func json() -> Data {
        var out = JSONWriter(capacity: 1 << 14)
        out.raw("[")
        for (index, entry) in entries.enumerated() {
            out.raw(index == 0 ? "\n  " : ",\n  ")
            out.raw("{\"municipality\": "); out.string(entry.municipality)
            out.raw(", \"name\": "); out.string(entry.name)
            out.raw(", \"missing\": [")
            for (position, item) in entry.missing.enumerated() {
                out.raw(position == 0 ? "\n    " : ",\n    ")
                out.raw("{\"id\": "); out.string(item.id)
                out.raw(", \"name\": "); out.string(item.name)
                out.raw(", \"group\": "); out.string(item.group)
                out.raw(", \"status\": "); out.string(item.status.rawValue)
                if !item.excluded.isEmpty {
                    out.raw(", \"excluded\": [")
                    for (index, place) in item.excluded.enumerated() {
                        out.raw(index == 0 ? "" : ", ")
                        Self.writePlace(place, to: &out)
                    }
                    out.raw("]")
                }
                if let near = item.near {
                    out.raw(", \"near\": ")
                    Self.writePlace(near, to: &out)
                }
                out.raw("}")
            }
            out.raw(entry.missing.isEmpty ? "]}" : "\n  ]}")
        }
        out.raw(entries.isEmpty ? "]\n" : "\n]\n")
        return JSONReport.join([out.finish()])
    }

    /// `{"document", "line", "page", "excerpt", "matched"[, "score"]}`.
    static func writePlace(_ place: Place, to out: inout JSONWriter) {
        out.raw("{\"document\": "); out.string(place.document)
        out.raw(", \"line\": "); out.integer(place.line)
        out.raw(", \"page\": "); if let page = place.page { out.integer(page) } else { out.raw("null") }
        out.raw(", \"excerpt\": "); out.string(place.excerpt)
        out.raw(", \"matched\": "); out.string(place.matched)
        if let score = place.score { out.raw(", \"score\": "); out.score(score) }
        out.raw("}")
    }
}
