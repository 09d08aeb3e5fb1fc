import Foundation
import Testing
@testable import Compare
import Ingest

/// One test per reading rule of `PlanDate` (see its documentation), named after the rule.
struct PlanDateTests {
    func read(_ text: String) -> String? { PlanDate.parse(text).map { "\($0.first)…\($0.last) \($0.precision.rawValue)" } }

    @Test func widthAndSpacing() {
        #expect(read("令和４年３月") == "2022-03-01…2022-03-31 month")
        #expect(read("令和 4 年 3 月") == "2022-03-01…2022-03-31 month")
        #expect(read("  令和4年3月\u{3000}") == "2022-03-01…2022-03-31 month")
        #expect(read("２０２２／３／１") == "2022-03-01…2022-03-01 day")
        #expect(read("㋿4年3月") == "2022-03-01…2022-03-31 month", "the square era sign of 令和")
        #expect(read("㍻31年4月") == "2019-04-01…2019-04-30 month")
    }

    @Test func kanjiNumerals() {
        #expect(read("令和四年三月") == "2022-03-01…2022-03-31 month")
        #expect(read("二〇二二年十月") == "2022-10-01…2022-10-31 month")
        #expect(read("令和三年十二月二十五日") == "2021-12-25…2021-12-25 day")
        #expect(read("平成三十一年四月") == "2019-04-01…2019-04-30 month")
        // A run too long for a year is no date, and no overflow (plans are hostile input).
        #expect(read("令和" + String(repeating: "九", count: 40) + "年") == nil)
        #expect(read(String(repeating: "十", count: 40) + "年") == nil)
    }

    @Test func eraYears() {
        #expect(read("令和4年") == "2022-01-01…2022-12-31 year")
        #expect(read("令和元年5月") == "2019-05-01…2019-05-31 month")
        #expect(read("平成31年4月") == "2019-04-01…2019-04-30 month")
        #expect(read("昭和64年1月") == "1989-01-01…1989-01-31 month")
        // Arithmetic, past the era's end: as printed before the change of era.
        #expect(read("平成32年度") == "2020-04-01…2021-03-31 fiscal-year")
        #expect(read("令和0年") == nil)
        #expect(read("大正10年") == nil, "eras before 昭和 are not read")
    }

    @Test func eraAbbreviations() {
        #expect(read("R4.3") == "2022-03-01…2022-03-31 month")
        #expect(read("R4.3.15") == "2022-03-15…2022-03-15 day")
        #expect(read("H31.4") == "2019-04-01…2019-04-30 month")
        #expect(read("r4/3") == "2022-03-01…2022-03-31 month")
        #expect(read("R4年3月") == "2022-03-01…2022-03-31 month")
        #expect(read("R3年度") == "2021-04-01…2022-03-31 fiscal-year")
        #expect(read("R4") == "2022-01-01…2022-12-31 year")
    }

    @Test func westernDates() {
        #expect(read("2022年3月") == "2022-03-01…2022-03-31 month")
        #expect(read("2022年3月1日") == "2022-03-01…2022-03-01 day")
        #expect(read("2022-03") == "2022-03-01…2022-03-31 month")
        #expect(read("2020-12-25") == "2020-12-25…2020-12-25 day")
        #expect(read("2022.3") == "2022-03-01…2022-03-31 month")
        #expect(read("2022") == "2022-01-01…2022-12-31 year")
        #expect(read("22年3月") == nil, "a two-digit year names no era")
    }

    @Test func bothCalendarsMustAgree() {
        #expect(read("2022（令和4）年3月") == "2022-03-01…2022-03-31 month")
        #expect(read("令和4（2022）年") == "2022-01-01…2022-12-31 year")
        #expect(read("令和4年(2022年)3月") == "2022-03-01…2022-03-31 month")
        #expect(read("2022（令和4）年度") == "2022-04-01…2023-03-31 fiscal-year")
        #expect(read("2022（令和5）年3月") == nil)
        #expect(read("令和4（2021）年") == nil)
    }

    @Test func precisionIsTheSpanTheDateStandsFor() throws {
        let day = try #require(PlanDate.parse("令和4年2月28日"))
        #expect(day.precision == .day && day.first == day.last)
        let month = try #require(PlanDate.parse("2024年2月"))
        #expect(month.last.description == "2024-02-29", "a leap year's February")
        let year = try #require(PlanDate.parse("令和4年"))
        #expect((year.first.description, year.last.description) == ("2022-01-01", "2022-12-31"))
        #expect(PlanDate.parse("令和4年2月30日") == nil)
        #expect(PlanDate.parse("2022年13月") == nil)
        #expect(PlanDate.parse("2022-00") == nil)
        #expect(PlanDate.parse("9999年度") == nil, "a fiscal year ending past 9999")
        #expect(PlanDate.parse("9998年度")?.last.description == "9999-03-31")
        #expect([day, month, year].map(\.description) == ["2022-02-28", "2024-02", "2022"])
    }

