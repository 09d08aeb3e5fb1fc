import Compare
import Foundation
import JapanMap

/// What every page of a site shares: the matrix and its counts, worked out once, the prefecture
/// summary, the maps, and where each page lives.
///
/// A site for `--out report.html` is `report.html`, the entry page, and beside it the folder
/// `report/` with everything it links to:
///
/// | file | what it is |
/// |---|---|
/// | `report.html` | by prefecture: the map of the 47 prefectures, the prefecture summary, every municipality by name |
/// | `report/municipalities.html` | by municipality: every plan's coverage per group, sortable and filterable |
/// | `report/items.html` | by item: how many plans list, mention, refer to the group of, or lack each item |
/// | `report/map.html` | the map of the 1,741 市区町村 |
/// | `report/p/11.html` | a prefecture: its summary and its 市区町村, with a plan or without |
/// | `report/m/11.html`, `report/m/01-3.html` | a prefecture's municipalities, 20 a page: each one's section (`#m-112275`) with its documents, summary, and every item with its evidence |
/// | `report/i/procedure.kosodate.10.html` | an item: the plans that list it, mention it, refer to its group, or lack it |
/// | `report/site.css`, `report/site.js` | the style sheet and the small script every page shares |
///
/// Every page is static HTML that reads without the script, from `file://`, with nothing
/// loaded from anywhere else; the script adds sorting, filtering, the map's group choice and
/// opening the evidence a link names (`m/11.html#e-112275-procedure.kosodate.10`).
///
/// Municipalities share pages so that a national site is some 200 files, not 1,900: creating
/// the files, not rendering them, was most of the time a site took to write.
final class Site: @unchecked Sendable {
    let matrix: CoverageMatrix
    let summary: ReportSummary
    let prefectures: PrefectureSummary
    let roster: Roster?
    /// The folder's name, as the entry page links to it (`report`).
    let folder: String
    /// The entry page's file name (`report.html`).
    let entry: String
    /// counts[m * (groups + 1) + g]; g == groups is the total.
    private let countTable: [ReportSummary.Counts]
    /// Each row's page name in `m/` (the page of its prefecture's municipalities it is on), the
    /// id of its section there, and each item's page name in `i/`.
    let municipalityFiles: [String]
    let municipalityAnchors: [String]
    /// What every municipality's page repeats, written once.
    let fragments: Fragments
    /// The pages of `m/`: per prefecture, its rows in runs of at most `municipalitiesPerPage`.
    let municipalityPages: [MunicipalityPage]
    let itemFiles: [String]
    /// Row index by municipality code.
    let rowByCode: [String: Int]
    /// Each row's prefecture (index into `prefectures.prefectures`).
    let prefectureOfRow: [Int]

