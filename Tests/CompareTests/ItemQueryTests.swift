import Testing
@testable import Compare

/// The rules of `Catalog.items(matching:)`, one test each, on the bundled catalog.
struct ItemQueryTests {
    let catalog = try! Catalog.bundled()

    func found(_ query: String) -> [String] { catalog.items(matching: query).map(\.id) }

    @Test func rule1_anIdANameOrAnAliasFindsItExactly() {
        #expect(found("procedure.hisai.01") == ["procedure.hisai.01"])
        #expect(found("罹災証明書の発行申請") == ["procedure.hisai.01"])
        #expect(found("住民記録") == ["system.resident-register"])
        #expect(found("住民基本台帳") == ["system.resident-register"])
        // Exact first: 児童手当 is an item, and a part of other items' names too.
        #expect(found("児童手当") == ["system.child-allowance"])
    }

    @Test func rule2_thenAPartOfANameOfTwoCharactersOrMore() {
        #expect(found("罹災証明") == ["procedure.hisai.01"])
        #expect(found("寄附") == ["procedure.kosodate.06", "procedure.kosodate.07"])
        #expect(found("x").isEmpty)
        #expect(found("存在しない手続").isEmpty)
    }
}
