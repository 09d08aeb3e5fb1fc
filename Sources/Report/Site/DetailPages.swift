import Compare

/// One page per prefecture, per municipality and per catalog item.
extension Site {
    // MARK: - A prefecture

    func prefecturePage(_ w: HTMLWriter, _ p: Int) {
        let depth = Depth.subfolder
        let prefecture = prefectures.prefectures[p]
        open(w, title: "\(prefecture.name) — 自治体DX推進計画 網羅状況", depth: depth,
             crumbs: [("全国", entryLink(depth)), (prefecture.name, nil)], current: nil)
        neighbours(w, previous: p > 0 ? (prefectures.prefectures[p - 1].name, prefectureFile(p - 1)) : nil,
                   next: p + 1 < prefectures.prefectures.count ? (prefectures.prefectures[p + 1].name, prefectureFile(p + 1)) : nil)
        w.start("h1")
        w.text(prefecture.name)
        if !prefecture.code.isEmpty { w.element("small", text: prefecture.code) }
        w.fullEnd()
        let planned = Set(prefecture.rows.map { matrix.municipalities[$0].code })
        let unplanned = prefecture.registered.filter { !planned.contains($0.code) }
        w.element("p", ["class": "meta"], text: "計画のある団体 \(prefecture.rows.count)"
            + (prefecture.registered.isEmpty ? "" : " ／ \(prefecture.registered.count) 市区町村（計画なし \(unplanned.count)）"))
        // The prefecture's shares, pooled over its plans.
        w.start("table")
        w.attribute("class", "list")
        w.start("thead")
        w.start("tr")
        w.element("th", text: "")
        groupHeaders(w)
        w.fullEnd()
        w.fullEnd()
        w.start("tbody")
        w.start("tr")
        w.element("th", ["scope": "row"], text: "\(prefecture.name)（計画 \(prefecture.rows.count) 件をまとめて）")
        for counts in prefecture.counts { percentCell(w, counts, hasPlan: prefecture.hasPlans) }
        percentCell(w, prefecture.total, hasPlan: prefecture.hasPlans)
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        w.element("h2", text: "団体")
        tableControls(w, table: "t-municipalities", placeholder: "団体名・よみ・コード")
        municipalityTable(w, id: "t-municipalities", rows: prefecture.rows, depth: depth, showPrefecture: prefecture.code.isEmpty,
                          unplanned: unplanned)
        close(w, depth: depth)
    }

    /// Links to the pages before and after this one in its list.
    func neighbours(_ w: HTMLWriter, previous: (String, String)?, next: (String, String)?) {
        guard previous != nil || next != nil else { return }
        w.start("p")
        w.attribute("class", "pager")
        if let previous { w.element("a", ["href": previous.1, "rel": "prev"], text: "← \(previous.0)") }
        if let next { w.element("a", ["href": next.1, "rel": "next"], text: "\(next.0) →") }
        w.fullEnd()
    }

    // MARK: - A municipality

    /// Page `n` of `m/`: the municipalities of one prefecture (or 20 of them), each in a section
    /// of its own, after a list of them.
    func municipalityPage(_ w: HTMLWriter, _ n: Int) {
        let depth = Depth.subfolder
        let page = municipalityPages[n]
        let prefecture = prefectures.prefectures[page.prefecture]
        let part = page.parts > 1 ? "（\(page.part)/\(page.parts)）" : ""
        open(w, title: "\(prefecture.name)の市区町村\(part) — 自治体DX推進計画 網羅状況", depth: depth,
             crumbs: [("全国", entryLink(depth)), (prefecture.name, "../p/" + prefectureFile(page.prefecture)), ("市区町村\(part)", nil)], current: nil)
        // The pages before and after it of its prefecture.
        let previous = n > 0 && municipalityPages[n - 1].prefecture == page.prefecture ? municipalityPages[n - 1] : nil
        let next = n + 1 < municipalityPages.count && municipalityPages[n + 1].prefecture == page.prefecture ? municipalityPages[n + 1] : nil
        neighbours(w, previous: previous.map { (matrix.municipalities[$0.rows[0]].name + "…", $0.file) },
                   next: next.map { (matrix.municipalities[$0.rows[0]].name + "…", $0.file) })
        w.element("h1", text: "\(prefecture.name)の市区町村\(part)")
        w.start("p")
        w.attribute("class", "toc")
        for (k, m) in page.rows.enumerated() {
            if k > 0 { w.text(" ・ ") }
            w.element("a", ["href": "#" + municipalityAnchors[m]], text: matrix.municipalities[m].name)
        }
        w.fullEnd()
        HTMLReport.legend(w)
        w.element("p", ["class": "hint"], text: "色付きの状況を開くと根拠（原文の抜粋・章節・文書・行・一致の種類）が表示されます。項目名をクリックすると、その項目の全国の状況へ。")
        for m in page.rows { municipalitySection(w, m) }
        close(w, depth: depth)
    }

