import Foundation
import Ingest
import Testing
@testable import Register

/// The rules of `NameKey`, one test each.
struct NameKeyTests {
    @Test func rule1_widthKanaAndSpacesFold() {
        #expect(NameKey.of("朝霞 市") == NameKey.of("朝霞市"))
        #expect(NameKey.of("あさかし") == NameKey.of("アサカシ"))
        #expect(NameKey.of("ＤＸ") == NameKey.of("DX"))
    }

    @Test func rule2_smallKeAndKaArePlainKeAndKa() {
        #expect(NameKey.of("鎌ヶ谷市") == NameKey.of("鎌ケ谷市"))
        #expect(NameKey.of("六ヵ所村") == NameKey.of("六カ所村"))
    }

    @Test func rule3_oldAndVariantKanjiFold() {
        #expect(NameKey.of("檮原町") == NameKey.of("梼原町"))
        #expect(NameKey.of("竜ケ崎市") == NameKey.of("龍ケ崎市"))
        #expect(NameKey.of("朝霞市") != NameKey.of("新座市"))
    }

    @Test func theRegistersSpellingsAreFoundFromEitherForm() {
        #expect(identify("高知県/檮原町/計画.pdf").entry.municipality.name == "梼原町")
        #expect(identify("鎌ヶ谷/計画.pdf").entry.municipality.name == "鎌ケ谷市")
    }
}

/// The register as shipped: what SOURCE.md says it holds.
struct RegisterTests {
    @Test func theBundledRegisterHoldsEveryLocalGovernment() {
        let kinds = Dictionary(grouping: register.governments, by: \.kind).mapValues(\.count)
        #expect(kinds[.prefecture] == 47)
        #expect(kinds[.designatedCityWard] == 171)
        let municipalities: Int = [Municipality.Kind.city, .town, .village, .specialWard].reduce(0) { $0 + (kinds[$1] ?? 0) }
        #expect(municipalities == 1_747, "1,741 市区町村 and the six 北方領土 villages")
        #expect(kinds[.specialWard] == 23)
        #expect(register.government(code: "011011")?.name == "札幌市中央区")
        #expect(register.asOf == Register.bundledDate)
    }

    @Test func everyCodeHasAValidCheckDigit() {
        for government in register.governments {
            #expect(register.check(code: government.code) == .known(government))
        }
        #expect(register.check(code: "11227") == .known(register.government(code: "112275")!), "five digits, the check digit computed")
    }

    @Test func aRegisterFileOfAnotherShapeIsRefusedWithItsReason() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("register-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"not": "an array"}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: RegisterError.self) { try Register.load(path: path) }
        try Data(#"[{"type": "city", "code": "12345x", "name": "x"}]"#.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Register.load(path: path)
            Issue.record("a bad code was accepted")
        } catch {
            #expect(error.description.contains("12345x") && error.description.contains(path))
        }
    }
}
