/// How a mention was found: reports show it so a reader can weigh the evidence.
public enum MatchKind: String, Sendable, Decodable, Comparable {
    /// The plan prints the official name character for character.
    case exact
    /// The plan prints an alias, or the name in another spelling that normalization equates
    /// (width, kana, 手続き, り災 …).
    case variant
    /// Within the catalog's edit-distance threshold of the name or an alias (a typo, a dropped
    /// character): 居住（介護予防）サービス… for 居宅（介護予防）サービス….
    case fuzzy

    public static func < (lhs: MatchKind, rhs: MatchKind) -> Bool {
        let order: [MatchKind] = [.exact, .variant, .fuzzy]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// One place where a plan names a catalog item.
public struct Mention: Sendable, Equatable {
    /// Index into `Catalog.items`.
    public let item: Int
    /// Offsets into the document's original scalars: what evidence quotes.
    public let sourceRange: Range<Int>
    /// Offsets into the normalized text the match was made on.
    public let normalizedRange: Range<Int>
    public let match: MatchKind
    /// 1 for exact and variant matches; the similarity for fuzzy ones.
    public let score: Double
    /// The alias that matched, when it was not the official name.
    public let alias: String?
    /// `excluded` when the plan leaves the item out there (rule 8 of `Tagger`): evidence of
    /// it, never a mention that makes the item listed or mentioned.
    public var qualifier: Qualifier? = nil

    /// What the words around a name say of it.
    public enum Qualifier: String, Sendable, Decodable {
        /// Inside an exclusion: 就学及び印鑑登録以外の18業務, 20業務（戸籍を除く）.
        case excluded
    }
}

/// A place where a plan refers to a whole group (20業務, 26手続) instead of naming its items.
public struct GroupReference: Sendable, Equatable {
    /// Indices into `Catalog.groups`.
    public let groups: [Int]
    public let sourceRange: Range<Int>
    public let normalizedRange: Range<Int>
    /// The collective forms found there (indices into `Catalog.collectiveForms`): which items
    /// they cover depends on the date (`Catalog.InForce.itemsCovered(by:)`), 17業務 covering
    /// fewer than 20業務. Several when groups share a form (26手続 is 子育て's and 介護's).
    public let forms: [Int]

    init(groups: [Int], sourceRange: Range<Int>, normalizedRange: Range<Int>, forms: [Int] = []) {
        self.groups = groups
        self.sourceRange = sourceRange
        self.normalizedRange = normalizedRange
        self.forms = forms
    }
}
