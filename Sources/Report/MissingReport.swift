import Compare
import Foundation

/// What `plancov missing` prints: per municipality, the items its plan does not name
/// (`absent`, and `group` — referred to only as part of a whole group), by group. Items not
/// yet on the lists at the row's date (`not-in-force`) are not missing.
public struct MissingReport: Sendable {
    public struct Entry: Sendable, Decodable, Equatable {
        public let municipality: String
        public let name: String
        public let missing: [Item]
        /// The items on the lists at the row's date (of the group asked for).
        let inForce: Int
        /// The day the row is judged at, when it has one.
        let asOf: String?

        enum CodingKeys: String, CodingKey { case municipality, name, missing }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            municipality = try container.decode(String.self, forKey: .municipality)
            name = try container.decode(String.self, forKey: .name)
            missing = try container.decode([Item].self, forKey: .missing)
            inForce = 0
            asOf = nil
        }

        init(municipality: String, name: String, missing: [Item], inForce: Int, asOf: String?) {
            (self.municipality, self.name, self.missing, self.inForce, self.asOf) = (municipality, name, missing, inForce, asOf)
        }
    }

    public struct Item: Sendable, Decodable, Equatable {
        public let id: String
        public let name: String
        public let group: String
        public let status: CellStatus
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
        notInForce = item == nil ? 0 : municipalities.filter { m in itemIndices.allSatisfy { matrix.cell(m, $0).status == .notInForce } }.count
        let all = municipalities.map { m in
            let municipality = matrix.municipalities[m]
            let missing = itemIndices.compactMap { i -> Item? in
                let cell = matrix.cell(m, i)
                guard cell.status == .absent || cell.status == .group else { return nil }
                let item = matrix.items[i]
                return Item(id: item.id, name: item.name, group: item.group, status: cell.status)
            }
            let inForce = itemIndices.filter { matrix.cell(m, $0).status != .notInForce }.count
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
                out.raw(", \"status\": "); out.string(item.status.rawValue); out.raw("}")
            }
            out.raw(entry.missing.isEmpty ? "]}" : "\n  ]}")
        }
        out.raw(entries.isEmpty ? "]\n" : "\n]\n")
        return JSONReport.join([out.finish()])
    }
}
