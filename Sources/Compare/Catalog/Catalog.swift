import Foundation
import Yams

/// The national list that plans are compared against: data, loaded at run time.
///
/// The bundled catalog (`Resources/catalog.yaml`) holds the 標準化対象20業務 and the
/// procedures to put online; `--catalog FILE` swaps in another with the same shape, so
/// analysts can tune names, aliases and exclusions without rebuilding plancov.
///
/// Every item cites its `source` (a document of `documents`, the section, a note on the
/// evidence for the exact name); aliases and collective forms say where they were seen. The
/// lists change: `versions` are their editions, an item's `since` the date it entered them, and
/// `inForce(at:)` / `version(at:)` (CatalogVersion.swift) answer what was on them at a date.
public struct Catalog: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Minimum similarity (1 − edits ÷ name length) for a fuzzy mention.
        public var fuzzyThreshold: Double = 0.9
        /// Names shorter than this (normalized) are matched exactly only: 入札 or 戸籍 one
        /// character off is another word, not a typo.
        public var fuzzyMinLength: Int = 8
        /// Minimum similarity of a near miss (`NearMissFinder`): the best place below
        /// `fuzzyThreshold` that `plancov missing` offers for an item a plan does not name.
        public var nearMissFloor: Double = 0.75
    }

    public struct Category: Sendable, Equatable {
        public let id: String
        public let name: String
        /// Heading words that make a section this category's own (標準化, オンライン化 …).
        public let topics: [String]
    }

    public struct Group: Sendable, Equatable {
        public let name: String
        public let category: String
        /// How plans refer to the whole group without naming its members (20業務, 26手続 …),
        /// with where each was seen and, for a form that names the group as it once stood
        /// (17業務), the date of that state.
        public let forms: [CollectiveForm]
        /// The list and heading of a national document the group stands for.
        public let source: CatalogSource?

        /// The texts of `forms`.
        public var collective: [String] { forms.map(\.text) }
    }

    /// A way plans refer to a whole group without naming its members.
    public struct CollectiveForm: Sendable, Equatable, Codable {
        public let text: String
        /// The form names the group as it stood on this date and covers only the members in
        /// force then: 17業務 (as of the first list) does not cover 戸籍, added in 2022.
        public let asOf: PlanDate?
        /// Where the form was seen.
        public let seen: String?
    }

    /// A collective form with its group (index into `groups`): what `GroupReference.forms`
    /// indexes, group by group in catalog order.
    public struct GroupForm: Sendable, Equatable {
        public let group: Int
        public let form: CollectiveForm
    }

    public struct Exclusion: Sendable, Equatable {
        public let text: String
        public let reason: String
    }

    /// The word classes of the compound-boundary rules (`Tagger`, rules 4 and 7): what a name
    /// continued into a longer word means. Lists of words, matched after normalization; the
    /// mechanism is in `CompoundBoundaries.swift`. A catalog without them (`compounds` absent)
    /// keeps only the organization suffixes of rule 4.
    public struct Compounds: Sendable, Equatable {
        /// Words that continue a name and keep it a mention (システム, 業務, 事務, 関係, 分野,
        /// 等, its papers 申請 書, its levies 料 税, the conjunctions 及 並 又): a name followed
        /// by nothing but these is the item.
        public var keep: [String] = []
        /// Heads (the last word of a Japanese compound, which says what it names) of words
        /// that name something else: bodies and facilities (センター, 協議会), budget lines
        /// (費, 特別会計), benefits (基金, 給付金), groups of people (者, 世帯), plans and laws
        /// (計画, 法). They make a compound even across a line break or a space.
        public var heads: [String] = []
        /// Words right before a name that make another word of it: negations (未, 非, 不, 無)
        /// and other allowances or bodies (特別).
        public var prefixes: [String] = []
        /// Words after a name, or after a list of names joined by 、・／及び と, that leave them
        /// out (以外, を除く, は対象外): those names are recorded as excluded (rule 8).
        public var exclusionMarkers: [String] = []
        /// What joins the names of a list an exclusion marker ends (、・／ 及び と や 又は).
        public var joiners: [String] = []

        public var isEmpty: Bool { keep.isEmpty && heads.isEmpty && prefixes.isEmpty && exclusionMarkers.isEmpty }
    }

    public let name: String
    public let version: String
    public let settings: Settings
    public let organizationSuffixes: [String]
    public let categories: [Category]
    public let groups: [Group]
    public let exclusions: [Exclusion]
    public let compounds: Compounds
    public let items: [CatalogItem]
    /// The documents items, groups and versions cite, by id.
    public let documents: [SourceDocument]
    /// The editions of the lists, oldest first (see `version(at:)`).
    public let versions: [CatalogVersion]
    /// Where the catalog came from, for messages.
    public let source: String

    /// Every collective form of every group, group by group.
    public var collectiveForms: [GroupForm] {
        groups.enumerated().flatMap { index, group in group.forms.map { GroupForm(group: index, form: $0) } }
    }

    /// The catalog shipped with plancov: `Resources/catalog.yaml`, built into the binary.
    public static func bundled() throws(CatalogError) -> Catalog {
        try parse(yaml: try bundledYAML(), source: "(bundled) catalog.yaml")
    }

    public static func load(path: String, displayName: String? = nil) throws(CatalogError) -> Catalog {
        let source = displayName ?? path
        let text: String
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CatalogError(source: source, message: "is a folder, not a catalog file")
        }
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CatalogError(source: source, message: "cannot be read as UTF-8 text (\(error.localizedDescription))")
        }
        return try parse(yaml: text, source: source)
    }

    public static func parse(yaml: String, source: String) throws(CatalogError) -> Catalog {
        let file: CatalogFile
        do {
            file = try CatalogFile(yaml: yaml)
        } catch let error as CatalogFile.ShapeError {
            throw CatalogError(source: source, message: error.message)
        } catch {
            throw CatalogError(source: source, message: "not a valid catalog at top level: The given data was not valid YAML. \(error)")
        }
        var settings = Settings()
        if let threshold = file.settings?.fuzzy_threshold {
            guard threshold > 0, threshold <= 1 else {
                throw CatalogError(source: source, message: "settings.fuzzy_threshold must be in (0, 1], got \(threshold)")
            }
            settings.fuzzyThreshold = threshold
        }
        if let minimum = file.settings?.fuzzy_min_length {
            guard minimum >= 2 else { throw CatalogError(source: source, message: "settings.fuzzy_min_length must be at least 2") }
            settings.fuzzyMinLength = minimum
        }
        if let floor = file.settings?.near_miss_floor {
            guard floor > 0, floor <= settings.fuzzyThreshold else {
                throw CatalogError(source: source, message: "settings.near_miss_floor must be in (0, fuzzy_threshold], got \(floor)")
            }
            settings.nearMissFloor = floor
        }
        let documents = (file.documents ?? []).map {
            SourceDocument(id: $0.id, title: $0.title, issuer: $0.issuer ?? "", date: $0.date ?? "", url: $0.url)
        }
        let documentsByID = Dictionary(documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func resolve(_ source: CatalogFile.Source?) -> CatalogSource? {
            source.map {
                CatalogSource(documentID: $0.document, document: $0.document.flatMap { documentsByID[$0] },
                              section: $0.section, note: $0.note, unverified: $0.unverified ?? false)
            }
        }
        let catalog = Catalog(
            name: file.name, version: file.version ?? "", settings: settings,
            organizationSuffixes: file.organization_suffixes ?? [],
            categories: (file.categories ?? []).map { Category(id: $0.id, name: $0.name ?? $0.id, topics: $0.topics ?? []) },
            groups: (file.groups ?? []).map {
                Group(name: $0.name, category: $0.category ?? "", forms: $0.collective ?? [], source: resolve($0.source))
            },
            exclusions: (file.exclusions ?? []).map { Exclusion(text: $0.text, reason: $0.reason ?? "") },
            compounds: file.compounds ?? Compounds(),
            items: file.items.map {
                CatalogItem(id: $0.id, name: $0.name, category: $0.category, group: $0.group, aliasEntries: $0.aliases ?? [],
                            spellings: $0.spellings ?? [], source: resolve($0.source), since: $0.since)
            },
            documents: documents,
            versions: (file.versions ?? []).map { CatalogVersion(label: $0.label, since: $0.since, source: resolve($0.source)) },
            source: source)
        if catalog.items.isEmpty { throw CatalogError(source: source, message: "has no items") }
        return catalog
    }

    public func group(named name: String) -> Group? { groups.first { $0.name == name } }
    public func category(id: String) -> Category? { categories.first { $0.id == id } }
}

