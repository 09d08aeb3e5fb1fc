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
    }

    public let entries: [Entry]

    /// `municipalities` are indices into `matrix.municipalities`; `group` keeps one group only.
    public init(matrix: CoverageMatrix, municipalities: [Int], group: String? = nil) {
        let itemIndices = matrix.items.indices.filter { group == nil || matrix.items[$0].group == group }
        entries = municipalities.map { m in
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
    }

    public func text() -> String {
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