    /// One municipality: its documents, the lists it is judged against, its shares, and every
    /// item with its evidence.
    func municipalitySection(_ w: HTMLWriter, _ m: Int) {
        let municipality = matrix.municipalities[m]
        w.start("section")
        w.attribute("id", municipalityAnchors[m])
        w.attribute("class", "municipality")
        w.start("h2")
        w.text(municipality.name)
        w.element("small", text: [municipality.kana ?? "", municipality.prefecture ?? "", municipality.code].filter { !$0.isEmpty }.joined(separator: " ・ "))
        w.fullEnd()
        w.start("dl")
        w.attribute("class", "facts")
        w.element("dt", text: "計画")
        w.start("dd")
        for (n, document) in municipality.documents.enumerated() {
            if n > 0 { w.text("、") }
            w.element("code", text: document)
        }
        w.fullEnd()
        w.element("dt", text: "団体の特定")
        w.element("dd", text: municipality.identifiedBy)
        // The lists the plan is judged against: items added after that day are 未 (not in force).
        if municipality.asOf != nil || municipality.listVersion != nil {
            w.element("dt", text: "判定日・一覧の版")
            w.element("dd", text: [municipality.dateAsWritten.map { "計画の日付 \($0)" }, municipality.asOf.map { "判定日 \($0)" },
                                   municipality.listVersion].compactMap { $0 }.joined(separator: " ・ "))
        }
        w.fullEnd()
        // Its shares per group.
        w.start("table")
        w.attribute("class", "summary")
        w.fragment(fragments.summaryHead)
        w.start("tbody")
        w.start("tr")
        for g in 0...summary.groups.count { HTMLReport.countsCell(w, counts(m, g)) }
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        // Every item, with its evidence.
        w.element("h3", text: "項目ごとの状況と根拠")
        w.start("table")
        w.attribute("class", "items")
        var lastCategory: String?
        for (g, group) in summary.groups.enumerated() {
            w.start("tbody")
            w.start("tr")
            w.attribute("class", "group-head")
            w.start("th")
            w.attribute("colspan", "2")
            if group.category != lastCategory {
                w.element("span", ["class": "category"], text: matrix.categoryName(group.category))
                lastCategory = group.category
            }
            w.text(group.name)
            let groupCounts = counts(m, g)
            w.start("small")
            w.integer(groupCounts.named)
            w.raw("/")
            w.integer(groupCounts.total)
            w.raw(" 項目")
            w.fullEnd()
            w.fullEnd()
            w.fullEnd()
            for i in group.items {
                w.start("tr")
                w.fragment(fragments.itemHeadings[i])
                evidenceCell(w, m, i, oneDocument: municipality.documents.count == 1)
                w.fullEnd()
            }
            w.fullEnd()
        }
        w.fullEnd()
        w.fullEnd() // section
    }

    /// A cell of a municipality's page: its status, and (when not absent) its evidence in a
    /// `<details>` with the id the one-page report gives it, so links can open it. Leaner than
    /// the one-page report's panel, which must say whose cell it is: here the page says so, and
    /// the document is named once at the top when the plan is one file.
    func evidenceCell(_ w: HTMLWriter, _ m: Int, _ i: Int, oneDocument: Bool) {
        let status = matrix.status(m, i)
        let evidence = matrix.cells[m * matrix.items.count + i].evidence
        guard (status != .absent && status != .notInForce) || !evidence.isEmpty else {
            w.fragment(fragments.emptyCells[Fragments.index(status)])
            return
        }
        w.start("td")
        w.attribute("class", fragments.cellClasses[Fragments.index(status)])
        w.start("details")
        w.attribute("id", fragments.evidencePrefixes[m], fragments.itemIDs[i])
        w.start("summary")
        w.fragment(fragments.statusWords[Fragments.index(status)])
        if evidence.count > 1 {
            w.start("span")
            w.attribute("class", "n")
            w.raw("×")
            w.integer(evidence.count)
            w.fullEnd()
        }
        w.fullEnd()
        if evidence.isEmpty {
            w.fragment(fragments.groupOnly[i])
        } else {
            w.start("div")
            w.attribute("class", "ev")
            w.start("ol")
            // In place: `evidence[k]`, even borrowed, copied each one (a dozen reference counts).
            evidence.withUnsafeBufferPointer { all in
                for k in all.indices { evidenceItem(w, all.baseAddress! + k, oneDocument: oneDocument) }
            }
            w.fullEnd()
            w.fullEnd()
        }
        w.fullEnd() // details
        w.fullEnd() // td
    }

