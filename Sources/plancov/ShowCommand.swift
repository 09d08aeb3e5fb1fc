import ArgumentParser
import Batch
import Compare
import Foundation
import Ingest

/// `plancov show`: what plancov understood of one plan — its outline and its mentions. It
/// prints what the batch decided (`OutlineAnalysis`): sections, topics and statuses are the
/// library's, the same that make the coverage matrix.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "計画の構成（章節）と検出した項目を表示する — print a plan's outline and its mentions per section.",
        discussion: """
        The outline shows each heading with its line range and the topic plancov gives the \
        section (system: 標準化・共通化 sections; procedure: オンライン化 sections). Under each \
        heading come the catalog items found there, with line, match kind and the status \
        they give (listed when the section's topic is the item's category), and the places \
        where the plan refers to a whole group (20業務, 26手続: group).

        Examples:
          plancov show 芦別
          plancov show 112275
          plancov show 朝霞市 corpus --catalog my-catalog.yaml
          plancov show plans/dx_keikaku.pdf
        """
    )

    @Argument(help: "The municipality (団体コード or name: 112275, 朝霞市, 朝霞), or a plan file.")
    var municipality: String

    @OptionGroup var input: InputOptions

    func run() throws {
        var isDirectory: ObjCBool = false
        let entries: [CorpusEntry]
        if FileManager.default.fileExists(atPath: municipality, isDirectory: &isDirectory), !isDirectory.boolValue {
            entries = Corpus(paths: [municipality]).entries
        } else {
            // Who wrote each plan is known once it is read (a title can name it): the batch
            // identifies them all, then the chosen municipality's files are analysed again
            // with their outlines.
            let all = try input.batch().run(paths: input.resolvedPaths)
            let chosen = all.matrix.municipalities[try MunicipalityChoice.index(of: municipality, in: all.matrix)]
            entries = all.analyses.map(\.entry).filter { $0.municipality.key == chosen.code }
        }
        var batch = input.batch()
        batch.keepsOutlines = true
        let result = try batch.run(entries: entries)
        result.reportFailures()
        let matrix = result.matrix
        for analysis in result.analyses {
            guard let outline = analysis.outline else { continue }
            print(ShowCommand.render(entry: analysis.entry, outline: outline, matrix: matrix), terminator: "")
        }
        if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
    }

    static func render(entry: CorpusEntry, outline: OutlineAnalysis, matrix: CoverageMatrix) -> String {
        let m = entry.municipality
        var out = "\(m.name) (\(m.key))\(m.prefecture.map { " \($0)" } ?? "") — \(entry.path)\n"
        if let title = entry.title { out += "  \(title)\(entry.date.map { "（\($0)）" } ?? "")\n" }
        out += "  \(outline.format.rawValue), \(outline.encoding), \(outline.lineCount) lines, \(outline.headings.count) headings\n\n"
        var byHeading = [Int: [OutlineAnalysis.Finding]]()
        var beforeOutline = [OutlineAnalysis.Finding]()
        for finding in outline.findings {
            if let heading = finding.heading { byHeading[heading, default: []].append(finding) } else { beforeOutline.append(finding) }
        }
        func lines(_ findings: [OutlineAnalysis.Finding], indent: String) -> String {
            findings.map { finding in
                switch finding.subject {
                case .item(let item):
                    let score = finding.match == .fuzzy ? String(format: " %.2f", finding.score) : ""
                    let status = finding.qualifier.map { "\($0.rawValue): \(finding.matched)" } ?? finding.status.rawValue
                    return "\(indent)· L\(finding.line) \(matrix.items[item].name)  [\(finding.match!.rawValue)\(score), \(status)]\n"
                case .groups(let groups):
                    let names = groups.map { matrix.groups[$0].name }.joined(separator: "、")
                    return "\(indent)· L\(finding.line) \(finding.matched) → \(names)  [\(finding.status.rawValue)]\n"
                }
            }.joined()
        }
        if !beforeOutline.isEmpty {
            out += "(before the first heading)\n" + lines(beforeOutline, indent: "    ")
        }
        for (index, heading) in outline.headings.enumerated() {
            let indent = String(repeating: "  ", count: heading.level - 1)
            let topics = heading.isTableOfContents ? ["table of contents"] : heading.sectionTopics
            let topicText = topics.isEmpty ? "" : "  [\(topics.joined(separator: ", "))]"
            out += String(format: "L%-4d–%-4d ", heading.lines.lowerBound, heading.lines.upperBound) + indent + heading.title + topicText + "\n"
            if let findings = byHeading[index] {
                out += lines(findings, indent: "           " + indent + "  ")
            }
        }
        return out + "\n"
    }
}