/// One thing a plan may or may not cover: a system to standardize or a procedure to put online.
public struct CatalogItem: Sendable, Equatable, Codable {
    /// Stable across catalog versions: reports and scripts key on it.
    public let id: String
    /// Exactly as the national documents print it.
    public let name: String
    public let category: String
    public let group: String
    /// Other names really in use for the same item, each with where it was seen.
    public let aliasEntries: [CatalogAlias]
    /// Spellings in real use that normalization already equates with the name (児童手当の額の
    ///改定… for 児童手当等の額の改定…, by the rule on a trailing 等): they need no pattern of
    /// their own and are kept for where they were seen; `catalog check` makes sure they still
    /// normalize to the name.
    public let spellings: [CatalogAlias]
    /// Where the name and the item come from.
    public let source: CatalogSource?
    /// When the item entered the lists; nil when it was on them from the catalog's first
    /// version (or the catalog does not know when it entered).
    public let since: PlanDate?

    /// The aliases' texts, what the tagger matches besides the name.
    public var aliases: [String] { aliasEntries.map(\.name) }
}

/// Another name of an item, and where it was seen (a document, a municipality, a portal page).
public struct CatalogAlias: Sendable, Equatable, Codable {
    public let name: String
    public let seen: String?
}

/// A catalog that cannot be used, and why: exit code 1.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public let source: String
    public let message: String
    public var description: String { "\(source): \(message)" }

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

}

