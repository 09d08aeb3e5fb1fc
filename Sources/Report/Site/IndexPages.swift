import Compare
import JapanMap

/// The pages that answer a question across the whole batch: the entry page (by prefecture),
/// the municipality table, the item table and the municipality map.
extension Site {
    // MARK: - Entry page: by prefecture

    func entryPage(_ w: HTMLWriter) {
        let depth = Depth.entry
        open(w, title: "自治体DX推進計画 網羅状況（全国） — \(matrix.catalog.name)", depth: depth, crumbs: [], current: "都道府県別")
        w.element("h1", text: "自治体DX推進計画 網羅状況（全国）")
        let withPlans = prefectures.prefectures.filter(\.hasPlans).count
        let registered = roster.map { " ・ 全国 \($0.municipalities.count) 市区町村" } ?? ""
        w.element("p", ["class": "meta"], text: "カタログ: \(matrix.catalog.name)（\(matrix.catalog.version)） ・ "
            + "計画のある団体 \(matrix.municipalities.count)\(registered) ・ \(withPlans) 都道府県 ・ \(matrix.items.count) 項目"
            + (matrix.errors.isEmpty ? "" : " ・ 読めなかったファイル \(matrix.errors.count) 件"))
        HTMLReport.legend(w)
        w.start("nav")
        w.attribute("class", "toc")
        for (target, label) in [("map", "都道府県地図"), ("prefectures", "都道府県別の集計"), ("names", "団体名から探す")] {
            w.element("a", ["href": "#\(target)"], text: label)
        }
        if !matrix.errors.isEmpty { w.element("a", ["href": "#errors"], text: "読めなかったファイル") }
        w.fullEnd()

        w.start("section")
        w.attribute("id", "map")
        w.element("h2", text: "都道府県地図")
        w.element("p", ["class": "hint"], text: "都道府県をクリックするとその都道府県のページへ。市区町村ごとの地図は「市区町村地図」にあります。")
        if let map = try? JapanMap.prefectures() { mapSection(w, map, kind: .prefectures, depth: depth) }
        w.fullEnd()

        w.start("section")
        w.attribute("id", "prefectures")
        w.element("h2", text: "都道府県別の集計")
        tableControls(w, table: "t-prefectures", placeholder: "都道府県名・コード")
        w.start("div")
        w.attribute("class", "scroll")
        w.start("table")
        w.attribute("id", "t-prefectures")
        w.attribute("class", "sortable list")
        w.start("thead")
        w.start("tr")
        w.element("th", ["scope": "col"], text: "都道府県")
        w.element("th", ["scope": "col", "class": "num"], text: "計画のある団体")
        groupHeaders(w)
        w.fullEnd()
        w.fullEnd()
        w.start("tbody")
        for (p, prefecture) in prefectures.prefectures.enumerated() {
            w.start("tr")
            w.attribute("data-k", "\(prefecture.code) \(prefecture.name)")
            w.start("th")
            w.attribute("scope", "row")
            w.attribute("data-v", prefecture.code.isEmpty ? "99" : prefecture.code)
            w.element("a", ["href": prefectureLink(p, from: depth)], text: prefecture.name)
            w.fullEnd()
            w.start("td")
            w.attribute("class", "num")
            w.attribute("data-v", String(prefecture.rows.count))
            w.text(prefecture.registered.isEmpty ? "\(prefecture.rows.count)" : "\(prefecture.rows.count) / \(prefecture.registered.count)")
            w.fullEnd()
            for counts in prefecture.counts { percentCell(w, counts, hasPlan: prefecture.hasPlans) }
            percentCell(w, prefecture.total, hasPlan: prefecture.hasPlans)
            w.fullEnd()
        }
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()

        // Every municipality with a plan, by name: one click to its page, from anywhere on this one.
        w.start("section")
        w.attribute("id", "names")
        w.element("h2", text: "団体名から探す")
        w.element("p", ["class": "hint"], text: "計画のある団体を都道府県ごとに。ページ内検索（Ctrl+F）でも探せます。表で探すには「団体一覧」へ。")
        w.start("dl")
        w.attribute("class", "names")
        for (p, prefecture) in prefectures.prefectures.enumerated() where prefecture.hasPlans {
            w.start("dt")
            w.element("a", ["href": prefectureLink(p, from: depth)], text: prefecture.name)
            w.fullEnd()
            w.start("dd")
            for m in prefecture.rows {
                w.element("a", ["href": municipalityLink(m, from: depth)], text: matrix.municipalities[m].name)
                w.text(" ")
            }
            w.fullEnd()
        }
        w.fullEnd()
        w.fullEnd()
        HTMLReport.errorsSection(w, matrix)
        close(w, depth: depth)
    }

    // MARK: - By municipality

    func municipalitiesPage(_ w: HTMLWriter) {
        let depth = Depth.folder
        open(w, title: "団体一覧 — 自治体DX推進計画 網羅状況", depth: depth,
             crumbs: [("全国", entryLink(depth)), ("団体一覧", nil)], current: "団体一覧")
        w.element("h1", text: "団体一覧")
        w.element("p", ["class": "meta"], text: "計画のある団体 \(matrix.municipalities.count) ・ 団体名をクリックすると項目ごとの状況と根拠のページへ。")
        tableControls(w, table: "t-municipalities", placeholder: "団体名・よみ・都道府県・コード")
        municipalityTable(w, id: "t-municipalities", rows: Array(matrix.municipalities.indices), depth: depth,
                          showPrefecture: true, unplanned: [])
        close(w, depth: depth)
    }

