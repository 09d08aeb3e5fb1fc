import Compare
import Register

/// The matrix summed by prefecture, for the reports that look at a batch from above (the
/// site's entry page and prefecture pages, the Markdown and XLSX summaries, the terminal table
/// of a large batch): per prefecture, the local governments with a plan in the batch, the
/// 市区町村 it has, and the items named per group, pooled over its plans (named cells ÷ items ×
/// plans: the mean of the plans' shares, since every plan is judged on the same items).
///
/// A row's prefecture is its `prefecture_code` (the first two digits of the prefecture's own
/// code), else its prefecture's name; rows with neither go last, under 都道府県不明.
struct PrefectureSummary {
    struct Prefecture {
        /// The 2-digit code (`11`), or "" for rows whose prefecture is unknown.
        let code: String
        let name: String
        /// Indices into `matrix.municipalities`, in matrix order.
        let rows: [Int]
        /// The 市区町村 the prefecture has (the 北方領土 villages aside), from the map's list;
        /// empty for the unknown bucket.
        let registered: [Roster.Municipality]
        /// Per group of `ReportSummary.groups`, pooled over `rows`.
        let counts: [ReportSummary.Counts]
        let total: ReportSummary.Counts

        var hasPlans: Bool { !rows.isEmpty }
    }

    /// In code order (01 北海道 … 47 沖縄県), then 都道府県不明 when some row has no prefecture.
    /// With `allPrefectures`, every prefecture of the roster is there, with plans or not.
    let prefectures: [Prefecture]

    static let unknownName = "都道府県不明"

    init(_ summary: ReportSummary, roster: Roster?, allPrefectures: Bool) {
        let matrix = summary.matrix
        var byCode = [String: [Int]]()
        var names = [String: String]()
        let rosterCodes = Dictionary((roster?.prefectures ?? []).map { ($0.name, $0.code) }, uniquingKeysWith: { a, _ in a })
        for (m, municipality) in matrix.municipalities.enumerated() {
            let code = PrefectureSummary.code(of: municipality, rosterCodes: rosterCodes)
            byCode[code, default: []].append(m)
            if !code.isEmpty, let name = municipality.prefecture { names[code] = names[code] ?? name }
        }
        var codes = byCode.keys.filter { !$0.isEmpty }
        if allPrefectures, let roster {
            codes = Array(Set(codes).union(roster.prefectures.map(\.code)))
        }
        codes.sort()
        if byCode[""] != nil { codes.append("") }
        prefectures = codes.map { code in
            let rows = byCode[code] ?? []
            let counts = summary.groups.map { group in
                rows.reduce(into: ReportSummary.Counts()) { sum, m in sum.add(summary.counts(municipality: m, group: group)) }
            }
            let total = counts.reduce(into: ReportSummary.Counts()) { $0.add($1) }
            let name = code.isEmpty ? PrefectureSummary.unknownName
                : roster?.prefectures.first { $0.code == code }?.name ?? names[code] ?? code
            return Prefecture(code: code, name: name, rows: rows, registered: roster?.municipalities(inPrefecture: code) ?? [],
                              counts: counts, total: total)
        }
    }

    /// The 2-digit prefecture code of a row, or "" when neither its code nor its name says.
    static func code(of municipality: CoverageMatrix.MunicipalityInfo, rosterCodes: [String: String]) -> String {
        if let code = municipality.prefectureCode, code.count >= 2, code.prefix(2).allSatisfy(\.isNumber) {
            return String(code.prefix(2))
        }
        if let name = municipality.prefecture, let code = rosterCodes[name] { return code }
        return ""
    }
}

extension ReportSummary.Counts {
    mutating func add(_ other: ReportSummary.Counts) {
        listed += other.listed
        mentioned += other.mentioned
        group += other.group
        absent += other.absent
        notInForce += other.notInForce
    }
}

/// The prefectures and 市区町村 a national report accounts for, with a plan or without: those
/// of the register (`Register.bundled()`, the one the batch identifies plans with): 47
/// prefectures and 1,741 市区町村; the six 北方領土 villages are drawn on the map but not counted.
/// The register, not the map: the batch has read it already, and parsing the map for the counts
/// cost the Markdown and XLSX reports some 30 ms.
struct Roster: Sendable {
    struct Prefecture: Sendable {
        let code: String
        let name: String
    }

    struct Municipality: Sendable {
        let code: String
        let name: String
        let prefectureCode: String
    }

    let prefectures: [Prefecture]
    let municipalities: [Municipality]
    private let byPrefecture: [String: [Municipality]]

    init(register: Register) {
        var prefectures = [Prefecture](), municipalities = [Municipality]()
        for government in register.governments {
            // Two-digit prefecture codes, as the map and the reports write them.
            let prefectureCode = String(government.prefectureCode.prefix(2))
            switch government.kind {
            case .prefecture: prefectures.append(Prefecture(code: prefectureCode, name: government.name))
            case .designatedCityWard: continue
            default:
                if !government.isNorthernTerritory {
                    municipalities.append(Municipality(code: government.code, name: government.name, prefectureCode: prefectureCode))
                }
            }
        }
        self.prefectures = prefectures.sorted { $0.code < $1.code }
        self.municipalities = municipalities.sorted { $0.code < $1.code }
        byPrefecture = Dictionary(grouping: self.municipalities, by: \.prefectureCode)
    }

    func municipalities(inPrefecture code: String) -> [Municipality] { byPrefecture[code] ?? [] }

    /// The national roster, from the built-in register; nil when this build has none.
    static let national: Roster? = (try? Register.bundled()).map(Roster.init(register:))
}