/// The YAML file's shape (snake_case as written by people), read from Yams' node tree by
/// hand. Yams' Decodable layer looked every key up by comparing nodes, tags included, and was
/// two thirds of loading a large catalog (20 of 30 ms for ten times the bundled one, all of it
/// before the first plan is read). The messages are those the Decodable layer gave: "missing
/// field "name" at items[0]", "wrong type at settings.fuzzy_min_length: Expected to decode
/// Int but found Scalar instead."; optional fields may be absent or null; of two equal keys
/// the last wins; unknown keys are ignored.
private struct CatalogFile {
    struct Settings { var fuzzy_threshold: Double?; var fuzzy_min_length: Int?; var near_miss_floor: Double? }
    struct Category { let id: String; let name: String?; let topics: [String]? }
    struct Group { let name: String; let category: String?; let collective: [Catalog.CollectiveForm]?; let source: Source? }
    struct Exclusion { let text: String; let reason: String? }
    struct Item {
        let id: String; let name: String; let category: String; let group: String
        let aliases: [CatalogAlias]?; let spellings: [CatalogAlias]?; let source: Source?; let since: PlanDate?
    }
    struct Doc { let id: String; let title: String; let issuer: String?; let date: String?; let url: String? }
    struct Version { let label: String; let since: PlanDate?; let source: Source? }
    struct Source { let document: String?; let section: String?; let note: String?; let unverified: Bool? }
    let name: String
    let version: String?
    let settings: Settings?
    let organization_suffixes: [String]?
    let categories: [Category]?
    let documents: [Doc]?
    let versions: [Version]?
    let groups: [Group]?
    let exclusions: [Exclusion]?
    let compounds: Catalog.Compounds?
    let items: [Item]

    struct ShapeError: Error { let message: String }

