import Foundation
import Testing

struct MissingCommandTests {
    @Test func listsTheItemsAPlanDoesNotName() throws {
        let run = try plancov("missing", "--municipality", "朝霞市", "--group", "被災者支援（優先手続）")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.hasPrefix("朝霞市 (112275): 7 of 7 items not named"))
        #expect(run.text.contains("・ 応急仮設住宅の入居申請"))
    }

    @Test func marksItemsReferredToOnlyAsAGroup() throws {
        let run = try plancov("missing", "--municipality", "132039", "--format", "json")
        #expect(run.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]])
        let missing = try #require(entries.first?["missing"] as? [[String: Any]])
        #expect(missing.count == 78)
        #expect(missing.filter { $0["status"] as? String == "group" }.count == 20)
    }

    @Test func anUnknownMunicipalityOrGroupIsAUsageError() throws {
        let municipality = try plancov("missing", "--municipality", "札幌市")
        #expect(municipality.status == 1)
        #expect(municipality.stderr.contains("no plan of 札幌市 among the inputs"))
        let group = try plancov("missing", "--group", "税")
        #expect(group.status == 1)
        #expect(group.stderr.contains("unknown group 税"))
    }
}
