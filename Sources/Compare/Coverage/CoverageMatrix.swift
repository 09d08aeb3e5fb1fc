import Ingest
import Register

/// The cross-municipality coverage matrix: the one data structure every report is made from,
/// and the seam between Compare and Report. It carries every fact of the catalog a report
/// shows (category names, group order), so that reports never need the catalog itself.
///
/// Its JSON form is the contract of DESIGN.md (`plancov.coverage/1`), written by the Report
/// module; `Decodable` reads such a report back.
public struct CoverageMatrix: Sendable, Decodable, Equatable {
    public static let schemaName = "plancov.coverage/1"

    public struct CatalogInfo: Sendable, Decodable, Equatable {
        public let name: String
        public let version: String
    }

    /// A kind of item (標準化対象システム, オンライン化手続 …), in catalog order.
    public struct CategoryInfo: Sendable, Decodable, Equatable {
        public let id: String
        /// The name reports print, as the catalog gives it.
        public let name: String
    }

    /// A group of items (子育て, 介護 …), in catalog order: the order reports section items by.
    public struct GroupInfo: Sendable, Decodable, Equatable {
        public let name: String
        /// The id of its category.
        public let category: String
    }

    public struct MunicipalityInfo: Sendable, Decodable, Equatable {
        /// The key cells use: the 6-digit code, or the name when the code is unknown.
        public let code: String
        /// The official name from the register (朝霞市), or the file name when unknown.
        public let name: String
        public let prefecture: String?
        public let documents: [String]
        /// The name's reading, in hiragana (あさかし).
        public let kana: String?
        public let prefectureCode: String?
        /// prefecture, city (市), town (町), village (村), special-ward (特別区),
        /// designated-city-ward (政令市の区); nil when the register does not know it.
        public let kind: String?
        /// The strongest way any of its documents was identified (manifest, code, path, title,
        /// file name).
        public let identifiedBy: String
        /// How each document was identified, in the order of `documents`.
        public let identification: [Identification]
        /// The day the row is judged at (2022-03-01), when a plan date or `--as-of` gives one.
        public let asOf: String?
        /// That date as written (令和4年3月).
        public let dateAsWritten: String?
        /// The catalog version in force that day (標準化対象20業務（令和4年政令第1号）).
        public let listVersion: String?

        enum CodingKeys: String, CodingKey {
            case code, name, prefecture, documents, kana, kind, identification
            case prefectureCode = "prefecture_code", identifiedBy = "identified_by"
            case asOf = "as_of", dateAsWritten = "date", listVersion = "list_version"
        }
    }

    /// How one document was attributed to its municipality.
    public struct Identification: Sendable, Decodable, Equatable {
        public let document: String
        /// manifest, code, path, title or file name.
        public let by: String
        /// What named it: the code or the words of the path or title that matched.
        public let note: String?
    }

    public struct ItemInfo: Sendable, Decodable, Equatable {
        public let id: String
        public let name: String
        public let category: String
        public let group: String
        /// Where the name comes from, in one line (document, section, note), when the catalog says.
        public let source: String?
        /// The day the item entered the lists, when it did after the first (2022-01-01).
        public let since: String?
    }

    public struct Cell: Sendable, Decodable, Equatable {
        public let municipality: String
        public let item: String
        public let status: CellStatus
        public let evidence: [Evidence]
        /// For a missing cell (`absent` or `group`), the closest place below the fuzzy
        /// threshold in the municipality's plans (`NearMissFinder`), when the batch looked for
        /// near misses (`plancov missing`, the HTML and XLSX reports). Not part of the JSON
        /// matrix; `plancov missing --format json` writes it as `near`.
        public var near: Evidence? { nearBox?.evidence }
        /// Boxed: inline, an optional evidence made every cell of a national matrix (most of them
        /// absent, none with a near miss) several times larger, and the matrix stage slower.
        private let nearBox: NearBox?

        final class NearBox: Sendable, Equatable {
            let evidence: Evidence
            init(_ evidence: Evidence) { self.evidence = evidence }
            static func == (a: NearBox, b: NearBox) -> Bool { a.evidence == b.evidence }
        }