    init(yaml: String) throws {
        // The parser keeps the anchors alive while the tree is read.
        let parser = try Parser(yaml: yaml, resolver: .basic)
        let root = try withExtendedLifetime(parser) { try parser.singleRoot() } ?? Node("")
        let top = try Fields(root, at: "")
        name = try top.required("name", Fields.string)
        version = try top.optional("version", Fields.string)
        settings = try top.optional("settings") { (node, path) throws(ShapeError) in
            let fields = try Fields(node, at: path)
            return Settings(fuzzy_threshold: try fields.optional("fuzzy_threshold", Fields.double),
                            fuzzy_min_length: try fields.optional("fuzzy_min_length", Fields.int),
                            near_miss_floor: try fields.optional("near_miss_floor", Fields.double))
        }
        organization_suffixes = try top.optional("organization_suffixes", Fields.strings)
        categories = try top.optional("categories") { (node, path) throws(ShapeError) in
            try Fields.list(node, at: path) { (node, path) throws(ShapeError) in
                let fields = try Fields(node, at: path)
                return Category(id: try fields.required("id", Fields.string), name: try fields.optional("name", Fields.string),
                                topics: try fields.optional("topics", Fields.strings))
            }
        }
        documents = try top.optional("documents") { (node, path) throws(ShapeError) in
            try Fields.list(node, at: path) { (node, path) throws(ShapeError) in
                let fields = try Fields(node, at: path)
                return Doc(id: try fields.required("id", Fields.string), title: try fields.required("title", Fields.string),
                           issuer: try fields.optional("issuer", Fields.string), date: try fields.optional("date", Fields.string),
                           url: try fields.optional("url", Fields.string))
            }
        }
        versions = try top.optional("versions") { (node, path) throws(ShapeError) in
            try Fields.list(node, at: path) { (node, path) throws(ShapeError) in
                let fields = try Fields(node, at: path)
                return Version(label: try fields.required("label", Fields.string), since: try fields.optional("since", Fields.date),
                               source: try fields.optional("source", Fields.source))
            }
        }
        groups = try top.optional("groups") { (node, path) throws(ShapeError) in
            try Fields.list(node, at: path) { (node, path) throws(ShapeError) in
                let fields = try Fields(node, at: path)
                let forms = try fields.optional("collective") { (node, path) throws(ShapeError) in
                    try Fields.list(node, at: path) { (node, path) throws(ShapeError) in
                        if case .scalar = node { return Catalog.CollectiveForm(text: try Fields.string(node, at: path), asOf: nil, seen: nil) }
                        let fields = try Fields(node, at: path)
                        return Catalog.CollectiveForm(text: try fields.required("text", Fields.string),
                                                      asOf: try fields.optional("as_of", Fields.date),
                                                      seen: try fields.optional("seen", Fields.string))
                    }
                }
                return Group(name: try fields.required("name", Fields.string), category: try fields.optional("category", Fields.string),
                             collective: forms, source: try fields.optional("source", Fields.source))
            }
        }
        exclusions = try top.optional("exclusions") { (node, path) throws(ShapeError) in
            try Fields.list(node, at: path) { (node, path) throws(ShapeError) in
                let fields = try Fields(node, at: path)
                return Exclusion(text: try fields.required("text", Fields.string), reason: try fields.optional("reason", Fields.string))
            }
        }
        compounds = try top.optional("compounds") { (node, path) throws(ShapeError) in
            let fields = try Fields(node, at: path)
            return Catalog.Compounds(keep: try fields.optional("keep", Fields.strings) ?? [],
                                     heads: try fields.optional("heads", Fields.strings) ?? [],
                                     prefixes: try fields.optional("prefixes", Fields.strings) ?? [],
                                     exclusionMarkers: try fields.optional("exclusion_markers", Fields.strings) ?? [],
                                     joiners: try fields.optional("joiners", Fields.strings) ?? [])
        }
        items = try top.required("items") { (node, path) throws(ShapeError) in
            try Fields.list(node, at: path) { (node, path) throws(ShapeError) in
                let fields = try Fields(node, at: path)
                return Item(id: try fields.required("id", Fields.string), name: try fields.required("name", Fields.string),
                            category: try fields.required("category", Fields.string), group: try fields.required("group", Fields.string),
                            aliases: try fields.optional("aliases", Fields.aliases), spellings: try fields.optional("spellings", Fields.aliases),
                            source: try fields.optional("source", Fields.source), since: try fields.optional("since", Fields.date))
            }
        }
    }

    /// One mapping's values by key, and the path to it for messages ("items[3]").
    struct Fields {
        let values: [String: Node]
        let path: String

        init(_ node: Node, at path: String) throws(ShapeError) {
            guard case .mapping(let mapping) = node else { throw Fields.wrongType(at: path, expected: "Mapping", found: "Node") }
            var values = [String: Node]()
            for (key, value) in Fields.pairs(mapping) { if let key = key.scalar?.string { values[key] = value } }
            self.values = values
            self.path = path
        }

        /// The mapping's pairs with YAML merge keys (`<<: *defaults`) expanded as Yams does:
        /// merged pairs first, so that the mapping's own keys win.
        static func pairs(_ mapping: Node.Mapping) -> [(key: Node, value: Node)] {
            var merged = [(key: Node, value: Node)](), own = [(key: Node, value: Node)]()
            for pair in mapping {
                // What Yams' merge rule resolves: a plain << key.
                guard case .scalar(let key) = pair.key, key.style == .plain, key.string == "<<" else { own.append(pair); continue }
                switch pair.value {
                case .mapping(let inner): merged += pairs(inner)
                case .sequence(let sequence): for case .mapping(let inner) in sequence.reversed() { merged += pairs(inner) }
                default: break
                }
            }
            return merged + own
        }

