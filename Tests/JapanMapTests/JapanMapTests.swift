import Foundation
import Testing
@testable import JapanMap

/// The maps drawn from the built-in 国土数値情報 shapes: every prefecture and municipality is
/// there, inside the frame, with an outline; the insets hold what they say.
struct JapanMapTests {
    @Test func the47PrefecturesAreThereOnceEachInsideTheFrame() throws {
        let map = try JapanMap.prefectures()
        #expect(map.areas.count == 47)
        #expect(map.areas.map(\.code) == (1...47).map { String(format: "%02d", $0) })
        #expect(map.areas.first?.name == "北海道" && map.areas.last?.name == "沖縄県")
        for area in map.areas {
            #expect(!area.path.isEmpty && area.path.first == UInt8(ascii: "M") && area.path.last == UInt8(ascii: "z"))
            #expect(area.bounds.x >= 0 && area.bounds.y >= 0, "\(area.name) lies in the frame")
            #expect(area.bounds.x + area.bounds.width <= map.width && area.bounds.y + area.bounds.height <= map.height, "\(area.name)")
        }
    }

    @Test func every市区町村IsOnTheMapAndTheNorthernTerritoriesAreMarked() throws {
        let map = try JapanMap.municipalities()
        #expect(map.areas.count == 1747)
        #expect(map.areas.filter { !$0.isNorthernTerritory }.count == 1741)
        #expect(Set(map.areas.map(\.code)).count == 1747)
        #expect(map.areas.filter(\.isNorthernTerritory).map(\.name) == ["色丹村", "泊村", "留夜別村", "留別村", "紗那村", "蘂取村"])
        let asaka = try #require(map.areas.first { $0.code == "112275" })
        #expect(asaka.name == "朝霞市" && asaka.prefecture == "埼玉県" && asaka.prefectureCode == "11")
        for area in map.areas {
            #expect(area.bounds.x >= 0 && area.bounds.y >= 0 && area.bounds.x + area.bounds.width <= map.width
                    && area.bounds.y + area.bounds.height <= map.height, "\(area.name) (\(area.code)) lies in the frame")
        }
    }

    @Test func okinawaAndOgasawaraAreDrawnInsideTheirInsets() throws {
        let map = try JapanMap.municipalities()
        func inside(_ area: JapanMap.Area, _ label: String) throws -> Bool {
            let inset = try #require(map.insets.first { $0.label == label })
            return area.bounds.x >= inset.x && area.bounds.y >= inset.y
                && area.bounds.x + area.bounds.width <= inset.x + inset.width && area.bounds.y + area.bounds.height <= inset.y + inset.height
        }
        for area in map.areas where area.prefectureCode == "47" { #expect(try inside(area, "沖縄県"), "\(area.name)") }
        let ogasawara = try #require(map.areas.first { $0.code == "134210" })
        #expect(try inside(ogasawara, "小笠原諸島"), "南鳥島 is left out, the rest is in the inset")
        let hachijo = try #require(map.areas.first { $0.code == "134015" })
        #expect(try !inside(hachijo, "小笠原諸島"), "八丈島 stays where it is")
    }

    @Test func pathDataIsAMoveThenRelativeLines() {
        var path = PathData()
        path.ring([(10, 20), (12, 20), (12, 17), (9, 18)])
        #expect(String(decoding: path.bytes, as: UTF8.self) == "M10 20l2 0 0-3-3 1z")
    }

    @Test func simplificationKeepsTheEndsAndDropsWhatIsWithinTheTolerance() {
        let line = [(x: 0.0, y: 0.0), (x: 1, y: 0.1), (x: 2, y: -0.1), (x: 3, y: 2), (x: 4, y: 0)]
        let simplified = JapanMap.simplify(line, tolerance: 0.5)
        #expect(simplified.map(\.x) == [0, 2, 3, 4])
        #expect(JapanMap.simplify(line, tolerance: 5).map(\.x) == [0, 4])
    }

    /// The reader's short ways (plain strings, integers) give what the long ways gave, and the
    /// long ways still take what they must: escapes, fractions, exponents.
    @Test func theJSONReaderReadsPlainAndEscapedStringsIntegersAndOtherNumbers() throws {
        let text = #"{"a": "札幌市", "b": "tab\tquote\" \u6771\ud83d\ude00", "c": [-12, 0, 7], "d": 1.5, "e": -2e3, "f": 12345678901234567, "g": true, "h": null}"#
        let value = try Array(text.utf8).withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            return try reader.value()
        }
        guard case .string(let a)? = value["a"], case .string(let b)? = value["b"] else { Issue.record("strings"); return }
        #expect(a == "札幌市" && b == "tab\tquote\" 東😀")
        #expect(value["c"]?.list.compactMap(\.integer) == [-12, 0, 7])
        guard case .number(let d)? = value["d"], case .number(let e)? = value["e"], case .number(let f)? = value["f"] else { Issue.record("numbers"); return }
        #expect(d == 1.5 && e == -2000 && f == 12345678901234567)
        guard case .bool(true)? = value["g"], case .null? = value["h"] else { Issue.record("literals"); return }
        for bad in [#"{"a": "unterminated}"#, "[1 2]", "{\"a\": \"control \u{1} character\"}", #"{"a": -}"#] {
            #expect(throws: JSONReadError.self, "\(bad)") {
                try Array(bad.utf8).withUnsafeBufferPointer { buffer in
                    var reader = JSONReader(buffer)
                    _ = try reader.value()
                }
            }
        }
    }
}
