import Foundation

/// Who wrote a plan: a local government. Rows of the coverage matrix are municipalities, not
/// files: a town may publish its plan as several files.
///
/// What plancov knows of one depends on how it was identified (`IdentitySource`): the
/// register's facts (official name, reading, prefecture, kind) when its code is known, only a
/// file name otherwise.
public struct Municipality: Sendable, Hashable {
    /// 全国地方公共団体コード, six digits with its check digit, when known.
    public let code: String?
    /// The official name (朝霞市, 札幌市中央区, 埼玉県), or the file name when unknown.
    public let name: String
    public let prefecture: String?
    /// The name's reading in hiragana (あさかし), from the register.
    public var kana: String? = nil
    /// The prefecture's code (110001 for 埼玉県), from the register.
    public var prefectureCode: String? = nil
    public var kind: Kind? = nil

    /// The kinds of local government the register holds.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case prefecture
        /// 市.
        case city
        /// 町.
        case town
        /// 村.
        case village
        /// 特別区 (東京都's 23 wards).
        case specialWard = "special-ward"
        /// 政令指定都市の区.
        case designatedCityWard = "designated-city-ward"

        /// The word reports print (都道府県, 市, 町, 村, 特別区, 政令市の区).
        public var japanese: String {
            switch self {
            case .prefecture: return "都道府県"
            case .city: return "市"
            case .town: return "町"
            case .village: return "村"
            case .specialWard: return "特別区"
            case .designatedCityWard: return "政令市の区"
            }
        }
    }

    public init(code: String?, name: String, prefecture: String?, kana: String? = nil, prefectureCode: String? = nil,
                kind: Kind? = nil) {
        self.code = code
        self.name = name
        self.prefecture = prefecture
        self.kana = kana
        self.prefectureCode = prefectureCode
        self.kind = kind
    }

    /// The key users type and reports use: the code when there is one, else the name.
    public var key: String { code ?? name }
}

/// How a document's municipality was identified, strongest first: an explicit source wins over
/// a weaker one when they disagree.
public enum IdentitySource: String, Sendable, Hashable, Comparable, CaseIterable {
    /// A `manifest.yaml` lists the file.
    case manifest
    /// A 全国地方公共団体コード in the file or folder names (112275_asaka.txt, 112275/plan.pdf).
    case code
    /// A municipality's name in the folder or file names (埼玉県/朝霞市/計画.pdf).
    case path
    /// The plan's own title (its first heading or first lines).
    case title
    /// Nothing else: the file name stands for the municipality.
    case fileName = "file name"

    public static func < (lhs: IdentitySource, rhs: IdentitySource) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One input file and whose plan it is.
public struct CorpusEntry: Sendable, Hashable {
    public let path: String
    public let municipality: Municipality
    public let title: String?
    public let date: String?
    /// How `municipality` was found.
    public let identifiedBy: IdentitySource
    /// What in the source named it, for the reader of a report: the code or path words that
    /// matched, or the title (nil when the source says it all).
    public let identityNote: String?

    public init(path: String, municipality: Municipality, title: String? = nil, date: String? = nil,
                identifiedBy: IdentitySource = .fileName, identityNote: String? = nil) {
        self.path = path
        self.municipality = municipality
        self.title = title
        self.date = date
        self.identifiedBy = identifiedBy
        self.identityNote = identityNote
    }

    /// The same file with its municipality identified anew.
    public func identified(as municipality: Municipality, by source: IdentitySource, note: String?) -> CorpusEntry {
        CorpusEntry(path: path, municipality: municipality, title: title, date: date, identifiedBy: source, identityNote: note)
    }
}