    init(matrix: CoverageMatrix, entry: String, folder: String) {
        self.matrix = matrix
        self.entry = entry
        self.folder = folder
        summary = ReportSummary(matrix)
        roster = Roster.national
        prefectures = PrefectureSummary(summary, roster: roster, allPrefectures: true)
        let groups = summary.groups.count
        var table = [ReportSummary.Counts](repeating: .init(), count: matrix.municipalities.count * (groups + 1))
        for m in matrix.municipalities.indices {
            var total = ReportSummary.Counts()
            for (g, group) in summary.groups.enumerated() {
                let counts = summary.counts(municipality: m, group: group)
                table[m * (groups + 1) + g] = counts
                total.add(counts)
            }
            table[m * (groups + 1) + groups] = total
        }
        countTable = table
        municipalityAnchors = matrix.municipalities.enumerated().map { m, municipality in
            Site.isSafeName(municipality.code) ? "m-\(municipality.code)" : "m-row\(m + 1)"
        }
        var pages = [MunicipalityPage](), files = [String](repeating: "", count: matrix.municipalities.count)
        for (p, prefecture) in prefectures.prefectures.enumerated() where !prefecture.rows.isEmpty {
            let stem = prefecture.code.isEmpty ? "other" : prefecture.code
            let runs = stride(from: 0, to: prefecture.rows.count, by: Site.municipalitiesPerPage).map {
                Array(prefecture.rows[$0..<min($0 + Site.municipalitiesPerPage, prefecture.rows.count)])
            }
            for (n, rows) in runs.enumerated() {
                let file = runs.count == 1 ? "\(stem).html" : "\(stem)-\(n + 1).html"
                for m in rows { files[m] = file }
                pages.append(MunicipalityPage(prefecture: p, part: n + 1, parts: runs.count, rows: rows, file: file))
            }
        }
        municipalityFiles = files
        municipalityPages = pages
        itemFiles = matrix.items.enumerated().map { i, item in Site.isSafeName(item.id) ? "\(item.id).html" : "item\(i + 1).html" }
        fragments = Fragments(summary: summary, itemFiles: itemFiles, anchors: municipalityAnchors, pages: files)
        rowByCode = Dictionary(matrix.municipalities.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        var prefectureOfRow = [Int](repeating: 0, count: matrix.municipalities.count)
        for (p, prefecture) in prefectures.prefectures.enumerated() { for m in prefecture.rows { prefectureOfRow[m] = p } }
        self.prefectureOfRow = prefectureOfRow
    }

    /// Municipalities per page of `m/`: a page of 20 plans with their evidence is 0.6–1 MB.
    static let municipalitiesPerPage = 20

    /// A page of `m/`: part `part` of `parts` of a prefecture's municipalities, with their sections.
    struct MunicipalityPage {
        let prefecture: Int
        let part: Int, parts: Int
        let rows: [Int]
        let file: String
    }

    /// Counts of row `m` in group `g` (`g == summary.groups.count`: all items).
    func counts(_ m: Int, _ g: Int) -> ReportSummary.Counts { countTable[m * (summary.groups.count + 1) + g] }

    /// A file name made of letters, digits, `.`, `-` and `_` only (and not starting with `.`):
    /// codes and catalog ids are; anything else gets a numbered name.
    static func isSafeName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 100 && !text.hasPrefix(".")
            && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    func prefectureFile(_ p: Int) -> String {
        let code = prefectures.prefectures[p].code
        return code.isEmpty ? "other.html" : "\(code).html"
    }

    // MARK: - Where a page is, and links from it

    /// Where a page lies: the entry page beside the folder, an index page in it, or a page in
    /// one of its subfolders (`m/`, `i/`, `p/`).
    enum Depth { case entry, folder, subfolder }

    /// The path from a page at `depth` to the folder's contents (`report/`, ``, `../`).
    func toFolder(_ depth: Depth) -> String {
        switch depth {
        case .entry: return Site.escapePath(folder) + "/"
        case .folder: return ""
        case .subfolder: return "../"
        }
    }

    func entryLink(_ depth: Depth) -> String {
        switch depth {
        case .entry: return Site.escapePath(entry)
        case .folder: return "../" + Site.escapePath(entry)
        case .subfolder: return "../../" + Site.escapePath(entry)
        }
    }

    func municipalityLink(_ m: Int, from depth: Depth) -> String { toFolder(depth) + "m/" + municipalityFiles[m] + "#" + municipalityAnchors[m] }
    func itemLink(_ i: Int, from depth: Depth) -> String { toFolder(depth) + "i/" + itemFiles[i] }
    func prefectureLink(_ p: Int, from depth: Depth) -> String { toFolder(depth) + "p/" + prefectureFile(p) }

    /// A file name as a relative URL: `%`, `#`, `?` and spaces escaped (the folder is named after
    /// the user's file).
    static func escapePath(_ name: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "%#?;")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }

    // MARK: - Page chrome

