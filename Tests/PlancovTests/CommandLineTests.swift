import Foundation
import Testing

/// End-to-end: the built `plancov` binary run as a user runs it, on the bundled corpus.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct Run {
    let status: Int32
    let stdout: Data
    let stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

func plancovBinary() throws -> URL {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL,
        Bundle.main.bundleURL.deletingLastPathComponent(),
    ].map { $0.appendingPathComponent("plancov") }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "plancov binary not found next to the tests: \(candidates)"])
    }
    return found
}

func plancov(_ arguments: String..., in directory: URL = repositoryRoot, environment: [String: String] = [:]) throws -> Run {
    try run(try plancovBinary(), arguments, in: directory, environment: environment)
}

/// The `XDG_CACHE_HOME` of every binary the tests run: one folder per test process.
let testCacheHome = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-tests-cache-\(getpid())").path

/// Runs `executable` and collects its exit status and output.
func run(_ executable: URL, _ arguments: [String], in directory: URL = repositoryRoot, environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    // PDF extractions are cached in a folder of this test run, never in the user's own cache.
    process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CACHE_HOME": testCacheHome]) { _, new in new }
        .merging(environment) { _, new in new }
    // Output goes to files, not pipes: a large report can never block the child.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    let stdout = try Data(contentsOf: outURL), stderr = try Data(contentsOf: errURL)
    return Run(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
}

func temporaryDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-\(name)-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func json(_ data: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

func cellStatus(_ report: [String: Any], _ municipality: String, _ item: String) -> String? {
    (report["cells"] as? [[String: Any]])?.first { $0["municipality"] as? String == municipality && $0["item"] as? String == item }?["status"] as? String
}

struct CompareCommandTests {
    @Test func comparesTheBundledCorpusByDefault() throws {
        let run = try plancov("compare", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let report = try json(run.stdout)
        #expect(report["schema"] as? String == "plancov.coverage/1")
        let codes = (report["municipalities"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes == ["012165", "112275", "112305", "132039", "462250"])
        #expect(cellStatus(report, "112275", "system.family-register-attachment") != "absent")
        #expect(cellStatus(report, "112275", "procedure.hisai.01") == "absent")
        #expect(cellStatus(report, "132039", "system.family-register") == "group")
        #expect((report["errors"] as? [Any])?.isEmpty == true)
        #expect(run.stderr.contains("5 municipalities, 78 items, 5 files read, 0 failed"))
    }

    @Test func aBadFileGetsOneErrorLineAndTheBatchGoesOn() throws {
        let directory = try temporaryDirectory("batch")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("corpus/plans/112275_asaka.txt"),
                                         to: directory.appendingPathComponent("112275_asaka.txt"))
        try Data([0x00, 0x01, 0x02, 0xFF, 0x00, 0x9C]).write(to: directory.appendingPathComponent("999999_broken.txt"))
        try Data("%PDF-1.4\n".utf8).write(to: directory.appendingPathComponent("scan.pdf"))
        let run = try plancov("compare", directory.path, "--format", "json")
        #expect(run.status == 2)
        let errorLines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("plancov: /") }
        #expect(errorLines.count == 2)
        #expect(errorLines.contains { $0.hasSuffix("999999_broken.txt: is not text: NUL byte at byte 0") })
        #expect(errorLines.contains { $0.contains("scan.pdf: is not a readable PDF") })
        let report = try json(run.stdout)
        #expect((report["errors"] as? [[String: Any]])?.count == 2)
        #expect((report["municipalities"] as? [[String: Any]])?.map { $0["code"] as? String } == ["112275"])
        #expect(cellStatus(report, "112275", "procedure.kosodate.15") == "listed")
    }

    @Test func severalOutputsInOneRunAgreeAndAreWrittenAtomically() throws {
        let directory = try temporaryDirectory("outputs")
        defer { try? FileManager.default.removeItem(at: directory) }
        let jsonPath = directory.appendingPathComponent("coverage.json").path
        let csvPath = directory.appendingPathComponent("coverage.csv").path
        let mdPath = directory.appendingPathComponent("coverage.md").path
        let run = try plancov("compare", "corpus", "--out", jsonPath, "--out", csvPath, "--out", mdPath)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["coverage.csv", "coverage.json", "coverage.md"],
                "no temporary files are left behind")
        let report = try json(Data(contentsOf: URL(fileURLWithPath: jsonPath)))
        let csv = try #require(String(data: Data(contentsOf: URL(fileURLWithPath: csvPath)).dropFirst(3), encoding: .utf8))
        let asakaRow = try #require(csv.components(separatedBy: "\r\n").first { $0.hasPrefix("procedure.kaigo.04,") })
        // Columns: 芦別, 朝霞, 新座, 武蔵野, 姶良.
        #expect(asakaRow.hasSuffix(",listed,listed,listed,absent,listed"))
        #expect(cellStatus(report, "132039", "procedure.kaigo.04") == "absent")
        #expect(try String(contentsOfFile: mdPath, encoding: .utf8).hasPrefix("# plancov coverage"))
        // The JSON file is written part by part, stdout gets the joined report: the same bytes.
        let stdout = try plancov("compare", "corpus", "--format", "json")
        #expect(try Data(contentsOf: URL(fileURLWithPath: jsonPath)) == stdout.stdout)
    }

    /// `--out` naming a pipe (or a device such as /dev/null) writes into it; renaming a
    /// temporary file over it would replace the pipe itself. A link to a file stays a link.
    @Test func outputToAPipeOrThroughALinkLeavesThemInPlace() throws {
        let directory = try temporaryDirectory("special-outputs")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipe = directory.appendingPathComponent("report.pipe").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let received = DataBox()
        let reader = Thread {
            if let handle = FileHandle(forReadingAtPath: pipe) { received.data = handle.readDataToEndOfFile() }
            received.done.signal()
        }
        reader.start()
        let run = try plancov("compare", "corpus", "--out", pipe, "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(received.done.wait(timeout: .now() + 30) == .success)
        #expect(try json(received.data)["schema"] as? String == "plancov.coverage/1")
        var info = stat()
        #expect(lstat(pipe, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "still a pipe")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.pipe"], "no temporary file")

        let target = directory.appendingPathComponent("kept.csv").path
        let link = directory.appendingPathComponent("latest.csv").path
        try "old".write(toFile: target, atomically: true, encoding: .utf8)
        #expect(symlink(target, link) == 0)
        #expect(try plancov("compare", "corpus", "--out", link).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target, "still a link")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("procedure.kaigo.04"))
    }

    final class DataBox: @unchecked Sendable {
        var data = Data()
        let done = DispatchSemaphore(value: 0)
    }

    @Test func theSameInputsGiveTheSameBytesWhateverTheThreads() throws {
        let one = try plancov("compare", "--format", "json", "--jobs", "1")
        let many = try plancov("compare", "--format", "json", "--jobs", "4")
        #expect(one.status == 0 && many.status == 0)
        #expect(one.stdout == many.stdout)
    }

    @Test func theTableHasNoColourWhenNotATerminal() throws {
        let run = try plancov("compare")
        #expect(run.status == 0)
        #expect(run.text.contains("● listed (掲載)"))
        #expect(!run.text.contains("\u{1B}["))
    }

    @Test func badUsageExitsOneWithAMessage() throws {
        let unknown = try plancov("compare", "--no-such-option")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("Unknown option '--no-such-option'"))
        let badOut = try plancov("compare", "--out", "/tmp/report.xyz")
        #expect(badOut.status == 1)
        #expect(badOut.stderr.contains("cannot tell the format from the extension"))
    }

    @Test func helpUsesTheOfficialJapaneseTerms() throws {
        let run = try plancov("compare", "--help")
        #expect(run.status == 0)
        #expect(run.text.contains("標準化対象20業務"))
        #expect(run.text.contains("子育て・介護26手続"))
    }
}

struct MissingCommandTests {
    @Test func listsTheItemsAPlanDoesNotName() throws {
        let run = try plancov("missing", "--municipality", "朝霞市", "--group", "被災者支援（優先手続）")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.hasPrefix("朝霞市 (112275): 7 of 7 items not named"))
        #expect(run.text.contains("・ 応急仮設住宅の入居申請"))
    }

    @Test func marksItemsReferredToOnlyAsAGroup() throws {
        let run = try plancov("missing", "--municipality", "132039", "--format", "json")
        #expect(run.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]])
        let missing = try #require(entries.first?["missing"] as? [[String: Any]])
        #expect(missing.count == 78)
        #expect(missing.filter { $0["status"] as? String == "group" }.count == 20)
    }

    @Test func anUnknownMunicipalityOrGroupIsAUsageError() throws {
        let municipality = try plancov("missing", "--municipality", "札幌市")
        #expect(municipality.status == 1)
        #expect(municipality.stderr.contains("no plan of 札幌市 among the inputs"))
        let group = try plancov("missing", "--group", "税")
        #expect(group.status == 1)
        #expect(group.stderr.contains("unknown group 税"))
    }
}