        func required<T>(_ key: String, _ read: (Node, String) throws(ShapeError) -> T) throws(ShapeError) -> T {
            guard let node = values[key] else {
                throw ShapeError(message: "missing field \"\(key)\" at \(path.isEmpty ? "top level" : path)")
            }
            return try read(node, Fields.child(path, key))
        }

        /// Absent or null (a plain ~, null or nothing) is nil.
        func optional<T>(_ key: String, _ read: (Node, String) throws(ShapeError) -> T) throws(ShapeError) -> T? {
            guard let node = values[key], node.null == nil else { return nil }
            return try read(node, Fields.child(path, key))
        }

        static func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

        static func wrongType(at path: String, expected: String, found: String) -> ShapeError {
            ShapeError(message: "wrong type at \(path.isEmpty ? "top level" : path): Expected to decode \(expected) but found \(found) instead.")
        }

        static func scalar(_ node: Node, at path: String) throws(ShapeError) -> Node.Scalar {
            switch node {
            case .scalar(let scalar): return scalar
            case .mapping: throw wrongType(at: path, expected: "Scalar", found: "Mapping")
            case .sequence: throw wrongType(at: path, expected: "Scalar", found: "Sequence")
            case .alias: throw wrongType(at: path, expected: "Scalar", found: "Alias")
            }
        }

        static func string(_ node: Node, at path: String) throws(ShapeError) -> String { try scalar(node, at: path).string }

        static func int(_ node: Node, at path: String) throws(ShapeError) -> Int {
            guard let value = Int.construct(from: try scalar(node, at: path)) else { throw wrongType(at: path, expected: "Int", found: "Scalar") }
            return value
        }

        static func double(_ node: Node, at path: String) throws(ShapeError) -> Double {
            guard let value = Double.construct(from: try scalar(node, at: path)) else { throw wrongType(at: path, expected: "Double", found: "Scalar") }
            return value
        }

        static func list<T>(_ node: Node, at path: String, _ element: (Node, String) throws(ShapeError) -> T) throws(ShapeError) -> [T] {
            guard case .sequence(let sequence) = node else { throw wrongType(at: path, expected: "Sequence", found: "Node") }
            var result = [T]()
            result.reserveCapacity(sequence.count)
            for (index, node) in sequence.enumerated() { result.append(try element(node, "\(path)[\(index)]")) }
            return result
        }

        static func strings(_ node: Node, at path: String) throws(ShapeError) -> [String] { try list(node, at: path, string) }

        static func bool(_ node: Node, at path: String) throws(ShapeError) -> Bool {
            guard let value = Bool.construct(from: try scalar(node, at: path)) else { throw wrongType(at: path, expected: "Bool", found: "Scalar") }
            return value
        }

        /// A date as `PlanDate` reads it (2022-01, 2020-12-25, 令和4年1月).
        static func date(_ node: Node, at path: String) throws(ShapeError) -> PlanDate {
            let text = try string(node, at: path)
            guard let date = PlanDate.parse(text) else {
                throw ShapeError(message: "not a date at \(path): \"\(text)\" (write 2022-01-07, 2022-01 or 令和4年1月)")
            }
            return date
        }

        /// Aliases and spellings: a name, or {name, seen}.
        static func aliases(_ node: Node, at path: String) throws(ShapeError) -> [CatalogAlias] {
            try list(node, at: path) { (node, path) throws(ShapeError) in
                if case .scalar = node { return CatalogAlias(name: try string(node, at: path), seen: nil) }
                let fields = try Fields(node, at: path)
                return CatalogAlias(name: try fields.required("name", string), seen: try fields.optional("seen", string))
            }
        }

        /// A source: {document, section, note, unverified}, or a note on its own.
        static func source(_ node: Node, at path: String) throws(ShapeError) -> Source {
            if case .scalar = node { return Source(document: nil, section: nil, note: try string(node, at: path), unverified: nil) }
            let fields = try Fields(node, at: path)
            return Source(document: try fields.optional("document", string), section: try fields.optional("section", string),
                          note: try fields.optional("note", string), unverified: try fields.optional("unverified", bool))
        }
    }
}