    /// One piece of evidence: the excerpt, and where it is. Read in place, not copied: a copy
    /// of an `Evidence` is a dozen reference counts.
    func evidenceItem(_ w: HTMLWriter, _ at: UnsafePointer<Evidence>, oneDocument: Bool) {
        w.start("li")
        // Unclassed: `Site.style` knows the excerpt and the line after it by where they are.
        HTMLReport.excerpt(w, at.pointee.excerpt, matched: at.pointee.matched, classed: false)
        w.start("p")
        if !at.pointee.section.isEmpty {
            for (n, heading) in at.pointee.section.enumerated() {
                if n > 0 { w.raw(" › ") }
                w.text(heading)
            }
            w.raw(" ・ ")
        }
        if !oneDocument {
            w.element("code", text: at.pointee.document)
            w.raw(" ")
        }
        w.integer(at.pointee.line)
        w.raw(" 行")
        if let page = at.pointee.page {
            w.raw(" ・ ")
            w.integer(page)
            w.raw(" ページ")
        }
        if let location = at.pointee.location {
            w.raw(" ・ ")
            w.text(location)
        }
        w.raw(" ・ ")
        w.text(at.pointee.match.japanese)
        w.raw(" ")
        w.text(ReportSummary.score(at.pointee.score))
        if let alias = at.pointee.alias {
            w.raw(" ・ 別名「")
            w.text(alias)
            w.raw("」")
        }
        w.fullEnd()
        w.fullEnd()
    }

    /// The markup of a municipality's page that is the same for every municipality, and the
    /// attribute values its cells and the item pages' links repeat, escaped once per site: a
    /// national site repeats them 136,000 times, from two cores at once.
    struct Fragments: Sendable {
        /// Owns every fragment below.
        private let store = HTMLWriter.FragmentStore()
        /// Per item: its row heading, linking to its page.
        let itemHeadings: [HTMLWriter.Fragment]
        /// Per item: the panel of a cell whose plan refers only to the item's group.
        let groupOnly: [HTMLWriter.Fragment]
        /// The head of a municipality's summary table: the groups and the total.
        let summaryHead: HTMLWriter.Fragment
        /// Per status (`index(_:)`): a whole cell without evidence, the class of a cell with
        /// evidence, and the symbol and word of its summary.
        let emptyCells: [HTMLWriter.Fragment]
        let cellClasses: [HTMLWriter.Fragment]
        let statusWords: [HTMLWriter.Fragment]
        /// Attribute values: per item its id; per row the start of its evidence ids
        /// (`e-112275-`, as in the one-page report's `HTMLReport.evidenceID`), its section's id
        /// (`m-112275`), and its page from a subfolder up to the `#` (`../m/11.html#`).
        let itemIDs: [HTMLWriter.Fragment]
        let evidencePrefixes: [HTMLWriter.Fragment]
        let anchors: [HTMLWriter.Fragment]
        let pageLinks: [HTMLWriter.Fragment]

        init(summary: ReportSummary, itemFiles: [String], anchors: [String], pages: [String]) {
            let store = store, matrix = summary.matrix
            summaryHead = store.markup { w in
                w.start("thead")
                w.start("tr")
                Site.groupHeaders(w, summary)
                w.fullEnd()
                w.fullEnd()
            }
            itemHeadings = matrix.items.indices.map { i in
                store.markup { w in
                    // The id is on the item's page (and in the link, which is named after it):
                    // here, 136,000 times over, it was a tenth of a national site's bytes. The
                    // style sheet finds the heading by where it is, not by a class.
                    w.start("th")
                    w.element("a", ["href": "../i/" + itemFiles[i]], text: matrix.items[i].name)
                    w.fullEnd()
                }
            }
            groupOnly = matrix.items.map { item in
                store.markup { w in
                    w.start("div")
                    w.attribute("class", "ev")
                    w.element("p", text: "個別の記載はありませんが、計画は「\(item.group)」のグループ全体に言及しています。")
                    w.fullEnd()
                }
            }
            // `<b>●</b><small>掲載</small>`, not the one-page report's classed spans: the same
            // look (`Site.style`) in a third of the bytes, on every cell of a national site.
            func words(_ w: HTMLWriter, _ status: CellStatus) {
                w.element("b", text: status.symbol)
                w.element("small", text: status.japanese)
            }
            emptyCells = CellStatus.allCases.map { status in
                store.markup { w in
                    w.start("td")
                    w.attribute("class", "c s-\(status.rawValue)")
                    words(w, status)
                    w.fullEnd()
                }
            }
            cellClasses = CellStatus.allCases.map { store.value("c s-\($0.rawValue)") }
            statusWords = CellStatus.allCases.map { status in store.markup { words($0, status) } }
            itemIDs = matrix.items.map { store.value($0.id) }
            evidencePrefixes = matrix.municipalities.map { store.value(HTMLReport.evidenceID(municipality: $0.code, item: "")) }
            self.anchors = anchors.map { store.value($0) }
            pageLinks = pages.map { store.value("../m/" + $0 + "#") }
        }

