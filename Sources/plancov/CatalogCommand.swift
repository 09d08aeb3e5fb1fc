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
        static let configuration = CommandConfiguration(
            abstract: "Print the catalog's items with their ids, groups, sources, since dates and aliases.",
            discussion: """
            Every item cites its source: the document (issuer, title, date), the section, and a note on the \
            evidence for the exact name (［名称未確認 unverified］ where no national source was found). \
            --format json writes the whole catalog (schema plancov.catalog/1); --as-of DATE (令和4年3月, \
            2022-03, R4.3, 令和３年度 …) marks the items not yet on the lists on the first day of DATE and \
            names the version in force then.
            """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Option(name: .long, help: "Catalog YAML file (default: the bundled catalog).")
        var catalog: String?

        @Option(name: .long, help: "Output format: text or json.")
        var format: Format = .text

        @Option(name: .customLong("as-of"), help: "Show the lists as they stood at this date (令和4年3月, 2022-03, R4.3 …).")
        var asOf: String?

        func run() throws {
            let loaded: Catalog
            do {
                loaded = try catalog.map { try Catalog.load(path: $0) } ?? Catalog.bundled()
            } catch let error as CatalogError {
                throw CleanExit.failure(message: "plancov: catalog \(error)", code: 1)
            }
            var day: CalendarDay? = nil
            if let asOf {
                guard let date = PlanDate.parse(asOf) else {
                    throw CleanExit.failure(message: "plancov: --as-of \(asOf) is not a date (write 令和4年3月, 2022-03, R4.3 or 令和3年度)", code: 1)
                }
                day = date.judgedAt
            }
            switch format {
            case .json:
                FileHandle.standardOutput.write(try CatalogListing(catalog: loaded, asOf: day).json())
            case .text:
                print(List.text(loaded, asOf: day), terminator: "")
            }
        }

        /// An item's source in one line: where it cites its group's document and section, only
        /// what it adds (the note, the unverified mark).
        static func summary(of source: CatalogSource?, under group: CatalogSource?) -> String {
            guard let source else { return "none" }
            guard let group, source.documentID == group.documentID, source.section == group.section else { return source.summary }
            if source == group { return "as the group" }
            let own = CatalogSource(documentID: nil, document: nil, section: nil, note: source.note == group.note ? nil : source.note,
                                    unverified: source.unverified)
            return "as the group" + (own.summary.isEmpty ? "" : "; " + own.summary.replacingOccurrences(of: "— ", with: ""))
        }

        /// The listing for people: the versions, then group by group each item with its id,
        /// name, since date, aliases and source (an item citing exactly its group's source says so).
        static func text(_ catalog: Catalog, asOf day: CalendarDay?) -> String {
            var out = "\(catalog.name) \(catalog.version) — \(catalog.source)\n"
            if !catalog.versions.isEmpty {
                out += "版 versions:\n"
                for version in catalog.versions {
                    out += "  \(version.since.map { "\($0.text)〜" } ?? "(first)") \(version.label)\n"
                }
            }
            let inForce = day.map { catalog.inForce(at: $0) }
            if let inForce {
                out += "as of \(inForce.day): \(inForce.version?.label ?? "no version") — items not yet on the lists are marked\n"
            }
            for group in catalog.groups {
                let members = catalog.items.indices.filter { catalog.items[$0].group == group.name }
                guard !members.isEmpty else { continue }
                out += "\n【\(group.name)】\(members.count)"
                if !group.collective.isEmpty { out += "  総称 collective: " + group.collective.joined(separator: ", ") }
                out += "\n"
                if let source = group.source { out += "  出典 source: \(source.summary)\n" }
                for index in members {
                    let item = catalog.items[index]
                    var line = "  \(item.id)  \(item.name)"
                    if let since = item.since { line += "  [since \(since.text)]" }
                    if let inForce, !inForce.items[index] { line += "  (not yet in force)" }
                    out += line + "\n"
                    for alias in item.aliasEntries {
                        out += "      = \(alias.name)" + (alias.seen.map { "  (seen: \($0))" } ?? "") + "\n"
                    }
                    for spelling in item.spellings {
                        out += "      ~ \(spelling.name)" + (spelling.seen.map { "  (seen: \($0))" } ?? "") + "\n"
                    }
                    out += "      出典 source: \(List.summary(of: item.source, under: group.source))\n"
                }
            }
            let grouped = Set(catalog.groups.map(\.name))
            let loose = catalog.items.filter { !grouped.contains($0.group) }
            if !loose.isEmpty {
                out += "\n【(no group)】\n"
                for item in loose {
                    out += "  \(item.id)  \(item.name)  (group \(item.group))\n"
                    out += "      出典 source: \(item.source?.summary ?? "none")\n"
                }
            }
            return out
        }
    }
}
