import Compare
import Foundation

/// `--format html`: one self-contained page (no external scripts, fonts, styles or images; a
/// Content-Security-Policy says so to the browser) that reads in Japanese first:
///
/// - a legend of the four statuses (colour, symbol and word, so it also prints in grey);
/// - a summary per municipality and group: named items (listed + mentioned) of the group's
///   items, as a percentage and as counts per status;
/// - the matrix: items down, in catalog order, sectioned by category and group under their
///   official names; municipalities across, with their prefecture. Every cell that is not
///   `absent` is a `<details>` that opens its evidence: the excerpt with the matched words in
///   `<mark>`, the section path, the document, line and page, the match kind and score;
/// - the missing items per municipality, and the files that could not be read.
///
/// All of it is plain HTML and reads without JavaScript. A small inline script only adds the
/// filters (group, status, 未記載のみ), sorting by a municipality's column, and opening the
/// evidence named in the URL: `report.html#e-112275-procedure.kosodate.10` or
/// `report.html?open=e-112275-procedure.kosodate.10` (the id of a cell's `<details>` is
/// `e-` + municipality code + `-` + item id; see `evidenceID`).
///
/// Every text that comes from a plan or a catalog is written through `HTMLWriter`, which
/// escapes it; only the constant style sheet and script are written raw. Neither contains `<`
/// or `&`, so the whole page is also well-formed XML, which the tests parse to prove that no
/// plan text became markup.
enum HTMLReport {
    static func render(_ matrix: CoverageMatrix) throws -> Data {
        let summary = ReportSummary(matrix)
        let w = HTMLWriter()
        w.raw("<!DOCTYPE html>\n")
        w.start("html")
        w.attribute("lang", "ja")
        head(w, matrix)
        w.start("body")
        header(w, matrix)
        summarySection(w, summary)
        matrixSection(w, summary)
        missingSection(w, summary)
        errorsSection(w, matrix)
        w.start("footer")
        w.text("plancov — \(CoverageMatrix.schemaName) ・ \(matrix.catalog.name) \(matrix.catalog.version)")
        w.fullEnd()
        w.start("script")
        w.raw(script)
        w.fullEnd()
        w.fullEnd() // body
        w.fullEnd() // html
        return w.finish()
    }

    /// The id of the `<details>` of a cell, for links and for `#…` / `?open=…`.
    static func evidenceID(municipality: String, item: String) -> String { "e-\(municipality)-\(item)" }

    // MARK: - Parts

