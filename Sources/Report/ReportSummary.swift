import Compare
import Foundation

/// What the human-readable reports (HTML, XLSX, Markdown, terminal) share: the items in
/// their catalog order, sectioned by category and group, and the counts per municipality and
/// group. Made from the matrix only, so every report counts the same way.
struct ReportSummary {
    struct Group {
        let category: String
        let name: String
        /// Indices into `matrix.items`, in catalog order.
        let items: [Int]
    }

    struct Counts: Equatable {
        var listed = 0, mentioned = 0, group = 0, absent = 0, notInForce = 0
        /// The items on the lists at the row's date: those not yet in force are not counted,
        /// so a 2021 plan that names the 17 systems of its day is complete.
        var total: Int { listed + mentioned + group + absent }
        /// Items the plan names (listed or mentioned): what coverage means in the reports.
        var named: Int { listed + mentioned }
        /// Named items as a whole percentage of the total ("0%" for an empty group).
        var percent: Int { total == 0 ? 0 : Int((Double(named) * 100 / Double(total)).rounded()) }

        subscript(status: CellStatus) -> Int {
            switch status {
            case .listed: return listed
            case .mentioned: return mentioned
            case .group: return group
            case .absent: return absent
            case .notInForce: return notInForce
            }
        }

        mutating func add(_ status: CellStatus) {
            switch status {
            case .listed: listed += 1
            case .mentioned: mentioned += 1
            case .group: group += 1
            case .absent: absent += 1
            case .notInForce: notInForce += 1
            }
        }

        /// "12/20 (60%)".
        var fraction: String { "\(named)/\(total) (\(percent)%)" }
    }

    let matrix: CoverageMatrix
    let groups: [Group]

    init(_ matrix: CoverageMatrix) {
        self.matrix = matrix
        var groups = [Group]()
        var position = [String: Int]()
        for (index, item) in matrix.items.enumerated() {
            let key = item.category + "\u{0}" + item.group
            if let existing = position[key] {
                let group = groups[existing]
                groups[existing] = Group(category: group.category, name: group.name, items: group.items + [index])
            } else {
                position[key] = groups.count
                groups.append(Group(category: item.category, name: item.group, items: [index]))
            }
        }
        // Categories and groups in the order the catalog declares them (the matrix carries it);
        // any the catalog leaves undeclared come after those, in the order their items come.
        func ranks(_ declared: [String], _ found: [String]) -> [String: Int] {
            var rank = [String: Int]()
            for (index, name) in (declared + found).enumerated() where rank[name] == nil { rank[name] = index }
            return rank
        }
        let categoryRank = ranks(matrix.categories.map(\.id), groups.map(\.category))
        let groupRank = ranks(matrix.groups.map(\.name), groups.map(\.name))
        self.groups = groups.enumerated().sorted { a, b in
            (categoryRank[a.element.category]!, groupRank[a.element.name]!, a.offset)
                < (categoryRank[b.element.category]!, groupRank[b.element.name]!, b.offset)
        }.map(\.element)
    }

    /// The categories, in the order their groups come.
    var categories: [String] {
        var seen = [String]()
        for group in groups where !seen.contains(group.category) { seen.append(group.category) }
        return seen
    }

    func counts(municipality m: Int, items: [Int]) -> Counts {
        var counts = Counts()
        for i in items { counts.add(matrix.status(m, i)) }
        return counts
    }

    func counts(municipality m: Int, group: Group) -> Counts { counts(municipality: m, items: group.items) }

    func total(municipality m: Int) -> Counts { counts(municipality: m, items: Array(matrix.items.indices)) }

    /// Items a plan does not name: `absent`, and `group` (referred to only as part of a whole).
    func missing(municipality m: Int) -> [Int] {
        matrix.items.indices.filter { [.absent, .group].contains(matrix.status(m, $0)) }
    }

    /// "朝霞市（埼玉県）", or the name alone when the prefecture is unknown.
    static func municipalityLabel(_ municipality: CoverageMatrix.MunicipalityInfo) -> String {
        guard let prefecture = municipality.prefecture, !prefecture.isEmpty else { return municipality.name }
        return "\(municipality.name)（\(prefecture)）"
    }

    /// "1" or "0.93": scores to two decimals without trailing zeros, as the JSON prints them in
    /// spirit. Worked out in integers: `String(format:)` was a tenth of writing a national site.
    static func score(_ value: Double) -> String {
        if value == 1 { return "1" }   // nearly every score: an exact match
        guard value.isFinite, abs(value) < 1e12 else { return String(value) }
        let hundredths = Int((abs(value) * 100).rounded())
        let whole = hundredths / 100, fraction = hundredths % 100
        var text = (value < 0 && hundredths > 0 ? "-" : "") + String(whole)
        if fraction != 0 {
            text += fraction % 10 == 0 ? ".\(fraction / 10)" : (fraction < 10 ? ".0\(fraction)" : ".\(fraction)")
        }
        return text
    }
}
