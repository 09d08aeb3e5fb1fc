import Batch
import Foundation
import JapanMap
import Testing
@testable import Compare
@testable import Report

/// The HTML site of a batch larger than one page holds: the entry page and the folder named
/// after it, every page well-formed, every link inside the site leading to a page that exists,
/// every municipality reachable by name from the entry page and every cell's evidence one more
/// click away; written whole, replacing only a site plancov wrote.
@Suite(.serialized) struct HTMLSiteTests {
    /// The five corpus plans copied under 25 real codes of three prefectures (as bench.py's
    /// national corpus does for all 1,741), so the batch is past the one-page limit.
    static let matrix: CoverageMatrix = {
        let codes = ["011002", "012025", "012033", "012041", "012050", "012068", "012076", "012084", "012092",
                     "111007", "112011", "112038", "112089", "112097", "112101", "112119", "112127", "112143",
                     "462012", "462039", "462047", "462063", "462080", "462098", "462101"]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-site-corpus-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let plans = try! FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("corpus/plans").path).sorted()
        for (n, code) in codes.enumerated() {
            try! FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("corpus/plans/\(plans[n % plans.count])"),
                                              to: folder.appendingPathComponent("\(code).txt"))
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        return try! CoverageBatch(catalog: { try Catalog.bundled() }).run(paths: [folder.path]).matrix
    }()

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file of the folder, relative to it.
    func files(_ folder: URL) -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { !$0.hasSuffix("/") && !["m", "i", "p"].contains($0) }.sorted()
    }

    @Test func aMunicipalityPageSaysWhichListsItsPlanIsJudgedAgainst() throws {
        let matrix = Self.matrix
        let m = try #require(matrix.municipalities.firstIndex { $0.code == "012050" })
        let row = matrix.municipalities[m]
        // These copies carry no plan date (the corpus manifest has them): the lists of today.
        #expect(row.asOf == nil)
        let version = try #require(row.listVersion)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try ReportFormat.html.write(matrix, to: directory.appendingPathComponent("report.html").path)
        let page = try String(contentsOf: directory.appendingPathComponent("report/m/01.html"), encoding: .utf8)
        #expect(page.contains("<dt>判定日・一覧の版</dt><dd>\(version)</dd>"))
    }

    /// map.html with the map, and in a build without it a page that says so (the entry page
    /// links to map.html either way).
    @Test func theMapPageDrawsTheMapOrSaysThisBuildHasNone() throws {
        let site = Site(matrix: Self.matrix, entry: "report.html", folder: "report")
        func page(_ map: JapanMap?) -> String {
            let w = HTMLWriter()
            site.mapPage(w, map)
            return String(decoding: w.finish(), as: UTF8.self)
        }
        let drawn = page(try JapanMap.municipalities()), missing = page(nil)
        #expect(drawn.contains("<svg") && !drawn.contains("地図データが含まれていません"))
        #expect(!missing.contains("<svg") && missing.contains("この plancov には地図データが含まれていません"))
        #expect(missing.contains("<h1>市区町村地図</h1>"))
    }

    @Test func aLargeBatchIsASiteWhosePagesAreWellFormedAndWhoseLinksAllResolve() throws {
        let matrix = Self.matrix
        #expect(matrix.municipalities.count == 25 && matrix.municipalities.count > HTMLSite.singlePageLimit)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let entry = directory.appendingPathComponent("report.html")
        try ReportFormat.html.write(matrix, to: entry.path)
        let folder = directory.appendingPathComponent("report")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["report", "report.html"],
                "no temporary file or folder is left")
        let pages = files(folder).filter { $0.hasSuffix(".html") }
        // The municipalities share a page per prefecture (none has more than 20 plans here).
        let prefectureCodes = Set(matrix.municipalities.map { $0.prefectureCode!.prefix(2) })
        #expect(prefectureCodes.count >= 3)
        #expect(pages.filter { $0.hasPrefix("m/") } == prefectureCodes.sorted().map { "m/\($0).html" })
        #expect(pages.filter { $0.hasPrefix("i/") }.count == matrix.items.count)
        #expect(pages.filter { $0.hasPrefix("p/") }.count == 47, "every prefecture has a page, with plans or not")
        #expect(Set(["municipalities.html", "items.html", "map.html"]).isSubset(of: pages))

        // Every page is well-formed, and every relative link points at a file of the site (and
        // at an element of it when it names one).
        var ids = [String: Set<String>]()
        var links = [(page: String, href: String)]()
        for page in ["../report.html"] + pages {
            let url = folder.appendingPathComponent(page).standardizedFileURL
            let root = try XMLTree.parse(Data(contentsOf: url))
            var pageIDs = Set<String>()
            func walk(_ node: XMLTree.Node) {
                if let id = node.attributes["id"] { pageIDs.insert(id) }
                if node.name == "a", let href = node.attributes["href"], !href.hasPrefix("http") { links.append((url.path, href)) }
                node.children.forEach(walk)
            }
            walk(root)
            ids[url.path] = pageIDs
            #expect(root.all("script").allSatisfy { $0.attributes["src"]?.hasSuffix("site.js") == true }, "\(page): no inline or foreign script")
        }
        #expect(links.count > 25 * matrix.items.count, "item pages link to every plan, pages to every item")
        for (page, href) in links {
            let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let target = parts[0].isEmpty ? URL(fileURLWithPath: page)
                : URL(fileURLWithPath: page).deletingLastPathComponent().appendingPathComponent(parts[0].removingPercentEncoding!).standardizedFileURL
            #expect(FileManager.default.fileExists(atPath: target.path), "\(page) links to \(href)")
            if parts.count == 2, let targetIDs = ids[target.path] { #expect(targetIDs.contains(parts[1]), "\(page) links to \(href)") }
        }
    }

    @Test func theEntryPageNamesEveryPrefectureAndEveryMunicipalityAndEvidenceIsOneClickFurther() throws {
        let matrix = Self.matrix
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let entry = directory.appendingPathComponent("national.html")
        try ReportFormat.html.write(matrix, to: entry.path)
        let root = try XMLTree.parse(Data(contentsOf: entry))
        let anchors = root.all("a")
        // All 47 prefectures, on the map and in the table.
        let prefectureLinks = Set(anchors.compactMap { $0.attributes["href"] }.filter { $0.hasPrefix("national/p/") })
        #expect(prefectureLinks.count == 47)
        #expect(root.all("path").count == 47)
        #expect(root.all("p").contains { $0.attributes["class"] == "credit" && $0.text.contains("国土数値情報（行政区域データ）") })
        // Every municipality by name, linking to its section of its prefecture's page.
        for municipality in matrix.municipalities {
            let href = "national/m/\(municipality.code.prefix(2)).html#m-\(municipality.code)"
            #expect(anchors.contains { $0.text == municipality.name && $0.attributes["href"] == href }, "\(municipality.name)")
        }
        // In a municipality's section, every cell that is not absent opens its evidence.
        let m = try #require(matrix.municipalityIndex(matching: "011002"))
        let page = try XMLTree.parse(Data(contentsOf: directory.appendingPathComponent("national/m/01.html")))
        let sections = page.all("section").filter { $0.attributes["class"] == "municipality" }
        #expect(sections.count == matrix.municipalities.filter { $0.prefectureCode!.hasPrefix("01") }.count)
        let section = try #require(sections.first { $0.attributes["id"] == "m-011002" })
        let details = section.all("details")
        let expected = matrix.items.indices.filter { matrix.cell(m, $0).status != .absent }
        #expect(details.map { $0.attributes["id"] } == expected.map { HTMLReport.evidenceID(municipality: "011002", item: matrix.items[$0].id) })
        #expect(section.all("blockquote").count == expected.reduce(0) { $0 + matrix.cell(m, $1).evidence.count })
    }

    @Test func aSiteReplacesOnlyASitePlancovWroteAndASmallBatchRemovesIt() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let entry = directory.appendingPathComponent("report.html"), folder = directory.appendingPathComponent("report")
        // A folder of that name that is not a site is never replaced.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        #expect(throws: Error.self) { try ReportFormat.html.write(Self.matrix, to: entry.path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["report"])
        try FileManager.default.removeItem(at: folder)
        // A site replaces a site, leaving nothing else behind.
        try ReportFormat.html.write(Self.matrix, to: entry.path)
        try ReportFormat.html.write(Self.matrix, to: entry.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["report", "report.html"])
        // A small batch is one page, and the site beside it goes.
        try ReportFormat.html.write(CorpusMatrix.matrix, to: entry.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.html"])
        #expect(try String(contentsOf: entry, encoding: .utf8).contains("<table class=\"matrix\">"))
    }
}