    /// The top of every page: head (shared style sheet), the breadcrumbs and the navigation
    /// between the index pages.
    func open(_ w: HTMLWriter, title: String, depth: Depth, crumbs: [(String, String?)], current: String?) {
        w.raw("<!DOCTYPE html>\n")
        w.start("html")
        w.attribute("lang", "ja")
        w.start("head")
        w.element("meta", ["charset": "utf-8"], full: false)
        w.element("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"], full: false)
        // Nothing from anywhere but the site's own folder.
        w.element("meta", ["http-equiv": "Content-Security-Policy",
                           "content": "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src data:"], full: false)
        w.element("meta", ["name": "generator", "content": "plancov"], full: false)
        w.element("title", text: title)
        w.element("link", ["rel": "stylesheet", "href": toFolder(depth) + "site.css"], full: false)
        w.fullEnd()
        w.start("body")
        w.start("header")
        w.start("nav")
        w.attribute("class", "site")
        let pages: [(String, String)] = [
            ("都道府県別", entryLink(depth)),
            ("団体一覧", toFolder(depth) + "municipalities.html"),
            ("市区町村地図", toFolder(depth) + "map.html"),
            ("項目別", toFolder(depth) + "items.html"),
        ]
        for (label, href) in pages {
            if label == current {
                w.element("b", text: label)
            } else {
                w.element("a", ["href": href], text: label)
            }
        }
        w.fullEnd()
        if crumbs.count > 1 {
            w.start("p")
            w.attribute("class", "crumbs")
            for (n, (label, href)) in crumbs.enumerated() {
                if n > 0 { w.text(" › ") }
                if let href { w.element("a", ["href": href], text: label) } else { w.element("span", text: label) }
            }
            w.fullEnd()
        }
        w.fullEnd()
        w.start("main")
    }

    func close(_ w: HTMLWriter, depth: Depth) {
        w.fullEnd() // main
        w.start("footer")
        w.text("plancov — \(CoverageMatrix.schemaName) ・ \(matrix.catalog.name) \(matrix.catalog.version)")
        w.fullEnd()
        w.start("script")
        w.attribute("src", toFolder(depth) + "site.js")
        w.fullEnd()
        w.fullEnd() // body
        w.fullEnd() // html
    }

    /// "45%" with its bar; `data-v` for sorting.
    func percentCell(_ w: HTMLWriter, _ counts: ReportSummary.Counts, hasPlan: Bool = true) {
        w.start("td")
        guard hasPlan, counts.total > 0 else {
            w.attribute("class", "pc none")
            w.attribute("data-v", "-1")
            w.text("—")
            w.fullEnd()
            return
        }
        // Numbers written as they are: 16,000 cells on a national site's index pages.
        w.attribute("class") { $0.raw("pc q"); $0.integer(Site.colourClass(counts.percent)) }
        w.attribute("data-v") { $0.integer(counts.percent) }
        w.attribute("title") { w in
            w.integer(counts.named)
            w.raw("/")
            w.integer(counts.total)
            w.raw(" ・ ")
            HTMLReport.statusCounts(w, counts)
        }
        w.integer(counts.percent)
        w.raw("%")
        w.fullEnd()
    }

    /// The colour class of a share: 0 for 0–19%, … 4 for 80–100%.
    static func colourClass(_ percent: Int) -> Int { min(4, max(0, percent / 20)) }

    /// The header cells of the groups and the total, with their item counts.
    func groupHeaders(_ w: HTMLWriter) { Site.groupHeaders(w, summary) }

    static func groupHeaders(_ w: HTMLWriter, _ summary: ReportSummary) {
        let matrix = summary.matrix
        for group in summary.groups {
            w.start("th")
            w.attribute("scope", "col")
            w.attribute("class", "num")
            w.text(group.name)
            w.element("small", text: "\(group.items.count) 項目")
            w.fullEnd()
        }
        w.start("th")
        w.attribute("scope", "col")
        w.attribute("class", "num")
        w.text("合計")
        w.element("small", text: "\(matrix.items.count) 項目")
        w.fullEnd()
    }

    /// The filter box and the "only with missing items" switch above a sortable table.
    func tableControls(_ w: HTMLWriter, table: StaticString, placeholder: String) {
        w.start("form")
        w.attribute("class", "tools")
        w.attribute("hidden", "hidden")
        w.attribute("data-table", String(describing: table))
        w.start("label")
        w.text("絞り込み ")
        w.start("input")
        w.attribute("type", "search")
        w.attribute("class", "filter")
        w.attribute("placeholder", placeholder)
        w.end()
        w.fullEnd()
        w.start("label")
        w.start("input")
        w.attribute("type", "checkbox")
        w.attribute("class", "incomplete")
        w.end()
        w.text("未記載のある行のみ")
        w.fullEnd()
        w.element("output", text: "")
        w.fullEnd()
        w.element("p", ["class": "hint"], text: "列の見出しをクリックすると並べ替えます（もう一度で逆順）。記載率 = 掲載・言及のある項目 ÷ 項目数（団体の計画をまとめた値）。")
    }
}
