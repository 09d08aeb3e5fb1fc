import ArgumentParser
import Compare
import Foundation
import Ingest

/// `plancov show`: what plancov understood of one plan — its outline and its mentions.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "計画の構成（章節）と検出した項目を表示する — print a plan's outline and its mentions per section.",
        discussion: """
        The outline shows each heading with its line range and the topic plancov gives the \
        section (system: 標準化・共通化 sections; procedure: オンライン化 sections). Under each \
        heading come the catalog items found there, with line, match kind and the status \
        they give (listed when the section's topic is the item's category).

        Examples:
          plancov show 芦別
          plancov show 112275
          plancov show 朝霞市 corpus --catalog my-catalog.yaml
        """
    )

    @Argument(help: "The municipality: 団体コード or name (112275, 朝霞市, 朝霞).")
    var municipality: String

    @OptionGroup var input: InputOptions

    func run() throws {
        let catalog = try input.loadCatalog()
        let tagger = Tagger(catalog: catalog)
        let corpus = Corpus(paths: input.resolvedPaths)
        let entries = corpus.entries.filter { matches($0.municipality) }
        guard !entries.isEmpty else {
            let known = Set(corpus.entries.map { "\($0.municipality.name) (\($0.municipality.key))" }).sorted()
            throw CleanExit.failure(message: "plancov: no plan of \(municipality) among the inputs; they are: \(known.joined(separator: ", "))", code: 1)
        }
        let reader = input.reader()
        var failed = false
        for entry in entries {
            let document: Document
            do {
                document = try reader.read(path: entry.path)
            } catch {
                FileHandle.standardError.write(line: "plancov: \(error)")
                failed = true
                continue
            }
            print(render(entry: entry, document: document, tagger: tagger), terminator: "")
        }
        if failed { throw ExitCode(2) }
    }

    func matches(_ candidate: Municipality) -> Bool {
        candidate.code == municipality || candidate.name == municipality
            || candidate.name.hasPrefix(municipality) || (candidate.code?.hasPrefix(municipality) ?? false)
    }

    func render(entry: CorpusEntry, document: Document, tagger: Tagger) -> String {
        let catalog = tagger.catalog
        let m = entry.municipality
        var out = "\(m.name) (\(m.key))\(m.prefecture.map { " \($0)" } ?? "") — \(document.path)\n"
        if let title = entry.title { out += "  \(title)\(entry.date.map { "（\($0)）" } ?? "")\n" }
        out += "  \(document.format.rawValue), \(document.encoding), \(document.lineStarts.count) lines, \(document.outline.count) headings\n\n"
        let text = tagger.normalized(document)
        let mentions = tagger.tag(document, normalized: text).mentions
        // Topics as the coverage matrix sees them, so that listed/mentioned here agree with it.
        let headingTopics = tagger.headingTopics(of: document, normalized: text)
        // Each mention belongs to the innermost heading that holds it.
        var byHeading = [Int: [Mention]]()
        var beforeOutline = [Mention]()
        for mention in mentions {
            let offset = mention.sourceRange.lowerBound
            if let innermost = document.sectionIndices(at: offset).last {
                byHeading[innermost, default: []].append(mention)
            } else {
                beforeOutline.append(mention)
            }
        }
        func mentionLines(_ list: [Mention], indent: String, sections: [Int]) -> String {
            let topics = tagger.topics(ofSections: sections, headingTopics: headingTopics)
            return list.map { mention in
                let item = catalog.items[mention.item]
                let status = topics.contains(item.category) ? "listed" : "mentioned"
                let score = mention.match == .fuzzy ? String(format: " %.2f", mention.score) : ""
                return "\(indent)· L\(document.line(at: mention.sourceRange.lowerBound)) \(item.name)  [\(mention.match.rawValue)\(score), \(status)]\n"
            }.joined()
        }
        if !beforeOutline.isEmpty {
            out += "(before the first heading)\n" + mentionLines(beforeOutline, indent: "    ", sections: [])
        }
        for (index, heading) in document.outline.enumerated() {
            let indent = String(repeating: "  ", count: heading.level - 1)
            let lastLine = document.line(at: max(heading.range.lowerBound, heading.range.upperBound - 1))
            let sections = document.sectionIndices(at: heading.range.lowerBound)
            let topics = heading.isTableOfContents ? ["table of contents"] : tagger.topics(ofSections: sections, headingTopics: headingTopics)
            let topicText = topics.isEmpty ? "" : "  [\(topics.joined(separator: ", "))]"
            out += String(format: "L%-4d–%-4d ", heading.line, lastLine) + indent + heading.title + topicText + "\n"
            if let list = byHeading[index] {
                out += mentionLines(list, indent: "           " + indent + "  ", sections: sections)
            }
        }
        return out + "\n"
    }
}
