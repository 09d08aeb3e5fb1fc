import Foundation
import Yams

/// The national list that plans are compared against: data, loaded at run time.
///
/// The bundled catalog (`Resources/catalog.yaml`) holds the 標準化対象20業務 and the
/// procedures to put online; `--catalog FILE` swaps in another with the same shape, so
/// analysts can tune names, aliases and exclusions without rebuilding plancov.
public struct Catalog: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Minimum similarity (1 − edits ÷ name length) for a fuzzy mention.
        public var fuzzyThreshold: Double = 0.9
        /// Names shorter than this (normalized) are matched exactly only: 入札 or 戸籍 one
        /// character off is another word, not a typo.
        public var fuzzyMinLength: Int = 8
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
        /// How plans refer to the whole group without naming its members (20業務, 26手続 …).
        public let collective: [String]
    }

    public struct Exclusion: Sendable, Equatable {
        public let text: String
        public let reason: String
    }

    public let name: String
    public let version: String
    public let settings: Settings
    public let organizationSuffixes: [String]
    public let categories: [Category]
    public let groups: [Group]
    public let exclusions: [Exclusion]
    public let items: [CatalogItem]
    /// Where the catalog came from, for messages.
    public let source: String

    /// The catalog shipped with plancov.
    public static func bundled() throws(CatalogError) -> Catalog {
        guard let url = Bundle.module.url(forResource: "catalog", withExtension: "yaml") else {
            throw CatalogError(source: "catalog.yaml", message: "the bundled catalog is missing from the build")
        }
        return try load(path: url.path, displayName: "(bundled) catalog.yaml")
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
            file = try YAMLDecoder().decode(CatalogFile.self, from: yaml)
        } catch let error as DecodingError {
            throw CatalogError(source: source, message: CatalogError.describe(error))
        } catch {
            throw CatalogError(source: source, message: "not valid YAML: \(error)")
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
        let catalog = Catalog(
            name: file.name, version: file.version ?? "", settings: settings,
            organizationSuffixes: file.organization_suffixes ?? [],
            categories: (file.categories ?? []).map { Category(id: $0.id, name: $0.name ?? $0.id, topics: $0.topics ?? []) },
            groups: (file.groups ?? []).map { Group(name: $0.name, category: $0.category ?? "", collective: $0.collective ?? []) },
            exclusions: (file.exclusions ?? []).map { Exclusion(text: $0.text, reason: $0.reason ?? "") },
            items: file.items.map { CatalogItem(id: $0.id, name: $0.name, category: $0.category, group: $0.group, aliases: $0.aliases ?? []) },
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
    /// Other names really in use for the same item.
    public let aliases: [String]
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

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return keys.isEmpty ? "top level" : String(keys.drop(while: { $0 == "." }))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \"\(key.stringValue)\" at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "not a valid catalog at \(path(context)): \(context.debugDescription) \(context.underlyingError.map { "\($0)" } ?? "")"
        @unknown default:
            return "\(error)"
        }
    }
}

/// The YAML file's shape (snake_case as written by people).
private struct CatalogFile: Decodable {
    struct Settings: Decodable { let fuzzy_threshold: Double?; let fuzzy_min_length: Int? }
    struct Category: Decodable { let id: String; let name: String?; let topics: [String]? }
    struct Group: Decodable { let name: String; let category: String?; let collective: [String]? }
    struct Exclusion: Decodable { let text: String; let reason: String? }
    struct Item: Decodable { let id: String; let name: String; let category: String; let group: String; let aliases: [String]? }
    let name: String
    let version: String?
    let settings: Settings?
    let organization_suffixes: [String]?
    let categories: [Category]?
    let groups: [Group]?
    let exclusions: [Exclusion]?
    let items: [Item]
}
