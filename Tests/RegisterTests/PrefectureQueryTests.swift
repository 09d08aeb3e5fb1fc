import Testing
@testable import Register

/// The rules of `PrefectureQuery`, one test each, against the register's 47 prefectures.
struct PrefectureQueryTests {
    let prefectures = register.governments.filter { $0.kind == .prefecture }

    func found(_ query: String) -> [String] {
        prefectures.filter { PrefectureQuery(query).finds(code: $0.code, name: $0.name, kana: $0.kana) }.map(\.name)
    }

    @Test func rule1_theTwoDigitsOrTheSixDigitCodeFindIt() {
        #expect(prefectures.count == 47)
        for query in ["11", "110001"] { #expect(found(query) == ["埼玉県"], "\(query)") }
        #expect(found("1") == ["北海道"])
        #expect(found("01") == ["北海道"])
        #expect(found("48").isEmpty)
        #expect(found("1100").isEmpty)
    }

    @Test func rule2_aNameWithOrWithoutItsSuffixOrItsReadingFindsIt() {
        for query in ["埼玉県", "埼玉", "埼玉 県", "さいたまけん"] { #expect(found(query) == ["埼玉県"], "\(query)") }
        #expect(found("東京") == ["東京都"])
        #expect(found("大阪") == ["大阪府"])
        #expect(found("北海道") == ["北海道"])
        #expect(found("北海").isEmpty)
    }

    @Test func nothingElse_noPrefixOfAName() {
        #expect(found("埼").isEmpty)
        #expect(found("朝霞市").isEmpty)
        #expect(found("").isEmpty)
    }
}
