import ArgumentParser
import Compare
import Foundation
import Ingest

/// `plancov missing`: per plan, the catalog items it does not name.
struct MissingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "missing",
        abstract: "計画に記載のない項目を一覧する — list, per plan, the catalog items it does not name.",
        discussion: """
        Items the plan refers to only as part of a whole group (20業務, 26手続) are listed too, \
        marked △: the plan does not name them.

        Examples:
          plancov missing --municipality 朝霞市
          plancov missing --group 被災者支援
          plancov missing corpus --municipality 112275 --format json
        """
    )

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: "Only this municipality (団体コード or name, e.g. 112275 or 朝霞市).")
    var municipality: String?

    @Option(name: .shortAndLong, help: "Only this group (標準化対象20業務, 子育て, 介護, 被災者支援, 引越し, 自動車保有, その他).")
    var group: String?

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        // The catalog is made while the inputs are listed and read, as in `compare`.
        let (input, group) = (input, group)
        let prepared = Pipeline.Prepared {
            let catalog = try input.loadCatalog()
            if let group, catalog.group(named: group) == nil {
                throw CleanExit.failure(message: "plancov: unknown group \(group); the catalog has: \(catalog.groups.map(\.name).joined(separator: ", "))", code: 1)
            }
            return catalog
        }
        let corpus = Corpus(paths: input.resolvedPaths)
        let result = try Pipeline(reader: input.reader(), jobs: input.jobs).run(corpus: corpus, prepared: prepared,
                                                                                 showProgress: Terminal.stderrIsTTY)
        result.reportFailures()
        let matrix = result.matrix
        var selected = Array(matrix.municipalities.indices)
        if let municipality {
            guard let index = matrix.municipalityIndex(matching: municipality) else {
                throw CleanExit.failure(message: "plancov: no plan of \(municipality) among the inputs; they are: "
                    + matrix.municipalities.map { "\($0.name) (\($0.code))" }.joined(separator: ", "), code: 1)
            }
            selected = [index]
        }
        let report = MissingReport(matrix: matrix, municipalities: selected, group: group)
        switch format {
        case .text: FileHandle.standardOutput.write(Data(report.text().utf8))
        case .json: FileHandle.standardOutput.write(try report.json())
        }
        if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
    }
}
