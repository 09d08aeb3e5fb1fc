import Ingest
import Testing
@testable import Register

/// The rules of `MunicipalityQuery`, one test each.
struct MunicipalityQueryTests {
    let candidates = ["112275", "112305", "132063", "342084"].map { register.government(code: $0)!.municipality }

    func found(_ query: String) -> [String] {
        MunicipalityQuery(query).matches(in: candidates, names: MunicipalityQuery.Names.init).compactMap(\.code)
    }

    @Test func rule1_aCodeANameANameWithItsPrefectureOrAReadingFindsItExactly() {
        for query in ["112275", "朝霞市", "埼玉県朝霞市", "あさかし", "アサカシ", "朝霞 市"] {
            #expect(found(query) == ["112275"], "\(query)")
        }
    }

    @Test func rule2_thenTheStartOfANameOrCode() {
        #expect(found("朝霞") == ["112275"])
        #expect(found("1123") == ["112305"])
    }

    @Test func rule3_aQueryThatFindsSeveralIsAmbiguous() {
        #expect(found("11") == ["112275", "112305"])
        #expect(found("府中市") == ["132063", "342084"])
        #expect(found("広島県府中市") == ["342084"])
        #expect(found("札幌").isEmpty)
    }
}