struct CatalogCommandTests {
    @Test func theBundledCatalogChecksClean() throws {
        let run = try plancov("catalog", "check")
        #expect(run.status == 0)
        #expect(run.text.contains("78 items (標準化対象20業務 20, 子育て 15, 介護 11, 被災者支援 1, 自動車保有 4, 引越し 1, "
                                  + "被災者支援（優先手続） 7, その他 19), 0 errors, 0 warnings"))
    }

    @Test func aCatalogWithDuplicateIdsFailsCheckAndCompare() throws {
        let directory = try temporaryDirectory("catalog")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dup.yaml").path
        try """
        name: dup
        items:
          - {id: a, name: 戸籍, category: system, group: g}
          - {id: a, name: 就学, category: system, group: g}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try plancov("catalog", "check", path)
        #expect(check.status == 1)
        #expect(check.text.contains("error: duplicate id a"))
        let compare = try plancov("compare", "--catalog", path)
        #expect(compare.status == 1)
        #expect(compare.stderr.contains("duplicate id a"))
    }

    /// Issue 22: every item of `catalog list --format json` has a source.
    @Test func listAsJSONGivesEveryItemASource() throws {
        let run = try plancov("catalog", "list", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let listing = try json(run.stdout)
        #expect(listing["schema"] as? String == "plancov.catalog/1")
        let items = try #require(listing["items"] as? [[String: Any]])
        #expect(items.count == 78)
        let sources = items.compactMap { $0["source"] as? [String: Any] }
        #expect(sources.count == items.count)
        #expect(sources.allSatisfy { ($0["document"] as? String) != nil && ($0["section"] as? String) != nil })
    }

    @Test func listShowsSourcesAndWhatIsNotYetInForce() throws {
        let run = try plancov("catalog", "list")
        #expect(run.status == 0)
        #expect(run.text.components(separatedBy: "\n").filter { $0.hasPrefix("      出典 source: ") }.count == 78)
        #expect(run.text.contains("  procedure.jidosha.03  自動車税住所変更届\n"))
        #expect(run.text.contains("      = 戸籍附票  (seen: 南国市 施政方針 第446回 令和8年2月 (L))"))
        #expect(!run.text.contains("not yet in force"))
        let asOf = try plancov("catalog", "list", "--as-of", "令和3年4月")
        #expect(asOf.text.contains("as of 2021-04-01: 標準化対象17業務（当初の一覧）"))
        #expect(asOf.text.components(separatedBy: "(not yet in force)").count - 1 == 3)
        #expect(asOf.text.contains("  system.seal-registration  印鑑登録  [since 2022-01]  (not yet in force)"))
        let bad = try plancov("catalog", "list", "--as-of", "そのうち")
        #expect(bad.status == 1 && bad.stderr.contains("--as-of そのうち is not a date"))
    }

    /// A user's catalog without sources still checks: a warning, exit 0.
    @Test func aCatalogWithoutSourcesChecksWithAWarning() throws {
        let directory = try temporaryDirectory("nosource")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("mine.yaml").path
        try "name: mine\nitems:\n  - {id: a, name: 戸籍, category: system, group: g}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try plancov("catalog", "check", path)
        #expect(run.status == 0)
        #expect(run.text.contains("warning: 1 of 1 items cite no source (a)"))
        #expect(run.text.contains("1 items (), 0 errors, 1 warnings"))
    }

    @Test func aCatalogThatIsNotYAMLIsRefused() throws {
        let directory = try temporaryDirectory("notyaml")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.yaml").path
        try "items: [\n  {id: ".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try plancov("catalog", "check", path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.yaml"))
    }
}

/// `--as-of`: every row judged against the lists of one date.
struct AsOfTests {
    @Test func theListsOfAnEarlierDateMakeTheThreeLaterSystemsNotInForce() throws {
        let run = try plancov("compare", "--as-of", "令和3年4月", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let report = try json(run.stdout)
        let rows = report["municipalities"] as? [[String: Any]] ?? []
        #expect(rows.allSatisfy { $0["as_of"] as? String == "2021-04-01" && $0["list_version"] as? String == "標準化対象17業務（当初の一覧）" })
        // 武蔵野市 refers to the systems only as 20業務: in 2021 that meant the first 17.
        #expect(cellStatus(report, "132039", "system.family-register") == "not-in-force")
        #expect(cellStatus(report, "132039", "system.resident-register") == "group")
        let plain = try json(try plancov("compare", "--format", "json").stdout)
        #expect(cellStatus(plain, "132039", "system.family-register") == "group", "its own date, 令和4年2月, has the 20")
    }

    @Test func aDateThatIsNoDateIsAUsageError() throws {
        let run = try plancov("compare", "--as-of", "someday")
        #expect(run.status == 1 && run.stderr.contains("--as-of: \"someday\" is not a date"), "\(run.stderr)")
    }
}

struct ShowCommandTests {
    @Test func printsTheOutlineWithTopicsAndTheMentionsPerSection() throws {
        let run = try plancov("show", "芦別")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "芦別市 (012165) 北海道 — corpus/plans/012165_ashibetsu.txt")
        #expect(lines.contains { $0.hasPrefix("L14  –46   目次  [table of contents]") })
        #expect(lines.contains { $0.hasSuffix("(1) 自治体情報システムの標準化・共通化  [system]") })
        #expect(lines.contains { $0.contains("· L252 戸籍  [exact, listed]") })
        #expect(lines.contains { $0.contains("· L283 児童手当  [exact, mentioned]") })
        #expect(lines.contains { $0.hasPrefix("L363 –423  付録 2 地方公共団体が優先的にオンライン化を推進すべき手続  [procedure]") })
    }

    /// A collective reference is shown where it stands, with the status it gives (`group`),
    /// as the matrix counts it.
    @Test func showsWhereThePlanRefersToAWholeGroup() throws {
        let run = try plancov("show", "芦別")
        #expect(run.text.contains("· L252 17業務 → 標準化対象20業務  [group]"), "\(run.text)")
    }

    @Test func aPlanFileCanBeShownByItsPath() throws {
        let run = try plancov("show", "corpus/plans/112275_asaka.txt")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.hasPrefix("朝霞市 (112275) 埼玉県 — corpus/plans/112275_asaka.txt\n"), "\(run.text.prefix(200))")
        #expect(run.text.contains("[exact, listed]"))
    }

    /// One municipality rule for every command: a query that could mean several plans names them.
    @Test func anAmbiguousQueryNamesTheCandidates() throws {
        for arguments in [["show", "11"], ["missing", "--municipality", "11"]] {
            let result = try run(try plancovBinary(), arguments)
            #expect(result.status == 1)
            #expect(result.stderr.contains("11 could be any of 朝霞市 (112275), 新座市 (112305)"), "\(result.stderr)")
        }
    }

    @Test func anUnknownPlanIsAUsageError() throws {
        let run = try plancov("show", "札幌")
        #expect(run.status == 1)
        #expect(run.stderr.contains("no plan of 札幌 among the inputs"))
    }
}

/// A folder of whatever a user downloaded: plans in every format next to hostile files.
struct FormatBatchTests {
    @Test func hostileFilesEachGetTheirErrorAndTheGoodFormsAreReported() throws {
        let run = try plancov("compare", "Tests/Fixtures/formats", "--format", "json")
        #expect(run.status == 2, "some inputs could not be read")
        let report = try json(run.stdout)
        let codes = (report["municipalities"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes?.contains("112275") == true && codes?.contains("012165") == true)
        let documents = (report["municipalities"] as? [[String: Any]])?.first { $0["code"] as? String == "112275" }?["documents"] as? [String]
        #expect(documents?.count == 6, "html, sjis.html, docx, odt, pdf, xlsx: \(documents ?? [])")
        #expect(cellStatus(report, "112275", "procedure.kosodate.10") == "listed")
        #expect(cellStatus(report, "012165", "procedure.hisai.01") == "listed")
        let errors = Dictionary(uniqueKeysWithValues: (report["errors"] as? [[String: Any]] ?? []).compactMap { entry -> (String, String)? in
            guard let document = entry["document"] as? String, let message = entry["message"] as? String else { return nil }
            return ((document as NSString).lastPathComponent, message)
        })
        let expected = [
            "billion-laughs.xml": "billion laughs",
            "billion-laughs.docx": "billion laughs",
            "external-entity.docx": "file:///etc/passwd",
            "zip-bomb.docx": "zip bomb",
            "truncated.docx": "truncated",
            "error-page.pdf": "not the PDF its name says",
            "truncated.pdf": "not a readable PDF",
            "scan.pdf": "probably a scan",
        ]
        #expect(Set(errors.keys) == Set(expected.keys))
        for (file, words) in expected {
            #expect(errors[file]?.contains(words) == true, "\(file): \(errors[file] ?? "no error")")
            #expect(run.stderr.contains("hostile/\(file): "), "one stderr line names \(file)")
        }
        #expect(!run.text.contains("root:x:0:0"), "no external entity was ever loaded")
    }

    @Test func aMissingMutoolSaysHowToInstallIt() throws {
        let run = try plancov("compare", "Tests/Fixtures/formats/112275_asaka.pdf", "--format", "json", "--no-cache", environment: ["PATH": "/nonexistent"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("112275_asaka.pdf: needs `mutool`, which is not installed: apt-get install mupdf-tools"))
    }

    @Test func evidenceCarriesTheLocationInTheJSON() throws {
        let run = try plancov("compare", "Tests/Fixtures/formats/112275_asaka.docx", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let report = try json(run.stdout)
        let cell = (report["cells"] as? [[String: Any]])?.first { $0["item"] as? String == "procedure.kosodate.10" }
        let evidence = (cell?["evidence"] as? [[String: Any]])?.first
        #expect((evidence?["location"] as? String)?.hasPrefix("p ") == true)
    }
}

struct ReportFileTests {
    @Test func writesTheHTMLPageAndTheWorkbookInOneRun() throws {
        let directory = try temporaryDirectory("html-xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = directory.appendingPathComponent("a.html"), xlsx = directory.appendingPathComponent("b.xlsx")
        let run = try plancov("compare", "corpus", "--out", html.path, "--out", xlsx.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("wrote \(html.path) (html)") && run.stderr.contains("wrote \(xlsx.path) (xlsx)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["a.html", "b.xlsx"])
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"ja\">"))
        #expect(page.contains("朝霞市") && page.contains("<details id=\"e-112275-procedure.kosodate.10\">"))
        let workbook = try Data(contentsOf: xlsx)
        #expect(workbook.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        // The same run writes the same workbook.
        let again = try plancov("compare", "corpus", "--format", "xlsx")
        #expect(again.stdout == workbook)
    }

    @Test func htmlAndXlsxAreFormatsTooAndAnUnknownExtensionIsAUsageError() throws {
        let page = try plancov("compare", "corpus", "--format", "html")
        #expect(page.status == 0)
        #expect(page.text.contains("網羅状況マトリクス"))
        let unknown = try plancov("compare", "corpus", "--out", "report.docx")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains(".html, .xlsx"))
    }
}
