import Compare
import Register

/// The messages of `--prefecture`, when the query finds no plan (the rule is `PrefectureQuery`'s,
/// the same for every command).
enum PrefectureChoice {
    /// The rows of the prefecture `query` names and that prefecture's name, or a usage error
    /// (exit 1) that says whether the prefecture is unknown or has no plan among the inputs, and
    /// lists the prefectures the inputs have. The register is read only for those messages, and
    /// for a reading (`さいたまけん`) the rows cannot match.
    static func rows(of query: String, in matrix: CoverageMatrix, register: () throws -> Register) throws -> (rows: [Int], name: String) {
        let found = matrix.municipalityIndices(inPrefecture: PrefectureQuery(query))
        if let first = found.first { return (found, matrix.municipalities[first].prefecture ?? query) }
        let prefecture = try register().governments.first { government in
            government.kind == .prefecture && PrefectureQuery(query).finds(code: government.code, name: government.name, kana: government.kana)
        }
        if let prefecture {
            let rows = matrix.municipalityIndices(inPrefecture: PrefectureQuery(prefecture.code))
            if !rows.isEmpty { return (rows, prefecture.name) }
            throw CleanExit.failure(message: "plancov: no plan of \(prefecture.name) (\(prefecture.code.prefix(2))) among the inputs; "
                + "their prefectures are: \(present(in: matrix))", code: 1)
        }
        throw CleanExit.failure(message: "plancov: unknown prefecture \(query): give its name (埼玉県 or 埼玉) or its code (11 or 110001); "
            + "the inputs' prefectures are: \(present(in: matrix))", code: 1)
    }

    /// "埼玉県 (11, 2 plans), 東京都 (13, 1 plan)", in code order; "none" when no row has one.
    static func present(in matrix: CoverageMatrix) -> String {
        var counts = [String: (name: String, plans: Int)]()
        for row in matrix.municipalities {
            guard let code = row.prefectureCode.map({ String($0.prefix(2)) }), let name = row.prefecture else { continue }
            counts[code, default: (name, 0)].plans += 1
        }
        guard !counts.isEmpty else { return "none (no plan's prefecture is known)" }
        return counts.keys.sorted().map { code in
            let entry = counts[code]!
            return "\(entry.name) (\(code), \(entry.plans) plan\(entry.plans == 1 ? "" : "s"))"
        }.joined(separator: ", ")
    }
}

/// The message of `--item`, when the words name no item or several.
enum ItemChoice {
    /// The id of the one item of `catalog` that `query` names (`Catalog.items(matching:)`), or a
    /// usage error (exit 1) listing the items there are or those it could mean.
    static func id(of query: String, in catalog: Catalog) throws -> String {
        let found = catalog.items(matching: query)
        switch found.count {
        case 1:
            return found[0].id
        case 0:
            throw CleanExit.failure(message: "plancov: no item \(query) in the catalog; it has: "
                + catalog.items.map { "\($0.name) (\($0.id))" }.joined(separator: ", "), code: 1)
        default:
            throw CleanExit.failure(message: "plancov: \(query) could be any of "
                + found.map { "\($0.name) (\($0.id))" }.joined(separator: ", ") + "; give its id or full name", code: 1)
        }
    }
}
