import Foundation
import Testing

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
