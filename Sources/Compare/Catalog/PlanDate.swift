import Foundation
import Ingest

/// A day of the Gregorian calendar. Dates in plancov are days, not instants: a plan, a list
/// or a version is dated by the day it bears, in Japan, whatever the time zone of the machine.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil when there is no such day (2022-02-30, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...CalendarDay.days(inMonth: month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// ISO 8601: 2022-03-01.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = PlanDate.parse(text), date.precision == .day else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a day: \(text)"))
        }
        self = date.first
    }
}

/// A date as Japanese plans and national documents print it — 令和4年3月, 令和３年度, R4.3,
/// 2022年3月, 2022（令和4）年3月, 平成31年4月, 令和元年5月1日, 2022-03 — and the span of days it
/// can stand for.
///
/// # Reading rules
///
/// Each rule has a test of its name in `PlanDateTests`.
/// - **Width and spacing**: full-width digits, letters and brackets read as their ASCII forms,
///   spaces are ignored (`令和 ４ 年 ３ 月` is 令和4年3月), and the square era signs ㋿ ㍻ ㍼ read
///   as 令和, 平成, 昭和.
/// - **Kanji numerals**: 令和四年三月, 二〇二二年, 令和三十年 (〇一二…九 read digit by digit,
///   十 as tens).
/// - **Era years**: 令和N年 is 2018 + N, 平成N年 1988 + N, 昭和N年 1925 + N; 元年 is year 1. The
///   conversion is arithmetic and does not check the era's end: 平成31年4月 is 2019-04, and
///   平成32年度, as documents printed before the change of era wrote it, is 2020年度.
///   R, H and S abbreviate the eras (R4.3, H31.4.1, R4年3月).
/// - **Both calendars**: 2022（令和4）年3月 and 令和4（2022）年 give the year twice; they must
///   agree, or the text is no date.
/// - **Precision**: a day (令和4年3月1日, 2022-03-01, R4.3.1) stands for itself, a month
///   (令和4年3月, 2022-03, R4.3) for its days, a year (令和4年, 2022) for 1 January to 31 December.
/// - **年度**: a fiscal year (令和3年度, 2021年度, R3年度) runs from 1 April to 31 March of the
///   next year: 令和3年度 is 2021-04-01 to 2022-03-31.
/// - **Judged at the first day**: a plan is judged against the lists in force on the first day
///   its date can stand for (`judgedAt`), so it is never held to an item added after it may
///   have been written: 令和4年 is judged at 2022-01-01, 令和3年度 at 2021-04-01.
/// - **Whole text**: the text must be a date and nothing else, apart from a trailing 策定, 改定,
///   改訂, 発行, 作成, 公表, 版, 現在 or 時点 (令和4年3月策定); a period (2022年度〜2025年度) is no date.
public struct PlanDate: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Precision: String, Sendable, Codable {
        case day, month, year
        case fiscalYear = "fiscal-year"
    }

    /// Where a plan's date came from (see `of(manifestDate:document:)`).
    public enum Origin: String, Sendable, Codable {
        case manifest
        case titlePage = "title-page"
    }

    /// The text the date was read from, as written.
    public let text: String
    public let precision: Precision
    /// The first and last day the date can stand for.
    public let first: CalendarDay
    public let last: CalendarDay

    /// The day a plan of this date is judged at: the first it can stand for.
    public var judgedAt: CalendarDay { first }

    /// 2022-03-01, 2022-03, 2022, or 2022年度 for a fiscal year.
    public var description: String {
        switch precision {
        case .day: return first.description
        case .month: return String(format: "%04d-%02d", first.year, first.month)
        case .year: return String(format: "%04d", first.year)
        case .fiscalYear: return String(format: "%04d年度", first.year)
        }
    }

    init(text: String, precision: Precision, year: Int, month: Int? = nil, day: Int? = nil) {
        self.text = text
        self.precision = precision
        switch precision {
        case .day:
            first = CalendarDay(year: year, month: month!, day: day!)!
            last = first
        case .month:
            first = CalendarDay(year: year, month: month!, day: 1)!
            last = CalendarDay(year: year, month: month!, day: CalendarDay.days(inMonth: month!, of: year))!
        case .year:
            first = CalendarDay(year: year, month: 1, day: 1)!
            last = CalendarDay(year: year, month: 12, day: 31)!
        case .fiscalYear:
            first = CalendarDay(year: year, month: 4, day: 1)!
            last = CalendarDay(year: year + 1, month: 3, day: 31)!
        }
    }

    /// The date `text` stands for, or nil when it is not one date (see the rules above).
    public static func parse(_ text: String) -> PlanDate? {
        var reader = Reader(fold(text))
        guard let (year, precision, month, day) = reader.date() else { return nil }
        reader.skipSuffixes()
        guard reader.atEnd, (1...9998).contains(year) else { return nil }
        switch precision {
        case .day: guard let month, let day, CalendarDay(year: year, month: month, day: day) != nil else { return nil }
        case .month: guard let month, (1...12).contains(month) else { return nil }
        case .year, .fiscalYear: break
        }
        return PlanDate(text: text.trimmingCharacters(in: .whitespacesAndNewlines), precision: precision,
                        year: year, month: month, day: day)
    }

    /// How many lines from the top a title page is read for its date.
    public static let titlePageLines = 40

    /// The date printed on the plan's title page: the first line, among the first
    /// `titlePageLines` lines and before the table of contents (and before page 2, when the
    /// document has pages), that is a date and nothing else (see `parse`). A line that holds
    /// more — a period such as 2022（令和4）年度 - 2025（令和7）年度, or a sentence that cites a
    /// date — is passed over.
    public static func onTitlePage(of document: Document) -> PlanDate? {
        var end = min(document.lineStarts.count, titlePageLines)
        // Headings read in place, by index: handing each to a closure copied its title.
        let outline = document.outline
        for index in outline.indices where outline[index].isTableOfContents {
            end = min(end, outline[index].line - 1)
            break
        }
        if let pages = document.pageStarts, pages.count > 1 { end = min(end, document.line(at: pages[1]) - 1) }
        guard end >= 1 else { return nil }
        for line in 1...end {
            let range = document.lineRange(line)
            // A date line is short: a long line (a table row, a minified page) is not read.
            guard range.count <= 80 else { continue }
            // Nor one with no year in it: every date has 年 or a dotted, slashed or dashed
            // number (R4.3, 2022/3, 2022-03). Asked of the scalars, before any string is made:
            // reading forty lines of every plan as strings cost more than tagging it.
            guard PlanDate.mayHoldDate(document.scalars[range]) else { continue }
            // Markdown headings and bold (# 2022年3月, **令和4年3月**) are layout, not text.
            let text = document.text(range).trimmingCharacters(in: CharacterSet(charactersIn: "#*_ \t\u{3000}"))
            guard !text.isEmpty, text.count <= 40, let date = parse(text) else { continue }
            return date
        }
        return nil
    }

    /// The characters a line that is a date and nothing else can hold (what `parse` reads,
    /// full-width forms and the layout marks `onTitlePage` trims included).
    static let dateCharacters: Set<UInt32> = {
        var set = Set("0123456789０１２３４５６７８９〇一二三四五六七八九十元令和平成昭年月日度RHSrhsＲＨＳｒｈｓ.／/-－‐‑‒–—−~〜～()（）．#*_ \t\u{3000}㍻㍼㋿"
            .unicodeScalars.map(\.value))
        for suffix in ["策定", "改定", "改訂", "発行", "作成", "公表", "版", "現在", "時点"] { set.formUnion(suffix.unicodeScalars.map(\.value)) }
        return set
    }()

    /// Whether a line can be a date at all: only characters a date is written with, and 年 or
    /// a digit next to `.`, `/` or `-` (R4.3, 2022/3). Most lines of a title page fail on
    /// their first character, before any string is made of them.
    static func mayHoldDate(_ scalars: ArraySlice<UInt32>) -> Bool {
        var previousIsDigit = false, hasYear = false
        for value in scalars {
            guard dateCharacters.contains(value) else { return false }
            if value == 0x5E74 { hasYear = true }   // 年
            let isDigit = (0x30...0x39).contains(value) || (0xFF10...0xFF19).contains(value)
            if [0x2E, 0x2F, 0x2D, 0xFF0E, 0xFF0F, 0xFF0D].contains(value), previousIsDigit { hasYear = true }
            previousIsDigit = isDigit
        }
        return hasYear
    }

    /// A plan's date: the manifest's `date` when it reads as a date, else the one on the
    /// document's title page; nil when neither gives one.
    public static func of(manifestDate: String?, document: Document) -> (date: PlanDate, origin: Origin)? {
        if let manifestDate, let date = parse(manifestDate) { return (date, .manifest) }
        return onTitlePage(of: document).map { ($0, .titlePage) }
    }

    /// Encoded as the text it was read from (令和4年3月), which decodes to the same date.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = PlanDate.parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    // MARK: Reading

    /// NFKC (width, ㋿ → 令和), upper-case letters, no spaces, one hyphen, kanji numerals as digits.
    static func fold(_ text: String) -> [Unicode.Scalar] {
        var out = [Unicode.Scalar]()
        var numeral = [Unicode.Scalar]()
        func flushNumeral() {
            guard !numeral.isEmpty else { return }
            out += String(kanjiNumber(numeral)).unicodeScalars
            numeral.removeAll()
        }
        // NFKC and upper case, scalar by scalar: full-width ASCII and the ideographic space
        // fold by arithmetic, anything else outside ASCII and the common kanji and kana
        // (the square era names ㍻ ㋿ …) through Foundation. Folding whole lines through
        // Foundation, and reading them as Characters, was most of reading a plan's date.
        var scalars = [Unicode.Scalar]()
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 } else if value == 0x3000 { value = 0x20 }
            if (0x61...0x7A).contains(value) { value -= 0x20 }
            if value < 0x80 || (0x3040...0x30FF).contains(value) || (0x4E00...0x9FFF).contains(value) || (0x3001...0x3011).contains(value) {
                scalars.append(Unicode.Scalar(value)!)
            } else {
                scalars += String(scalar).precomposedStringWithCompatibilityMapping.uppercased().unicodeScalars
            }
        }
        for scalar in scalars {
            if kanjiDigits[scalar] != nil || scalar == "十" {
                numeral.append(scalar)
                continue
            }
            flushNumeral()
            if scalar.properties.isWhitespace { continue }
            switch scalar {
            case "‐", "‑", "‒", "–", "—", "−": out.append("-")
            case "~", "〜": out.append("〜")
            default: out.append(scalar)
            }
        }
        flushNumeral()
        return out
    }

    static let kanjiDigits: [Unicode.Scalar: Int] = ["〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]

    /// 二〇二二 → 2022 (digit by digit), 三十一 → 31, 十 → 10; a run longer than a year's four
    /// characters is no number of a date (-1, which no rule accepts), and cannot overflow.
    static func kanjiNumber(_ characters: [Unicode.Scalar]) -> Int {
        guard characters.count <= 4 else { return -1 }
        if !characters.contains("十") { return characters.reduce(0) { $0 * 10 + kanjiDigits[$1]! } }
        var total = 0, current = 0
        for character in characters {
            if character == "十" {
                total += (current == 0 ? 1 : current) * 10
                current = 0
            } else {
                current = current * 10 + kanjiDigits[character]!
            }
        }
        return total + current
    }

    struct Reader {
        let characters: [Unicode.Scalar]
        var position = 0

        init(_ characters: [Unicode.Scalar]) { self.characters = characters }

        var atEnd: Bool { position == characters.count }

        mutating func take(_ word: String) -> Bool {
            var index = position
            for scalar in word.unicodeScalars {
                guard index < characters.count, characters[index] == scalar else { return false }
                index += 1
            }
            position = index
            return true
        }

        mutating func number(maxDigits: Int = 4) -> Int? {
            var value = 0, count = 0
            while position < characters.count, (0x30...0x39).contains(characters[position].value) {
                guard count < maxDigits else { return nil }
                value = value * 10 + Int(characters[position].value - 0x30)
                count += 1
                position += 1
            }
            return count == 0 ? nil : value
        }

        /// 令和, 平成, 昭和 or R, H, S: the year before the era's first.
        mutating func era() -> Int? {
            for (names, base) in [(["令和", "R"], 2018), (["平成", "H"], 1988), (["昭和", "S"], 1925)] {
                for name in names where take(name) { return base }
            }
            return nil
        }

        /// The year of an era date: a number or 元.
        mutating func eraYear(base: Int) -> Int? {
            if take("元") { return base + 1 }
            guard let year = number(maxDigits: 2), year >= 1 else { return nil }
            return base + year
        }

        /// `(2022)` or `(2022年)` after an era year, `(令和4)` or `(令和4年)` after a western one:
        /// the same year again. Nil when there is none; false when it disagrees.
        mutating func sameYear(_ year: Int, western: Bool) -> Bool? {
            let start = position
            guard take("(") else { return nil }
            var other: Int?
            if western {
                if let base = era() { other = eraYear(base: base) }
            } else {
                other = number(maxDigits: 4)
            }
            _ = take("年")
            guard let other, take(")") else { position = start; return false }
            return other == year
        }

        mutating func date() -> (year: Int, precision: Precision, month: Int?, day: Int?)? {
            let year: Int
            let western: Bool
            if let base = era() {
                guard let value = eraYear(base: base) else { return nil }
                year = value
                western = false
            } else {
                guard let value = number(maxDigits: 4), value >= 1000 else { return nil }
                year = value
                western = true
            }
            if sameYear(year, western: western) == false { return nil }
            if take("年度") { return (year, .fiscalYear, nil, nil) }
            if take("年") {
                if sameYear(year, western: western) == false { return nil }
                guard let month = number(maxDigits: 2) else { return (year, .year, nil, nil) }
                guard take("月") else { return nil }
                guard let day = number(maxDigits: 2) else { return (year, .month, month, nil) }
                guard take("日") else { return nil }
                return (year, .day, month, day)
            }
            // 2022-03-01, 2022/3, R4.3.1.
            for separator in ["-", "/", "."] where take(separator) {
                guard let month = number(maxDigits: 2) else { return nil }
                guard take(separator) else { return (year, .month, month, nil) }
                guard let day = number(maxDigits: 2) else { return nil }
                return (year, .day, month, day)
            }
            return (year, .year, nil, nil)
        }

        mutating func skipSuffixes() {
            var moved = true
            while moved {
                moved = false
                for suffix in ["策定", "改定", "改訂", "発行", "作成", "公表", "版", "現在", "時点"] where take(suffix) { moved = true }
            }
        }
    }
}
