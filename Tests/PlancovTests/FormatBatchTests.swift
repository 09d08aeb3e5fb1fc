import Foundation
import Testing

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