    static func head(_ w: HTMLWriter, _ matrix: CoverageMatrix) {
        w.start("head")
        w.element("meta", ["charset": "utf-8"], full: false)
        w.element("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"], full: false)
        // Nothing may be loaded from anywhere: the page is one file, forwarded as it is.
        w.element("meta", ["http-equiv": "Content-Security-Policy",
                           "content": "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"], full: false)
        w.element("meta", ["name": "generator", "content": "plancov"], full: false)
        w.element("title", text: "自治体DX推進計画 網羅状況 — \(matrix.catalog.name)")
        w.start("style")
        w.raw(style)
        w.fullEnd()
        w.fullEnd()
    }

    static func header(_ w: HTMLWriter, _ matrix: CoverageMatrix) {
        w.start("header")
        w.element("h1", text: "自治体DX推進計画 網羅状況")
        w.element("p", ["class": "meta"], text: "カタログ: \(matrix.catalog.name)（\(matrix.catalog.version)） ・ "
            + "\(matrix.municipalities.count) 団体 ・ \(matrix.items.count) 項目"
            + (matrix.errors.isEmpty ? "" : " ・ 読めなかったファイル \(matrix.errors.count) 件"))
        legend(w)
        w.start("nav")
        for (target, label) in [("summary", "集計"), ("matrix", "マトリクス"), ("missing", "未記載の項目")] {
            w.element("a", ["href": "#\(target)"], text: label)
        }
        if !matrix.errors.isEmpty { w.element("a", ["href": "#errors"], text: "読めなかったファイル") }
        w.fullEnd()
        w.fullEnd()
    }

    static let explanations: [CellStatus: String] = [
        .listed: "計画の該当章節（標準化・オンライン化など）に記載",
        .mentioned: "計画の他の箇所で言及",
        .group: "個別の記載はないが、グループ全体（20業務・26手続など）に言及",
        .absent: "記載なし",
        .notInForce: "計画の時点ではまだ国の一覧になかった項目（記載がなくても未記載に数えない）",
    ]

    static func legend(_ w: HTMLWriter) {
        w.start("ul")
        w.attribute("class", "legend")
        for status in CellStatus.allCases {
            w.start("li")
            w.element("span", ["class": "swatch s-\(status.rawValue)"], text: status.symbol)
            w.element("b", text: status.japanese)
            w.text(" \(status.rawValue) — \(explanations[status]!)")
            w.fullEnd()
        }
        w.fullEnd()
    }

    static func summarySection(_ w: HTMLWriter, _ summary: ReportSummary) {
        let matrix = summary.matrix
        w.start("section")
        w.attribute("id", "summary")
        w.element("h2", text: "集計（団体別・グループ別）")
        w.element("p", ["class": "hint"], text: "記載率 = 掲載・言及のある項目 ÷ グループの項目数。内訳は ● 掲載・○ 言及・△ 一括言及・なし（記載なし）の件数。")
        w.start("div")
        w.attribute("class", "scroll")
        w.start("table")
        w.attribute("class", "summary")
        w.start("thead")
        w.start("tr")
        w.element("th", ["scope": "col"], text: "団体")
        for group in summary.groups {
            w.start("th")
            w.attribute("scope", "col")
            w.text(group.name)
            w.element("small", text: "\(group.items.count) 項目")
            w.fullEnd()
        }
        w.start("th")
        w.attribute("scope", "col")
        w.text("合計")
        w.element("small", text: "\(matrix.items.count) 項目")
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        w.start("tbody")
        for (m, municipality) in matrix.municipalities.enumerated() {
            w.start("tr")
            municipalityHeader(w, municipality, scope: "row")
            for group in summary.groups { countsCell(w, summary.counts(municipality: m, group: group)) }
            countsCell(w, summary.total(municipality: m))
            w.fullEnd()
        }
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
    }

    static func municipalityHeader(_ w: HTMLWriter, _ municipality: CoverageMatrix.MunicipalityInfo, scope: String, column: Int? = nil) {
        w.start("th")
        w.attribute("scope", scope)
        if let column { w.attribute("data-col", String(column)) }
        w.element("span", ["class": "muni"], text: municipality.name)
        w.element("small", text: [municipality.prefecture ?? "", municipality.code].filter { !$0.isEmpty }.joined(separator: " "))
        w.fullEnd()
    }

    /// `●20 ○0 △0 なし0`: the counts per status, as text or inside `attribute(_:pieces:)`.
    static func statusCounts(_ w: HTMLWriter, _ counts: ReportSummary.Counts) {
        w.raw("●")
        w.integer(counts.listed)
        w.raw(" ○")
        w.integer(counts.mentioned)
        w.raw(" △")
        w.integer(counts.group)
        w.raw(" なし")
        w.integer(counts.absent)
    }

    static func countsCell(_ w: HTMLWriter, _ counts: ReportSummary.Counts) {
        w.start("td")
        w.attribute("class", "counts")
        // Numbers written as they are, without a string for each (a national site has 16,000
        // of these cells).
        w.start("span")
        w.attribute("class", "pct")
        w.integer(counts.percent)
        w.raw("%")
        w.fullEnd()
        w.start("meter")
        w.attribute("min", "0")
        w.attribute("max", "100")
        w.attribute("value") { $0.integer(counts.percent) }
        w.integer(counts.percent)
        w.raw("%")
        w.fullEnd()
        w.start("span")
        w.attribute("class", "frac")
        w.integer(counts.named)
        w.raw("/")
        w.integer(counts.total)
        w.fullEnd()
        w.start("span")
        w.attribute("class", "detail")
        HTMLReport.statusCounts(w, counts)
        w.fullEnd()
        w.fullEnd()
    }

    static func matrixSection(_ w: HTMLWriter, _ summary: ReportSummary) {
        let matrix = summary.matrix
        w.start("section")
        w.attribute("id", "matrix")
        w.element("h2", text: "網羅状況マトリクス")
        controls(w, summary)
        w.element("p", ["class": "hint"], text: "色付きのセルを開くと根拠（原文の抜粋・章節・文書・行・一致の種類）が表示されます。")
        // No scrolling box around the matrix: an opened evidence panel must float over the
        // rows below, not be clipped by it; the page itself scrolls when the table is wide.
        w.start("div")
        w.attribute("class", "wide")
        w.start("table")
        w.attribute("class", "matrix")
        w.start("thead")
        w.start("tr")
        w.element("th", ["scope": "col", "class": "item"], text: "項目")
        for (m, municipality) in matrix.municipalities.enumerated() { municipalityHeader(w, municipality, scope: "col", column: m) }
        w.fullEnd()
        w.fullEnd()
        var position = 0
        var lastCategory: String?
        for group in summary.groups {
            w.raw("\n")
            w.start("tbody")
            w.attribute("data-group", group.name)
            w.start("tr")
            w.attribute("class", "group-head")
            w.start("th")
            w.attribute("colspan", String(matrix.municipalities.count + 1))
            w.attribute("scope", "rowgroup")
            if group.category != lastCategory {
                w.element("span", ["class": "category"], text: summary.matrix.categoryName(group.category))
                lastCategory = group.category
            }
            w.text(group.name)
            w.element("small", text: "\(group.items.count) 項目")
            w.fullEnd()
            w.fullEnd()
            for i in group.items {
                let item = matrix.items[i]
                w.raw("\n")
                w.start("tr")
                w.attribute("data-item", item.id)
                w.attribute("data-pos", String(position))
                position += 1
                w.start("th")
                w.attribute("scope", "row")
                w.attribute("class", "item")
                w.element("span", ["class": "name"], text: item.name)
                w.element("small", ["class": "id"], text: item.id)
                w.fullEnd()
                for m in matrix.municipalities.indices {
                    cell(w, matrix, m, i, edge: m >= matrix.municipalities.count - 2 && m > 0)
                }
                w.fullEnd()
            }
            w.fullEnd()
        }
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
    }

    /// The filters; hidden until the script shows them, since without it they would do nothing.
    static func controls(_ w: HTMLWriter, _ summary: ReportSummary) {
        w.start("form")
        w.attribute("id", "controls")
        w.attribute("hidden", "hidden")
        w.start("label")
        w.text("グループ ")
        w.start("select")
        w.attribute("id", "f-group")
        w.element("option", ["value": ""], text: "すべて")
        for group in summary.groups { w.element("option", ["value": group.name], text: group.name) }
        w.fullEnd()
        w.fullEnd()
        w.start("fieldset")
        w.element("legend", text: "状況")
        for status in CellStatus.allCases {
            w.start("label")
            w.start("input")
            w.attribute("type", "checkbox")
            w.attribute("name", "status")
            w.attribute("value", status.rawValue)
            w.attribute("checked", "checked")
            w.end()
            w.element("span", ["class": "swatch s-\(status.rawValue)"], text: status.symbol)
            w.text(status.japanese)
            w.fullEnd()
        }
        w.fullEnd()
        w.start("label")
        w.start("input")
        w.attribute("type", "checkbox")
        w.attribute("id", "f-missing")
        w.end()
        w.text("未記載のみ（△・- のある項目）")
        w.fullEnd()
        w.element("output", ["id": "f-count"], text: "")
        w.fullEnd()
    }

    static func cell(_ w: HTMLWriter, _ matrix: CoverageMatrix, _ m: Int, _ i: Int, edge: Bool) {
        let cell = matrix.cell(m, i)
        let municipality = matrix.municipalities[m], item = matrix.items[i]
        w.start("td")
        w.attribute("class", "c s-\(cell.status.rawValue)" + (edge ? " edge" : ""))
        w.attribute("data-status", cell.status.rawValue)
        w.attribute("data-m", municipality.code)
        // An absent cell opens too when it has evidence: a place that excludes the item.
        guard (cell.status != .absent && cell.status != .notInForce) || !cell.evidence.isEmpty else {
            w.element("span", ["class": "sym"], text: cell.status.symbol)
            w.element("span", ["class": "word"], text: cell.status.japanese)
            w.fullEnd()
            return
        }
        w.start("details")
        w.attribute("id", evidenceID(municipality: municipality.code, item: item.id))
        w.start("summary")
        w.attribute("title", "\(municipality.name) × \(item.name): \(cell.status.japanese)")
        w.element("span", ["class": "sym"], text: cell.status.symbol)
        w.element("span", ["class": "word"], text: cell.status.japanese)
        if cell.evidence.count > 1 { w.element("span", ["class": "n"], text: "×\(cell.evidence.count)") }
        w.fullEnd()
        w.start("div")
        w.attribute("class", "ev")
        w.start("p")
        w.attribute("class", "ev-title")
        w.element("b", text: item.name)
        w.text(" — \(ReportSummary.municipalityLabel(municipality)) ・ \(cell.status.japanese)")
        w.fullEnd()
        if cell.evidence.isEmpty {
            w.element("p", text: "この項目の個別の記載はありませんが、計画は「\(item.group)」のグループ全体に言及しています。")
        } else {
            w.start("ol")
            for evidence in cell.evidence { evidenceItem(w, evidence) }
            w.fullEnd()
        }
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
    }

    static func evidenceItem(_ w: HTMLWriter, _ evidence: Evidence) {
        w.start("li")
        excerpt(w, evidence.excerpt, matched: evidence.matched)
        w.start("dl")
        if !evidence.section.isEmpty {
            w.element("dt", text: "章節")
            w.element("dd", text: evidence.section.joined(separator: " › "))
        }
        w.element("dt", text: "文書")
        w.element("dd", ["class": "doc"], text: evidence.document)
        w.element("dt", text: "位置")
        w.element("dd", text: "\(evidence.line) 行" + (evidence.page.map { " ・ \($0) ページ" } ?? "")
            + (evidence.location.map { " ・ \($0)" } ?? ""))
        w.element("dt", text: "一致")
        w.element("dd", text: "\(evidence.match.japanese)（\(evidence.match.rawValue)）・ 類似度 \(ReportSummary.score(evidence.score))"
            + (evidence.matched.isEmpty ? "" : " ・ 一致語「\(evidence.matched)」")
            + (evidence.alias.map { " ・ 別名「\($0)」" } ?? ""))
        if evidence.qualifier == .excluded {
            w.element("dt", text: "除外")
            w.element("dd", ["class": "excluded"], text: "この箇所は項目を対象から外している（…以外・…を除く・…は対象外）: 記載に数えない")
        }
        if let ocr = evidence.ocr {
            w.element("dt", text: "OCR")
            w.element("dd", text: "スキャン画像から文字認識（信頼度 \(ReportSummary.score(ocr / 100))）")
        }
        w.fullEnd()
        w.fullEnd()
    }

    /// The excerpt, the matched words in `<mark>` (their first occurrence); `classed: false`
    /// for a site's pages, whose style sheet needs no class to find it.
    static func excerpt(_ w: HTMLWriter, _ excerpt: String, matched: String, classed: Bool = true) {
        w.start("blockquote")
        if classed { w.attribute("class", "excerpt") }
        withUTF8(excerpt) { text in
            withUTF8(matched) { needle in
                if let start = firstOffset(of: needle, in: text) {
                    w.text(utf8: UnsafeBufferPointer(rebasing: text[..<start]))
                    w.start("mark")
                    w.text(utf8: needle)
                    w.fullEnd()
                    w.text(utf8: UnsafeBufferPointer(rebasing: text[(start + needle.count)...]))
                } else {
                    w.text(utf8: text)
                }
            }
        }
        w.fullEnd()
    }

    /// The UTF-8 of `text`, in place when the string is stored as UTF-8 (always, on Linux).
    private static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    /// Where `needle` first occurs in `text`, as a byte offset; nil for an empty needle. The
    /// bytes are UTF-8, so a match of bytes is a match of Unicode scalars (what Foundation's
    /// `range(of:)` was asked here, through CFString, at a tenth of the speed) and starts and
    /// ends on character boundaries.
    static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, needle.count <= text.count else { return nil }
        var start = 0
        let last = text.count - needle.count
        while start <= last {
            guard let found = text[start...last].firstIndex(of: first) else { return nil }
            if memcmp(text.baseAddress! + found, needle.baseAddress!, needle.count) == 0 { return found }
            start = found + 1
        }
        return nil
    }

    static func missingSection(_ w: HTMLWriter, _ summary: ReportSummary) {
        let matrix = summary.matrix
        w.start("section")
        w.attribute("id", "missing")
        w.element("h2", text: "未記載の項目（団体別）")
        w.element("p", ["class": "hint"], text: "記載なし（-）と、グループ全体への言及のみ（△）の項目。")
        for (m, municipality) in matrix.municipalities.enumerated() {
            let missing = Set(summary.missing(municipality: m))
            w.start("h3")
            w.text(ReportSummary.municipalityLabel(municipality))
            w.element("small", text: "\(missing.count) / \(matrix.items.count) 項目")
            w.fullEnd()
            if missing.isEmpty {
                w.element("p", text: "未記載の項目はありません。")
                continue
            }
            w.start("ul")
            w.attribute("class", "missing")
            for group in summary.groups {
                let items = group.items.filter { missing.contains($0) }
                guard !items.isEmpty else { continue }
                w.start("li")
                w.element("b", text: "\(group.name)（\(items.count)）")
                w.text(" ")
                for (n, i) in items.enumerated() {
                    if n > 0 { w.text("、") }
                    let cell = matrix.cell(m, i)
                    w.element("span", ["class": "s-\(cell.status.rawValue)-text"], text: matrix.items[i].name + (cell.status == .group ? " △" : ""))
                    // The closest place below the matching threshold, for a reader to judge.
                    if let near = cell.near {
                        w.element("small", ["class": "near"],
                                  text: "（近い記載：「\(near.excerpt)」 \(near.line) 行\(near.page.map { "・\($0) ページ" } ?? "")・類似度 \(ReportSummary.score(near.score))）")
                    }
                }
                w.fullEnd()
            }
            w.fullEnd()
        }
        w.fullEnd()
    }

    static func errorsSection(_ w: HTMLWriter, _ matrix: CoverageMatrix) {
        guard !matrix.errors.isEmpty else { return }
        w.start("section")
        w.attribute("id", "errors")
        w.element("h2", text: "読めなかったファイル")
        w.start("ul")
        for error in matrix.errors {
            w.start("li")
            w.element("code", text: error.document)
            w.text(": \(error.message)")
            w.fullEnd()
        }
        w.fullEnd()
        w.fullEnd()
    }

    // MARK: - Constants (written raw: no text from a plan may ever go here; no `<` or `&`)

    static let style: StaticString = """
    :root{--listed:#c8ecd1;--listed-ink:#11612b;--mentioned:#d3e5fb;--mentioned-ink:#1a4f8b;--group:#fbeab8;--group-ink:#7a5600;--absent:#f1f1f1;--absent-ink:#8a8a8a;--line:#d0d4d9}
    *{box-sizing:border-box}
    body{margin:0 auto;padding:1rem 1.5rem 3rem;max-width:110rem;font-family:"Noto Sans CJK JP","Noto Sans JP","Hiragino Kaku Gothic ProN","Yu Gothic UI","Yu Gothic",Meiryo,sans-serif;font-size:14px;line-height:1.5;color:#1d232a;background:#fff}
    h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.6rem 0 .4rem;border-bottom:2px solid #1d232a;padding-bottom:.2rem}h3{font-size:1rem;margin:1rem 0 .3rem}
    h3 small,th small{font-weight:normal;color:#5b6570;margin-left:.4em}
    .meta,.hint{color:#4a545e;margin:.2rem 0 .5rem}
    nav a{margin-right:1em}
    .legend{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.3rem 1.4rem}
    .swatch{display:inline-block;min-width:1.6em;text-align:center;border:1px solid var(--line);border-radius:3px;margin-right:.3em;font-weight:bold}
    .s-listed{background:var(--listed);color:var(--listed-ink)}.s-mentioned{background:var(--mentioned);color:var(--mentioned-ink)}
    .s-group{background:var(--group);color:var(--group-ink)}.s-absent{background:var(--absent);color:var(--absent-ink)}.s-not-in-force{background:#fff;color:var(--absent-ink)}
    .s-group-text{color:var(--group-ink)}
    .scroll{overflow-x:auto}
    table{border-collapse:collapse}
    th,td{border:1px solid var(--line);padding:.2rem .45rem;vertical-align:top}
    thead th{background:#eef1f4;position:sticky;top:0;z-index:3;text-align:center;white-space:nowrap}
    thead th small,tbody th small{display:block;margin:0}
    .summary td.counts{text-align:right;white-space:nowrap}
    .summary .pct{font-weight:bold;font-size:1.05em}
    .summary meter{width:4.5em;height:.7em;margin-left:.4em;vertical-align:middle}
    .summary .frac{display:block;color:#4a545e}.summary .detail{display:block;font-size:.8em;color:#6b757e}
    .summary tbody th{text-align:left;white-space:nowrap}
    .matrix th.item{text-align:left;min-width:16rem;max-width:28rem;background:#fff;position:sticky;left:0;z-index:2}
    .matrix thead th.item{background:#eef1f4;z-index:4}
    .matrix .item .id{color:#8a939b;font-size:.75em}
    .matrix tr.group-head th{background:#2f3b47;color:#fff;text-align:left;position:static}
    .matrix tr.group-head small{display:inline;color:#cdd5dd}
    .matrix .category{display:inline-block;font-size:.8em;background:#fff;color:#2f3b47;border-radius:3px;padding:0 .4em;margin-right:.6em}
    td.c{text-align:center;white-space:nowrap;position:relative;min-width:5.5rem}
    td.c .sym{font-weight:bold;margin-right:.25em}td.c .word{font-size:.8em}td.c .n{font-size:.75em;margin-left:.3em;opacity:.8}
    td.c summary{cursor:pointer;list-style:none}td.c summary::-webkit-details-marker{display:none}
    td.c summary:hover,td.c summary:focus{text-decoration:underline}
    td.c details[open]>summary{outline:2px solid currentColor;outline-offset:1px}
    .ev{position:absolute;z-index:10;top:100%;left:0;width:min(36rem,85vw);text-align:left;white-space:normal;background:#fff;color:#1d232a;border:1px solid #7c8791;border-radius:4px;box-shadow:0 4px 16px rgba(0,0,0,.25);padding:.5rem .8rem}
    td.edge .ev{left:auto;right:0}
    .ev-title{margin:0 0 .3rem}.ev ol{margin:0;padding-left:1.3em}.ev li{margin:.3rem 0 .6rem}
    .excerpt{margin:0 0 .3rem;padding:.3rem .5rem;background:#f7f7f4;border-left:3px solid #9aa3ab;font-size:1.02em}
    mark{background:#ffe066;color:inherit;padding:0 .1em;font-weight:bold}
    dl{display:grid;grid-template-columns:auto 1fr;gap:.05rem .6rem;margin:0;font-size:.88em}dt{color:#5b6570}dd{margin:0;overflow-wrap:anywhere}
    .dim>*{visibility:hidden}
    #controls{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1.2rem;margin:.4rem 0;padding:.4rem .6rem;background:#f4f6f8;border:1px solid var(--line);border-radius:4px}
    #controls[hidden]{display:none}
    #controls fieldset{border:0;margin:0;padding:0;display:flex;gap:.8rem;align-items:center}#controls legend{float:left;margin-right:.4rem;padding:0}
    button.sort{margin-left:.3em;font-size:.75em;padding:0 .3em;cursor:pointer}
    ul.missing{margin:.2rem 0;padding-left:1.2em}ul.missing li{margin:.15rem 0}
    footer{margin-top:2rem;color:#6b757e;font-size:.85em}
    @media print{
    @page{size:A4 landscape;margin:10mm}
    body{font-size:8pt;max-width:none;padding:0}
    *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    nav,#controls,.hint,button.sort{display:none!important}
    .scroll{overflow:visible}
    thead th,.matrix th.item{position:static}
    thead{display:table-header-group}
    tr{break-inside:avoid}
    h2{break-after:avoid}
    #missing{break-before:page}
    .ev{position:static;box-shadow:none;width:auto}
    td.c{min-width:0}
    }
    """

    static let script: StaticString = """
    (function(){
    "use strict";
    var d=document,controls=d.getElementById("controls");
    if(!controls)return;
    controls.hidden=false;
    var groupSelect=d.getElementById("f-group"),missingOnly=d.getElementById("f-missing"),count=d.getElementById("f-count");
    var boxes=Array.prototype.slice.call(controls.querySelectorAll("input[name=status]"));
    var bodies=Array.prototype.slice.call(d.querySelectorAll("table.matrix tbody[data-group]"));
    function apply(){
      var group=groupSelect.value,on={},shown=0;
      boxes.forEach(function(b){on[b.value]=b.checked;});
      bodies.forEach(function(body){
        var any=false;
        if(!group||body.getAttribute("data-group")===group){
          Array.prototype.forEach.call(body.querySelectorAll("tr[data-item]"),function(row){
            var hit=false;
            Array.prototype.forEach.call(row.querySelectorAll("td[data-status]"),function(td){
              var visible=on[td.getAttribute("data-status")];
              td.classList.toggle("dim",!visible);
              if(visible)hit=true;
            });
            row.hidden=!hit;
            if(hit){any=true;shown++;}
          });
        }
        body.hidden=!any;
      });
      count.textContent=shown+" 項目を表示";
    }
    missingOnly.addEventListener("change",function(){
      boxes.forEach(function(b){b.checked=missingOnly.checked?(b.value==="group"||b.value==="absent"):true;});
      apply();
    });
    boxes.forEach(function(b){b.addEventListener("change",function(){missingOnly.checked=false;apply();});});
    groupSelect.addEventListener("change",apply);
    var rank={listed:0,mentioned:1,group:2,absent:3,"not-in-force":4},sortedBy=-1;
    function sortBy(column){
      var restore=sortedBy===column;
      sortedBy=restore?-1:column;
      bodies.forEach(function(body){
        var rows=Array.prototype.slice.call(body.querySelectorAll("tr[data-item]"));
        rows.sort(function(a,b){
          var pa=+a.getAttribute("data-pos"),pb=+b.getAttribute("data-pos");
          if(restore)return pa-pb;
          return (rank[a.cells[column+1].getAttribute("data-status")]-rank[b.cells[column+1].getAttribute("data-status")])||pa-pb;
        });
        rows.forEach(function(r){body.appendChild(r);});
      });
    }
    Array.prototype.forEach.call(d.querySelectorAll("table.matrix thead th[data-col]"),function(th){
      var b=d.createElement("button");
      b.type="button";b.className="sort";b.textContent="\\u21C5";b.title="この団体の状況順に並べ替え（もう一度で元の順）";
      b.addEventListener("click",function(){sortBy(+th.getAttribute("data-col"));});
      th.appendChild(b);
    });
    var params=new URLSearchParams(location.search);
    if(params.get("group")){groupSelect.value=params.get("group");}
    if(params.get("missing")){missingOnly.checked=true;boxes.forEach(function(b){b.checked=b.value==="group"||b.value==="absent";});}
    apply();
    function openEvidence(){
      var id=params.get("open")||decodeURIComponent(location.hash.slice(1));
      var target=id?d.getElementById(id):null;
      if(!target||target.tagName!=="DETAILS")return;
      target.open=true;
      target.scrollIntoView({block:"nearest"});
      target.querySelector("summary").focus({preventScroll:true});
    }
    openEvidence();
    window.addEventListener("hashchange",openEvidence);
    })();
    """
}