    /// The sortable table of municipalities: name, reading, prefecture, share per group.
    /// `unplanned` are 市区町村 without a plan in the batch, listed after, greyed.
    func municipalityTable(_ w: HTMLWriter, id: StaticString, rows: [Int], depth: Depth, showPrefecture: Bool,
                           unplanned: [Roster.Municipality]) {
        w.start("div")
        w.attribute("class", "scroll")
        w.start("table")
        w.attribute("id", String(describing: id))
        w.attribute("class", "sortable list")
        w.start("thead")
        w.start("tr")
        w.element("th", ["scope": "col"], text: "団体")
        w.element("th", ["scope": "col"], text: "よみ")
        if showPrefecture { w.element("th", ["scope": "col"], text: "都道府県") }
        groupHeaders(w)
        w.fullEnd()
        w.fullEnd()
        w.start("tbody")
        let groups = summary.groups.count
        for m in rows {
            let municipality = matrix.municipalities[m]
            w.start("tr")
            w.attribute("data-k", "\(municipality.name) \(municipality.kana ?? "") \(municipality.prefecture ?? "") \(municipality.code)")
            w.start("th")
            w.attribute("scope", "row")
            w.attribute("data-v", municipality.code)
            w.element("a", ["href": municipalityLink(m, from: depth)], text: municipality.name)
            w.fullEnd()
            w.element("td", ["class": "kana"], text: municipality.kana ?? "")
            if showPrefecture {
                w.start("td")
                w.attribute("data-v", prefectures.prefectures[prefectureOfRow[m]].code)
                w.element("a", ["href": prefectureLink(prefectureOfRow[m], from: depth)], text: municipality.prefecture ?? PrefectureSummary.unknownName)
                w.fullEnd()
            }
            for g in 0...groups { percentCell(w, counts(m, g)) }
            w.fullEnd()
        }
        for municipality in unplanned {
            w.start("tr")
            w.attribute("class", "unplanned")
            w.attribute("data-k", "\(municipality.name) \(municipality.code)")
            w.start("th")
            w.attribute("scope", "row")
            w.attribute("data-v", municipality.code)
            w.text(municipality.name)
            w.fullEnd()
            w.element("td", ["class": "kana"], text: "計画なし")
            if showPrefecture { w.element("td", text: "") }
            for _ in 0...groups { percentCell(w, .init(), hasPlan: false) }
            w.fullEnd()
        }
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
    }

    // MARK: - By item

    func itemsPage(_ w: HTMLWriter) {
        let depth = Depth.folder
        open(w, title: "項目別 — 自治体DX推進計画 網羅状況", depth: depth,
             crumbs: [("全国", entryLink(depth)), ("項目別", nil)], current: "項目別")
        w.element("h1", text: "項目別")
        w.element("p", ["class": "meta"], text: "\(matrix.items.count) 項目 ・ 計画 \(matrix.municipalities.count) 件 ・ 項目名をクリックすると、掲載・言及・一括言及・記載なしの団体の一覧へ。")
        tableControls(w, table: "t-items", placeholder: "項目名・ID・グループ")
        w.start("div")
        w.attribute("class", "scroll")
        w.start("table")
        w.attribute("id", "t-items")
        w.attribute("class", "sortable list")
        w.start("thead")
        w.start("tr")
        for label in ["グループ", "項目", "ID"] { w.element("th", ["scope": "col"], text: label) }
        for status in CellStatus.allCases {
            w.start("th")
            w.attribute("scope", "col")
            w.attribute("class", "num")
            w.element("span", ["class": "swatch s-\(status.rawValue)"], text: status.symbol)
            w.text(status.japanese)
            w.fullEnd()
        }
        w.element("th", ["scope": "col", "class": "num"], text: "記載率")
        w.fullEnd()
        w.fullEnd()
        w.start("tbody")
        for group in summary.groups {
            for i in group.items {
                let item = matrix.items[i]
                var counts = ReportSummary.Counts()
                for m in matrix.municipalities.indices { counts.add(matrix.status(m, i)) }
                w.start("tr")
                w.attribute("data-k", "\(item.name) \(item.id) \(item.group)")
                w.element("td", text: item.group)
                w.start("th")
                w.attribute("scope", "row")
                w.element("a", ["href": itemLink(i, from: depth)], text: item.name)
                w.fullEnd()
                w.element("td", ["class": "id"], text: item.id)
                for status in CellStatus.allCases {
                    w.element("td", ["class": "num", "data-v": String(counts[status])], text: String(counts[status]))
                }
                percentCell(w, counts)
                w.fullEnd()
            }
        }
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
        close(w, depth: depth)
    }

    // MARK: - The municipality map

    /// The map of the 市区町村; nil in a build without the map, whose page says so (the entry
    /// page links to it all the same).
    func mapPage(_ w: HTMLWriter, _ map: JapanMap?) {
        let depth = Depth.folder
        open(w, title: "市区町村地図 — 自治体DX推進計画 網羅状況", depth: depth,
             crumbs: [("全国", entryLink(depth)), ("市区町村地図", nil)], current: "市区町村地図")
        w.element("h1", text: "市区町村地図")
        if let map {
            w.element("p", ["class": "meta"], text: "全国 \(roster?.municipalities.count ?? map.areas.count) 市区町村 ・ 計画のある団体 \(matrix.municipalities.count) ・ 団体をクリックするとそのページへ（計画のない団体は都道府県のページへ）。拡大して見てください。")
            mapSection(w, map, kind: .municipalities, depth: depth)
        } else {
            w.element("p", ["class": "meta"], text: "この plancov には地図データが含まれていません。団体は「団体一覧」から探せます。")
        }
        close(w, depth: depth)
    }
}