        /// A status's place in `CellStatus.allCases`, the order of the arrays above.
        static func index(_ status: CellStatus) -> Int {
            switch status {
            case .listed: 0
            case .mentioned: 1
            case .group: 2
            case .notInForce: 3
            case .absent: 4
            }
        }
    }

    // MARK: - An item

    func itemPage(_ w: HTMLWriter, _ i: Int) {
        let depth = Depth.subfolder
        let item = matrix.items[i]
        open(w, title: "\(item.name) — 自治体DX推進計画 網羅状況", depth: depth,
             crumbs: [("全国", entryLink(depth)), ("項目別", "../items.html"), (item.name, nil)], current: nil)
        neighbours(w, previous: i > 0 ? (matrix.items[i - 1].name, itemFiles[i - 1]) : nil,
                   next: i + 1 < matrix.items.count ? (matrix.items[i + 1].name, itemFiles[i + 1]) : nil)
        w.start("h1")
        w.text(item.name)
        w.element("small", text: "\(item.id) ・ \(matrix.categoryName(item.category)) ・ \(item.group)")
        w.fullEnd()
        var byStatus = [CellStatus: [Int]]()
        for m in matrix.municipalities.indices { byStatus[matrix.status(m, i), default: []].append(m) }
        w.start("ul")
        w.attribute("class", "legend")
        for status in CellStatus.allCases {
            w.start("li")
            w.element("span", ["class": "swatch s-\(status.rawValue)"], text: status.symbol)
            w.element("a", ["href": "#\(status.rawValue)"], text: "\(status.japanese) \(byStatus[status]?.count ?? 0) 団体")
            w.fullEnd()
        }
        w.fullEnd()
        let headings: [CellStatus: String] = [
            .listed: "掲載している団体（計画の該当章節に記載）",
            .mentioned: "言及している団体（計画の他の箇所）",
            .group: "グループ全体にだけ言及している団体（「\(item.group)」）",
            .absent: "記載のない団体",
            .notInForce: "計画の時点では国の一覧になかった団体（未記載に数えない）",
        ]
        for status in CellStatus.allCases {
            let rows = (byStatus[status] ?? []).sorted { (prefectureOfRow[$0], $0) < (prefectureOfRow[$1], $1) }
            w.start("section")
            w.attribute("id", status.rawValue)
            w.start("h2")
            w.element("span", ["class": "swatch s-\(status.rawValue)"], text: status.symbol)
            w.text("\(headings[status]!) ")
            w.element("small", text: "\(rows.count) 団体")
            w.fullEnd()
            if rows.isEmpty {
                w.element("p", ["class": "hint"], text: "ありません。")
            } else {
                // By prefecture; each name links to the municipality's page, at this item's evidence.
                w.start("dl")
                w.attribute("class", "names")
                var start = 0
                while start < rows.count {
                    let p = prefectureOfRow[rows[start]]
                    var end = start
                    while end < rows.count, prefectureOfRow[rows[end]] == p { end += 1 }
                    w.element("dt", text: prefectures.prefectures[p].name + " \(end - start)")
                    w.start("dd")
                    let toEvidence = status != .absent && status != .notInForce
                    for m in rows[start..<end] {
                        // ../m/11.html#m-112275, or #e-112275-<item id> for a cell with evidence.
                        w.start("a")
                        if toEvidence {
                            w.attribute("href", fragments.pageLinks[m], fragments.evidencePrefixes[m], fragments.itemIDs[i])
                        } else {
                            w.attribute("href", fragments.pageLinks[m], fragments.anchors[m])
                        }
                        w.text(matrix.municipalities[m].name)
                        w.fullEnd()
                        w.raw(" ")
                    }
                    w.fullEnd()
                    start = end
                }
                w.fullEnd()
            }
            w.fullEnd()
        }
        close(w, depth: depth)
    }
}