        enum CodingKeys: String, CodingKey { case municipality, item, status, evidence }

        public init(municipality: String, item: String, status: CellStatus, evidence: [Evidence], near: Evidence? = nil) {
            self.municipality = municipality
            self.item = item
            self.status = status
            self.evidence = evidence
            nearBox = near.map(NearBox.init)
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(municipality: try container.decode(String.self, forKey: .municipality),
                      item: try container.decode(String.self, forKey: .item),
                      status: try container.decode(CellStatus.self, forKey: .status),
                      evidence: try container.decode([Evidence].self, forKey: .evidence))
        }
    }

    /// An error (a file not read) or a warning (a file read, with something to check: an
    /// unknown code, a path and a title that disagree).
    public struct ErrorEntry: Sendable, Decodable, Equatable {
        public let document: String
        public let message: String

        public init(document: String, message: String) {
            self.document = document
            self.message = message
        }
    }

    public let schema: String
    public let catalog: CatalogInfo
    public let categories: [CategoryInfo]
    public let groups: [GroupInfo]
    public let municipalities: [MunicipalityInfo]
    public let items: [ItemInfo]
    /// Every municipality × item pair, absent ones included, municipality by municipality in
    /// the order of `municipalities`, items in catalog order.
    public let cells: [Cell]
    public let errors: [ErrorEntry]
    /// Files read whose identity a reader should check, by document.
    public let warnings: [ErrorEntry]

    /// The cell of municipality `m` (index into `municipalities`) and item `i`.
    public func cell(_ m: Int, _ i: Int) -> Cell { cells[m * items.count + i] }

    /// The status of that cell alone: counting a national matrix (136,000 cells, many times
    /// over in a report) reads only this, and a whole `Cell` costs four reference counts.
    @inlinable public func status(_ m: Int, _ i: Int) -> CellStatus { cells[m * items.count + i].status }

    /// The name of category `id`, or the id itself when the catalog gave it none.
    public func categoryName(_ id: String) -> String {
        categories.first { $0.id == id }?.name ?? id
    }

    /// The municipalities `query` finds (see `MunicipalityQuery`), as indices into `municipalities`.
    public func municipalityIndices(matching query: String) -> [Int] {
        MunicipalityQuery(query).matches(in: Array(municipalities.indices)) { index in
            let m = municipalities[index]
            return .init(code: m.code, name: m.name, prefecture: m.prefecture, kana: m.kana)
        }
    }

    /// The rows of the prefecture `query` names (see `PrefectureQuery`), in matrix order: those
    /// whose `prefecture_code` (else prefecture name) it finds. Rows whose prefecture is unknown
    /// are never among them.
    public func municipalityIndices(inPrefecture query: PrefectureQuery) -> [Int] {
        municipalities.indices.filter { m in
            let row = municipalities[m]
            return query.finds(code: row.prefectureCode, name: row.prefecture)
        }
    }

    /// The same matrix with only the rows `indices` (into `municipalities`), in that order, and
    /// their cells; the warnings of their documents; every error (a file not read belongs to no
    /// row, and a reader must still learn of it).
    public func restricted(to indices: [Int]) -> CoverageMatrix {
        var cells = [Cell]()
        cells.reserveCapacity(indices.count * items.count)
        for m in indices { cells.append(contentsOf: self.cells[(m * items.count)..<((m + 1) * items.count)]) }
        let rows = indices.map { municipalities[$0] }
        let documents = Set(rows.flatMap(\.documents))
        return CoverageMatrix(schema: schema, catalog: catalog, categories: categories, groups: groups, municipalities: rows,
                              items: items, cells: cells, errors: errors,
                              warnings: warnings.filter { documents.contains($0.document) })
    }

    /// The one municipality `query` finds; nil when it finds none or several.
    public func municipalityIndex(matching query: String) -> Int? {
        let found = municipalityIndices(matching: query)
        return found.count == 1 ? found[0] : nil
    }
}
