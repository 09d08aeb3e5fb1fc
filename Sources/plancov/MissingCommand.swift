import ArgumentParser
import Batch
import Compare
import Foundation
import Report

/// `plancov missing`: per plan, the catalog items it does not name.
struct MissingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "missing",
        abstract: "計画に記載のない項目を一覧する — list, per plan, the catalog items it does not name.",
        discussion: """
        Items the plan refers to only as part of a whole group (20業務, 26手続) are listed too, \
        marked △: the plan does not name them. Under an item, 近い記載 (near miss) is the place \
        that comes closest to its name below the fuzzy threshold (similarity at least the \
        catalog's near_miss_floor, 0.75), and 除外 a place where the plan leaves it out \
        (以外, を除く, は対象外).

        Examples:
          plancov missing --municipality 朝霞市
          plancov missing --group 被災者支援
          plancov missing corpus --municipality 112275 --format json
          plancov missing plans/ --prefecture 埼玉県 --item 罹災証明書の発行申請

        With --item, the output is the municipalities that do not name the item (in JSON, \
        the same entries, each with that one item).
        """
    )

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: "Only this municipality (団体コード or name, e.g. 112275, 朝霞市 or 朝霞).")
    var municipality: String?

    @Option(name: .shortAndLong, help: "Only this group (グループ) of the catalog; `plancov catalog list` shows them.")
    var group: String?

    @Option(name: .shortAndLong, help: "Only the municipalities of this prefecture (a name, e.g. 埼玉県 or 埼玉, or a code, 11 or 110001).")
    var prefecture: String?

    @Option(name: .shortAndLong, help: "Only this item (its id, name or an alias, e.g. procedure.hisai.01 or 罹災証明書の発行申請), and only the municipalities that lack it.")
    var item: String?

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        // An unknown group or item is found as the catalog is made, before any report.
        let (input, group, item) = (input, group, item)
        var batch = input.batch {
            let catalog = try input.loadCatalog()
            if let group, catalog.group(named: group) == nil {
                throw CleanExit.failure(message: "plancov: unknown group \(group); the catalog has: \(catalog.groups.map(\.name).joined(separator: ", "))", code: 1)
            }
            if let item { _ = try ItemChoice.id(of: item, in: catalog) }
            return catalog
        }
        batch.findsNearMisses = true
        let result = try batch.run(paths: input.resolvedPaths, observer: TerminalProgress.observer())
        result.reportFailures()
        let matrix = result.matrix
        var selected = Array(matrix.municipalities.indices)
        var scope: String?
        if let prefecture {
            let chosen = try PrefectureChoice.rows(of: prefecture, in: matrix, register: input.loadRegister)
            (selected, scope) = (chosen.rows, chosen.name)
        }
        if let municipality {
            let one = try MunicipalityChoice.index(of: municipality, in: matrix)
            if let scope, !selected.contains(one) {
                throw CleanExit.failure(message: "plancov: \(matrix.municipalities[one].name) (\(matrix.municipalities[one].code)) is not of \(scope)", code: 1)
            }
            selected = [one]
        }
        // The item's id once more, from the catalog as loaded again (its aliases are not in the
        // matrix): the command holds no state shared with the batch's threads.
        let itemID = try item.map { try ItemChoice.id(of: $0, in: input.loadCatalog()) }
        let report = MissingReport(matrix: matrix, municipalities: selected, group: group,
                                   item: itemID, scope: scope)
        switch format {
        case .text: FileHandle.standardOutput.write(Data(report.text().utf8))
        case .json: FileHandle.standardOutput.write(report.json())
        }
        if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
    }
}