    @Test func fiscalYearRunsFromAprilToMarch() throws {
        let fiscal = try #require(PlanDate.parse("令和３年度"))
        #expect(fiscal.precision == .fiscalYear)
        #expect((fiscal.first.description, fiscal.last.description) == ("2021-04-01", "2022-03-31"))
        #expect(PlanDate.parse("2021年度")?.first == fiscal.first)
        #expect(fiscal.description == "2021年度")
    }

    @Test func judgedAtTheFirstDay() throws {
        #expect(try #require(PlanDate.parse("令和4年")).judgedAt.description == "2022-01-01")
        #expect(try #require(PlanDate.parse("令和3年度")).judgedAt.description == "2021-04-01")
        #expect(try #require(PlanDate.parse("令和4年3月")).judgedAt.description == "2022-03-01")
        #expect(try #require(PlanDate.parse("令和4年3月15日")).judgedAt.description == "2022-03-15")
    }

    @Test func wholeTextOnly() {
        #expect(read("令和4年3月策定") == "2022-03-01…2022-03-31 month")
        #expect(read("令和4年3月 改定") == "2022-03-01…2022-03-31 month")
        #expect(read("令和4年度版") == "2022-04-01…2023-03-31 fiscal-year")
        #expect(read("令和4年5月現在") == "2022-05-01…2022-05-31 month")
        #expect(read("2022（令和4）年度 - 2025（令和7）年度") == nil, "a period is no date")
        #expect(read("令和4年度〜令和7年度") == nil)
        #expect(read("令和4年3月に策定した計画") == nil)
        #expect(read("第2版") == nil)
        #expect(read("") == nil)
    }

    /// The date on a title page: the first line that is a date and nothing else, before the
    /// table of contents.
    @Test func titlePage() throws {
        func document(_ text: String) -> Document {
            var document = Document(path: "plan.txt", format: .text, encoding: "UTF-8", scalars: text.unicodeScalars.map(\.value))
            let outline = OutlineParser.parse(document.scalars, lineStarts: document.lineStarts)
            document.outline = outline.headings
            return document
        }
        let ashibetsu = document("# 芦別市 DX推進方針\n\n2022（令和4）年度 - 2025（令和7）年度\n\n2022（令和4）年3月\n\n★**芦別市**\n")
        #expect(PlanDate.onTitlePage(of: ashibetsu)?.description == "2022-03")
        #expect(PlanDate.onTitlePage(of: document("**令和4年10月**\n本文")).map(\.text) == "令和4年10月")
        // Every form a date line takes gets past the quick test of its characters.
        for line in ["㋿4年3月", "令和４年３月策定", "R4.3", "２０２２／３", "2022（令和4）年3月現在", "令和元年5月"] {
            #expect(PlanDate.onTitlePage(of: document("計画\n\(line)\n本文")) != nil, "\(line)")
        }
        #expect(PlanDate.onTitlePage(of: document("計画\n\n令和3年4月に策定した前計画を改定する。\n")) == nil)
        let late = String(repeating: "本文の行\n", count: PlanDate.titlePageLines) + "令和4年3月\n"
        #expect(PlanDate.onTitlePage(of: document(String(repeating: " ", count: 100_000) + "令和4年3月\n")) == nil, "a long line is no date line")
        #expect(PlanDate.onTitlePage(of: document(late)) == nil, "past the title page")
    }

    @Test(arguments: [("112275_asaka.txt", "令和4年10月"), ("132039_musashino.txt", "令和4年2月"),
                      ("012165_ashibetsu.txt", "2022（令和4）年3月"), ("112305_niiza.txt", nil), ("462250_aira.txt", nil)])
    func titlePagesOfTheBundledPlans(file: String, expected: String?) throws {
        let document = try DocumentReader().read(path: repositoryRoot.appendingPathComponent("corpus/plans/\(file)").path)
        #expect(PlanDate.onTitlePage(of: document)?.text == expected)
    }

    /// The manifest's date first (新座市's 令和4年 has none on its title page), else the title page's.
    @Test func manifestFirstThenTitlePage() throws {
        let asaka = try DocumentReader().read(path: repositoryRoot.appendingPathComponent("corpus/plans/112275_asaka.txt").path)
        let fromManifest = try #require(PlanDate.of(manifestDate: "令和4年", document: asaka))
        #expect(fromManifest.origin == .manifest && fromManifest.date.precision == .year)
        let fromTitle = try #require(PlanDate.of(manifestDate: nil, document: asaka))
        #expect(fromTitle.origin == .titlePage && fromTitle.date.description == "2022-10")
        let unreadable = try #require(PlanDate.of(manifestDate: "近日公開", document: asaka))
        #expect(unreadable.origin == .titlePage)
    }

    @Test func encodesAsItsText() throws {
        let date = try #require(PlanDate.parse("令和4年3月"))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == "[\"令和4年3月\"]")
        #expect(try JSONDecoder().decode([PlanDate].self, from: data) == [date])
    }
}
