/// Where a plan stands on one catalog item: the value of every cell of the matrix.
///
/// # Status semantics
///
/// A cell's status is decided from the evidence of all the municipality's documents together,
/// by the first of these rules that holds: a rule higher in the list wins, whatever else the
/// plan says about the item.
///
/// 1. **`listed`: named in its own section.** Some mention of the item stands in a section
///    whose topic is the item's category (rules A–D below). 住民基本台帳 under
///    「(2) 自治体情報システムの標準化・共通化」 is listed, even when an RPA table names it too.
/// 2. **`mentioned`: named elsewhere.** The item is named, but in no section of its category:
///    住民基本台帳 only under 「RPAの導入」 is mentioned.
/// 3. **`group`: only its whole group is referred to.** The item is not named, but the plan
///    refers to its group by a collective form of the catalog: a plan that says 基幹系20業務
///    and names 住民基本台帳 alone has 住民基本台帳 listed or mentioned and the other 19
///    systems `group`. A named item never falls back to `group`. A form written for an
///    earlier list covers that list only: 17業務 covers the first 17 systems, not the three
///    added since.
/// 4. **`not-in-force`: not on the lists at the plan's date.** The item is not named, and it
///    entered the national lists after the date the row is judged at (the plan's own date, or
///    `--as-of`): a 令和3年 plan that lacks 戸籍 (one of the three added to the first 17) is not
///    missing it. Named, such an item is `listed` or `mentioned` like any other.
/// 5. **`absent`: nothing.** Neither the item nor its group.
/// 6. **A name the plan leaves out names nothing.** Evidence with the qualifier `excluded`
///    (就学及び印鑑登録以外の18業務, 20業務（戸籍を除く）: rule 8 of `Tagger`) counts for none
///    of rules 1 and 2, and where it is all the item has, the plan has said it does not cover
///    the item, so no group reference covers it either (rule 3): 戸籍 in a plan that names
///    20業務（戸籍を除く） is `absent` (or `not-in-force`), with that place as its evidence.
///
/// # Section topics
///
/// Whether a section is an item's own is read from the headings above the mention:
///
/// - **A. A heading's topics** are the catalog categories one of whose topic terms its title
///   contains: 「自治体情報システムの標準化・共通化」 is about `system` (標準化), 「行政手続の
///   オンライン化」 about `procedure` (オンライン化).
/// - **B. A section's topics are those of every heading above it**, outermost to innermost:
///   児童手当等の現況届 under 「(1) 行政手続のオンライン化」 › 「子育て関係」 is in a `procedure`
///   section, though 子育て関係 itself names no topic.
/// - **C. The table of contents is never a topic.** Its entries repeat the headings (目次 lists
///   「標準化・共通化」), but nothing named under it is thereby listed.
/// - **D. Text before the first heading has no topic**: a mention there is `mentioned`.
///
/// Each rule and each lettered rule has a test named after it (`CellStatusTests`).
///
/// # The date a row is judged at
///
/// A row is judged against the lists in force on one day: `--as-of DATE` when given, else the
/// latest date among its documents (from the manifest, else the title page: 令和4年3月 is
/// judged at 2022-03-01, 令和3年度 at 2021-04-01); with no date at all, against the lists as
/// they stand now (their last version: 17業務 still covers the first 17 systems only). The matrix records the day and the catalog version for each row.
public enum CellStatus: String, Sendable, Decodable, CaseIterable {
    /// Rule 1: named in the plan's own section for that kind of item.
    case listed
    /// Rule 2: named elsewhere in the plan.
    case mentioned
    /// Rule 3: not named, but the plan refers to the item's whole group (20業務, 26手続).
    case group
    /// Rule 4: not named, and not on the lists at the date the row is judged at.
    case notInForce = "not-in-force"
    /// Rule 5: not named and its group not referred to.
    case absent

    /// Rules 1 and 2 for one mention: `listed` when the topics of its section include the
    /// item's category, else `mentioned`.
    public static func ofMention(sectionTopics: [String], category: String) -> CellStatus {
        sectionTopics.contains(category) ? .listed : .mentioned
    }

    /// Rules 1–6 for a cell: `evidence` is every mention of the item in the municipality's
    /// documents, `groupReferred` whether any of them refers to the item's group as a whole (by
    /// a form that covers the item), `inForce` whether the item is on the lists at the row's date.
    public static func ofCell(evidence: [Evidence], category: String, groupReferred: Bool, inForce: Bool = true) -> CellStatus {
        // Read in place: a cell's evidence is copied nowhere on the way to its status.
        let (listed, named) = evidence.withUnsafeBufferPointer { list in
            var named = false
            for index in list.indices where list[index].qualifier == nil {
                if list[index].topics.contains(category) { return (true, true) }
                named = true
            }
            return (false, named)
        }
        if listed { return .listed }
        if named { return .mentioned }
        // Rule 6: only places that leave the item out.
        if groupReferred && evidence.isEmpty { return .group }
        return inForce ? .absent : .notInForce
    }
}
