import Foundation

/// The catalog as `plancov catalog list --format json` writes it (schema `plancov.catalog/1`):
/// versions, the documents sources cite, groups with their collective forms, and every item
/// with its source, `since` date, aliases and spellings. With an as-of day, the version in
/// force then and, per item, whether it is on the lists then.
///
/// Keys are written sorted; `source` and `since` are always present (null when the catalog
/// has none), so a script can test every item for a source.
public struct CatalogListing: Encodable, Sendable {
    public static let schemaName = "plancov.catalog/1"

    /// A source with its document's fields beside it: what a report needs to cite an item in
    /// one object (`document` is the document's id).
    public struct Source: Encodable, Sendable, Equatable {
        public let document: String?
        public let title: String?
        public let issuer: String?
        public let date: String?
        public let url: String?
        public let section: String?
        public let note: String?
        public let unverified: Bool

        public init(_ source: CatalogSource) {
            document = source.documentID
            title = source.document?.title
            issuer = source.document?.issuer
            date = source.document?.date
            url = source.document?.url
            section = source.section
            note = source.note
            unverified = source.unverified
        }
    }

    public struct Version: Encodable, Sendable {
        public let label: String
        /// As written in the catalog (2022-01), or null for the first, undated version.
        public let since: String?
        public let source: Source?

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(label, forKey: .label)
            try container.encode(since, forKey: .since)
            try container.encode(source, forKey: .source)
        }

        enum CodingKeys: String, CodingKey { case label, since, source }
    }

    public struct Form: Encodable, Sendable {
        public let text: String
        public let asOf: String?
        public let seen: String?

        enum CodingKeys: String, CodingKey { case text, asOf = "as_of", seen }
    }

    public struct Group: Encodable, Sendable {
        public let name: String
        public let category: String
        /// How many items the group has (in force on the as-of day, when one is given).
        public let items: Int
        public let collective: [Form]
        public let source: Source?

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(category, forKey: .category)
            try container.encode(items, forKey: .items)
            try container.encode(collective, forKey: .collective)
            try container.encode(source, forKey: .source)
        }

        enum CodingKeys: String, CodingKey { case name, category, items, collective, source }
    }

    public struct Item: Encodable, Sendable {
        public let id: String
        public let name: String
        public let category: String
        public let group: String
        public let source: Source?
        public let since: String?
        /// Only with an as-of day: whether the item is on the lists then.
        public let inForce: Bool?
        public let aliases: [CatalogAlias]
        public let spellings: [CatalogAlias]

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(category, forKey: .category)
            try container.encode(group, forKey: .group)
            try container.encode(source, forKey: .source)
            try container.encode(since, forKey: .since)
            try container.encodeIfPresent(inForce, forKey: .inForce)
            try container.encode(aliases, forKey: .aliases)
            try container.encode(spellings, forKey: .spellings)
        }

        enum CodingKeys: String, CodingKey { case id, name, category, group, source, since, inForce = "in_force", aliases, spellings }
    }

    public struct AsOf: Encodable, Sendable {
        public let date: String
        public let version: String?

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(date, forKey: .date)
            try container.encode(version, forKey: .version)
        }

        enum CodingKeys: String, CodingKey { case date, version }
    }

    public let schema: String
    public let name: String
    public let version: String
    /// The catalog file, as messages name it.
    public let file: String
    public let asOf: AsOf?
    public let versions: [Version]
    public let documents: [SourceDocument]
    public let groups: [Group]
    public let items: [Item]

    enum CodingKeys: String, CodingKey { case schema, name, version, file, asOf = "as_of", versions, documents, groups, items }

    /// The listing of `catalog`, as it stands on `asOf` when one is given.
    public init(catalog: Catalog, asOf: CalendarDay? = nil) {
        let inForce = asOf.map { catalog.inForce(at: $0) }
        schema = CatalogListing.schemaName
        name = catalog.name
        version = catalog.version
        file = catalog.source
        self.asOf = inForce.map { AsOf(date: $0.day.description, version: $0.version?.label) }
        versions = catalog.versions.map { Version(label: $0.label, since: $0.since?.text, source: $0.source.map(Source.init)) }
        documents = catalog.documents
        groups = catalog.groups.map { group in
            let members = catalog.items.indices.filter { catalog.items[$0].group == group.name && inForce?.items[$0] ?? true }
            return Group(name: group.name, category: group.category, items: members.count,
                         collective: group.forms.map { Form(text: $0.text, asOf: $0.asOf?.text, seen: $0.seen) },
                         source: group.source.map(Source.init))
        }
        items = catalog.items.enumerated().map { index, item in
            Item(id: item.id, name: item.name, category: item.category, group: item.group, source: item.source.map(Source.init),
                 since: item.since?.text, inForce: inForce?.items[index], aliases: item.aliasEntries, spellings: item.spellings)
        }
    }

    /// Pretty-printed JSON with sorted keys and a final line break.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
