import Foundation
import Testing

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
