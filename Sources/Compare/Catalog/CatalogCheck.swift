import Normalize

/// What `plancov catalog check` finds wrong with a catalog.
public struct CatalogIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public let severity: Severity
    public let message: String
    public var description: String { "\(severity.rawValue): \(message)" }
}

extension Catalog {
    /// Everything that would make matching ambiguous or silently wrong, or the catalog's
    /// citations and dates inconsistent. Errors make the catalog unusable (exit 1): duplicate
    /// ids, colliding names, a source naming a document the catalog lacks, a `since` that is no
    /// version's date, versions out of order. Warnings are gaps worth filling: items that cite
    /// no source (a user's catalog may have none), redundant aliases, spellings normalization
    /// no longer equates with the name, documents nothing cites.
    ///
    /// Names are compared in their normalized form, because that is what the matcher sees:
    /// 障がい者福祉 as an alias of 障害者福祉 is redundant, and the same normalized name
    /// on two items means neither can ever be told apart.
    public func check(normalizer: Normalizer = .standard) -> [CatalogIssue] {
        var issues = [CatalogIssue]()
        func error(_ message: String) { issues.append(CatalogIssue(severity: .error, message: message)) }
        func warning(_ message: String) { issues.append(CatalogIssue(severity: .warning, message: message)) }
        func form(_ text: String) -> String { normalizer.normalize(text).string }

        var ids = [String: Int]()
        var names = [String: String]()
        var forms = [String: (item: String, label: String)]()
        let groupNames = Set(groups.map(\.name))
        let categoryIDs = Set(categories.map(\.id))
        for (index, item) in items.enumerated() {
            if let first = ids[item.id] {
                error("duplicate id \(item.id) (items \(first + 1) and \(index + 1))")
            } else {
                ids[item.id] = index
            }
            if item.id.isEmpty || item.id.contains(where: { $0.isWhitespace }) { error("item \(index + 1): id \"\(item.id)\" is empty or has spaces") }
            if let other = names[item.name] { error("duplicate name \(item.name) (\(other) and \(item.id))") } else { names[item.name] = item.id }
            if !groups.isEmpty, !groupNames.contains(item.group) { error("\(item.id): unknown group \(item.group)") }
            if !categories.isEmpty, !categoryIDs.contains(item.category) { error("\(item.id): unknown category \(item.category)") }
            let nameForm = form(item.name)
            if nameForm.isEmpty { error("\(item.id): name normalizes to nothing") }
            for (label, text) in [("name", item.name)] + item.aliases.map({ ("alias", $0) }) {
                let normalized = label == "name" ? nameForm : form(text)
                if label == "alias", normalized == nameForm {
                    warning("\(item.id): alias \(text) is the same as the name after normalization; drop it")
                    continue
                }
                if let owner = forms[normalized], owner.item != item.id {
                    error("\(item.id): \(label) \(text) collides with \(owner.label) of \(owner.item) (both normalize to \(normalized))")
                } else {
                    forms[normalized] = (item.id, "\(label) \(text)")
                }
            }
        }
        for exclusion in exclusions {
            // Normalized once (it runs before every compare): not once per name it is
            // compared with.
            let excluded = form(exclusion.text)
            if let owner = forms[excluded] {
                error("exclusion \(exclusion.text) shadows \(owner.label) of \(owner.item): that name could never match")
            }
            // UTF-8 is self-synchronizing: byte containment is character containment, without
            // Foundation's locale-aware search.
            let bytes = Array(excluded.utf8)
            if !forms.keys.contains(where: { !$0.isEmpty && Tagger.contains(bytes, Array($0.utf8)) }) {
                warning("exclusion \(exclusion.text) contains no item name; it has no effect")
            }
        }
        for group in groups {
            if !items.contains(where: { $0.group == group.name }) { warning("group \(group.name) has no items") }
            if !categories.isEmpty, !categoryIDs.contains(group.category) { error("group \(group.name): unknown category \(group.category)") }
            for collective in group.collective {
                if let owner = forms[form(collective)] {
                    error("collective form \(collective) of \(group.name) shadows \(owner.label) of \(owner.item)")
                }
            }
        }
        for suffix in organizationSuffixes where form(suffix).isEmpty {
            error("organization suffix \"\(suffix)\" normalizes to nothing")
        }
        for (list, words) in [("keep", compounds.keep), ("heads", compounds.heads), ("prefixes", compounds.prefixes),
                              ("exclusion_markers", compounds.exclusionMarkers), ("joiners", compounds.joiners)] {
            for word in words where form(word).isEmpty { error("compounds.\(list): \"\(word)\" normalizes to nothing") }
        }
        checkSources(error: error, warning: warning)
        checkVersions(error: error, warning: warning)
        for item in items {
            let nameForm = form(item.name)
            for spelling in item.spellings where form(spelling.name) != nameForm {
                warning("\(item.id): spelling \(spelling.name) does not normalize to the name, so it is not found; make it an alias")
            }
        }
        return issues
    }

    /// Every item cites a source (a user's catalog may lack them: a warning, not an error);
    /// the documents sources name exist; an unverified name says what it rests on.
    private func checkSources(error: (String) -> Void, warning: (String) -> Void) {
        var documentIDs = Set<String>()
        for document in documents {
            if !documentIDs.insert(document.id).inserted { error("duplicate document id \(document.id)") }
        }
        var cited = Set<String>()
        func check(_ source: CatalogSource?, of owner: String) {
            guard let source else { return }
            if let id = source.documentID {
                cited.insert(id)
                if !documentIDs.contains(id) { error("\(owner): source names unknown document \(id)") }
            }
            if source.unverified, source.note?.isEmpty ?? true {
                warning("\(owner): source is marked unverified but has no note saying what the name rests on")
            }
        }
        let missing = items.filter { $0.source == nil }
        if !missing.isEmpty {
            let ids = missing.prefix(5).map(\.id).joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
            warning("\(missing.count) of \(items.count) items cite no source (\(ids)): add `source: {document, section, note}`")
        }
        for item in items { check(item.source, of: item.id) }
        for group in groups { check(group.source, of: "group \(group.name)") }
        for version in versions { check(version.source, of: "version \(version.label)") }
        for document in documents where !cited.contains(document.id) {
            warning("document \(document.id) is cited by nothing")
        }
    }

    /// Versions in date order, only the first undated; every `since` the date of a version.
    private func checkVersions(error: (String) -> Void, warning: (String) -> Void) {
        var previous: PlanDate? = nil
        for (index, version) in versions.enumerated() {
            guard let since = version.since else {
                if index > 0 { error("version \(version.label) has no since date: only the first version may lack one") }
                continue
            }
            if let previous, since.first <= previous.first {
                error("version \(version.label) (since \(since.text)) does not come after the version before it (\(previous.text))")
            }
            previous = since
        }
        let versionDays = Set(versions.compactMap { $0.since?.first })
        let dated = items.filter { $0.since != nil }
        if versions.isEmpty, !dated.isEmpty {
            warning("\(dated.count) items have a since date but the catalog declares no versions: reports cannot name the version a row was judged against")
        } else if !versions.isEmpty {
            for item in dated where !versionDays.contains(item.since!.first) {
                error("\(item.id): since \(item.since!.text) is the date of no version (add it to versions)")
            }
        }
    }
}
