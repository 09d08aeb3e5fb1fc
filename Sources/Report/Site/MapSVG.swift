import Compare
import JapanMap

/// The two maps of a site as inline SVG: every area a path coloured by the share of items its
/// plans name (in five classes of 20 points; grey where no plan is in the batch), with a
/// tooltip (`<title>`: name and shares) and a link to its page. The colour classes of every
/// group are on the path (`data-c`: the total's class, then each group's; `-` for no plan), so
/// the script recolours the map when another group is chosen; without it the map shows the
/// total. The credit the map data's licence asks for is printed under it.
extension Site {
    enum MapKind { case prefectures, municipalities }

    func mapSection(_ w: HTMLWriter, _ map: JapanMap, kind: MapKind, depth: Depth) {
        w.start("figure")
        w.attribute("class", kind == .prefectures ? "map small" : "map large")
        mapControls(w)
        w.start("svg")
        w.attribute("xmlns", "http://www.w3.org/2000/svg")
        w.attribute("viewBox", "0 0 \(map.width) \(map.height)")
        w.attribute("role", "img")
        w.attribute("aria-label", kind == .prefectures ? "都道府県別の記載率の地図" : "市区町村別の記載率の地図")
        for inset in map.insets {
            w.element("rect", ["class": "inset", "x": String(inset.x), "y": String(inset.y),
                               "width": String(inset.width), "height": String(inset.height)], full: false)
            w.start("text")
            w.attribute("class", kind == .prefectures ? "inset-label" : "inset-label large")
            w.attribute("x", String(inset.x + inset.width / 60 + 1))
            w.attribute("y", String(inset.y + map.height / (kind == .prefectures ? 50 : 70)))
            w.text(inset.label)
            w.fullEnd()
        }
        for area in map.areas {
            switch kind {
            case .prefectures: prefectureArea(w, area, depth: depth)
            case .municipalities: municipalityArea(w, area, depth: depth)
            }
        }
        w.fullEnd() // svg
        w.start("figcaption")
        colourLegend(w)
        w.start("p")
        w.attribute("class", "credit")
        w.text(JapanMap.credit + " ")
        w.element("a", ["href": JapanMap.licenseURL, "rel": "license"], text: "CC BY 4.0")
        w.fullEnd()
        w.fullEnd()
        w.fullEnd() // figure
    }

    /// The group whose shares colour the map; shown by the script.
    func mapControls(_ w: HTMLWriter) {
        w.start("form")
        w.attribute("class", "mapgroup")
        w.attribute("hidden", "hidden")
        w.start("label")
        w.text("色分け ")
        w.start("select")
        w.element("option", ["value": "0"], text: "合計（\(matrix.items.count) 項目）")
        for (g, group) in summary.groups.enumerated() {
            w.element("option", ["value": String(g + 1)], text: "\(group.name)（\(group.items.count) 項目）")
        }
        w.fullEnd()
        w.fullEnd()
        w.fullEnd()
    }

    func colourLegend(_ w: HTMLWriter) {
        w.start("ul")
        w.attribute("class", "scale")
        for (n, label) in ["0–19%", "20–39%", "40–59%", "60–79%", "80–100%"].enumerated() {
            w.start("li")
            w.start("span")
            w.attribute("class", "chip q\(n)")
            w.fullEnd()
            w.text(label)
            w.fullEnd()
        }
        w.start("li")
        w.element("span", ["class": "chip none"])
        w.text("計画なし")
        w.fullEnd()
        w.element("li", ["class": "what"], text: "記載率 = 掲載・言及のある項目 ÷ 項目数")
        w.fullEnd()
    }

    /// `data-c` and the tooltip's shares for counts per group and in total.
    func shades(_ counts: [ReportSummary.Counts], total: ReportSummary.Counts) -> (classes: String, shares: String) {
        var classes = String(Site.colourClass(total.percent))
        var shares = "合計 \(total.percent)%"
        for (g, group) in summary.groups.enumerated() {
            classes += String(Site.colourClass(counts[g].percent))
            shares += " ・ \(group.name) \(counts[g].percent)%"
        }
        return (classes, shares)
    }

    func prefectureArea(_ w: HTMLWriter, _ area: JapanMap.Area, depth: Depth) {
        guard let p = prefectures.prefectures.firstIndex(where: { $0.code == area.code }) else { return }
        let prefecture = prefectures.prefectures[p]
        w.start("a")
        w.attribute("href", prefectureLink(p, from: depth))
        w.start("path")
        let plans = "計画 \(prefecture.rows.count)/\(prefecture.registered.count) 団体"
        if prefecture.hasPlans {
            let (classes, shares) = shades(prefecture.counts, total: prefecture.total)
            w.attribute("class", "q\(classes.first!)")
            w.attribute("data-c", classes)
            w.attribute("d", generated: area.path)
            w.element("title", text: "\(area.name)（\(plans)）\n\(shares)")
        } else {
            w.attribute("class", "none")
            w.attribute("d", generated: area.path)
            w.element("title", text: "\(area.name)（計画なし）")
        }
        w.fullEnd()
        w.fullEnd()
    }

    func municipalityArea(_ w: HTMLWriter, _ area: JapanMap.Area, depth: Depth) {
        let label = "\(area.name)（\(area.prefecture)）"
        guard let m = rowByCode[area.code] else {
            // No plan in the batch: grey, linking to its prefecture's page (which lists it).
            let p = prefectures.prefectures.firstIndex { $0.code == area.prefectureCode }
            if let p, !area.isNorthernTerritory {
                w.start("a")
                w.attribute("href", prefectureLink(p, from: depth))
            }
            w.start("path")
            w.attribute("class", "none")
            w.attribute("d", generated: area.path)
            w.element("title", text: label + (area.isNorthernTerritory ? "（北方領土）" : "（計画なし）"))
            w.fullEnd()
            if p != nil, !area.isNorthernTerritory { w.fullEnd() }
            return
        }
        let (classes, shares) = shades(summary.groups.indices.map { counts(m, $0) }, total: counts(m, summary.groups.count))
        w.start("a")
        w.attribute("href", municipalityLink(m, from: depth))
        w.start("path")
        w.attribute("class", "q\(classes.first!)")
        w.attribute("data-c", classes)
        w.attribute("d", generated: area.path)
        w.element("title", text: "\(label)\n\(shares)")
        w.fullEnd()
        w.fullEnd()
    }
}
