import ArgumentParser
import Compare
import Foundation
import Normalize

/// `plancov catalog`: look at and validate catalogs.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "カタログ（標準化対象20業務・オンライン化手続の一覧）を検査・表示する — check or list a catalog.",
        subcommands: [Check.self, List.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a catalog: duplicate ids or names, colliding normalized names, shadowed aliases.",
            discussion: "Exit status 0 when the catalog has no errors (warnings allowed), 1 otherwise."
        )

        @Argument(help: "Catalog YAML file (default: the bundled catalog).")
        var file: String?

        func run() throws {
            let catalog: Catalog
            do {
                catalog = try file.map { try Catalog.load(path: $0) } ?? Catalog.bundled()
            } catch let error as CatalogError {
                throw CleanExit.failure(message: "plancov: catalog \(error)", code: 1)
            }
            let issues = catalog.check()
            for issue in issues { print("\(catalog.source): \(issue)") }
            let errors = issues.filter { $0.severity == .error }.count
            let groups = catalog.groups.map { group in "\(group.name) \(catalog.items.filter { $0.group == group.name }.count)" }
            print("\(catalog.source): \(catalog.items.count) items (\(groups.joined(separator: ", "))), "
                + "\(errors) errors, \(issues.count - errors) warnings")
            if errors > 0 { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the catalog's items with their ids, groups and aliases.")

        @Option(name: .long, help: "Catalog YAML file (default: the bundled catalog).")
        var catalog: String?

        func run() throws {
            let loaded: Catalog
            do {
                loaded = try catalog.map { try Catalog.load(path: $0) } ?? Catalog.bundled()
            } catch let error as CatalogError {
                throw CleanExit.failure(message: "plancov: catalog \(error)", code: 1)
            }
            var lastGroup = ""
            for item in loaded.items {
                if item.group != lastGroup { print("【\(item.group)】"); lastGroup = item.group }
                let aliases = item.aliases.isEmpty ? "" : "  (= " + item.aliases.joined(separator: ", ") + ")"
                print("  \(item.id)  \(item.name)\(aliases)")
            }
        }
    }
}
