import Ingest
import Normalize

/// Section topics (rules A–D of `CellStatus`): which catalog categories a heading, and a
/// section path, are about. They decide `listed` against `mentioned`.
extension Tagger {
    /// The categories each heading of `document` is about: a category's topic term appears in
    /// its title (標準化 in "(2) 自治体情報システムの標準化・共通化"); the table of contents is about
    /// none, whatever its entries say. Titles are read from the document's normalized `text` (a
    /// heading's title is its line): normalizing each title again cost a twentieth of a run.
    public func headingTopics(of document: Document, normalized text: NormalizedText) -> [[String]] {
        document.outline.indices.map { topics(ofHeading: $0, in: document, normalized: text) }
    }

    /// The categories heading `index` of the outline is about (see `headingTopics`), for a
    /// caller that needs only the headings above its mentions.
    public func topics(ofHeading index: Int, in document: Document, normalized text: NormalizedText) -> [String] {
        let heading = document.outline[index]
        guard !heading.isTableOfContents else { return [] }
        let line = document.lineRange(heading.line)
        let title = Array(text.scalars[text.normalizedRange(ofSource: line)])
        return topicTerms.filter { topic in topic.terms.contains { Tagger.contains(title, $0) } }.map(\.category)
    }

    /// The topics of a section path (indices into the outline, see `Document.sectionIndices`):
    /// those of any of its headings, in catalog order. An item of one of them is `listed`.
    public func topics(ofSections sections: [Int], headingTopics: [[String]]) -> [String] {
        topicTerms.map(\.category).filter { category in sections.contains { headingTopics[$0].contains(category) } }
    }

    static func contains<Element: Equatable>(_ text: [Element], _ term: [Element]) -> Bool {
        guard term.count <= text.count else { return false }
        return (0...(text.count - term.count)).contains { start in text[start..<(start + term.count)].elementsEqual(term) }
    }

}
