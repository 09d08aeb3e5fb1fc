import Foundation
import Testing
@testable import Compare

/// `plancov catalog list --format json`, as the library writes it.
struct CatalogListingTests {
    func object(asOf: String? = nil) throws -> [String: Any] {
        let day = asOf.map { PlanDate.parse($0)!.judgedAt }
        let data = try CatalogListing(catalog: try Catalog.bundled(), asOf: day).json()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func everyItemHasASourceWithItsDocument() throws {
        let listing = try object()
        #expect(listing["schema"] as? String == "plancov.catalog/1")
        let items = try #require(listing["items"] as? [[String: Any]])
        #expect(items.count == 78)
        for item in items {
            let source = try #require(item["source"] as? [String: Any], "\(item["id"] ?? "?")")
            for key in ["document", "title", "issuer", "date", "section"] {
                #expect((source[key] as? String)?.isEmpty == false, "\(item["id"] ?? "?") lacks source.\(key)")
            }
            #expect(source["unverified"] is Bool)
            #expect(item.keys.contains("since"), "since is always written, null when undated")
            #expect(item["in_force"] == nil, "only with an as-of day")
        }
        let attachment = try #require(items.first { $0["id"] as? String == "system.family-register-attachment" })
        #expect(attachment["since"] as? String == "2022-01")
        #expect((attachment["aliases"] as? [[String: Any]])?.first?["name"] as? String == "戸籍附票")
        let documents = try #require(listing["documents"] as? [[String: Any]])
        let cited = Set(items.compactMap { ($0["source"] as? [String: Any])?["document"] as? String })
        let known = Set(documents.compactMap { $0["id"] as? String })
        #expect(cited.isSubset(of: known))
        let versions = try #require(listing["versions"] as? [[String: Any]])
        #expect(versions.map { $0["since"] as? String } == [nil, "2022-01"])
        #expect(versions.first?.keys.contains("since") == true)
    }

    @Test func asOfMarksWhatIsInForce() throws {
        let listing = try object(asOf: "令和3年4月")
        let asOf = try #require(listing["as_of"] as? [String: Any])
        #expect(asOf["date"] as? String == "2021-04-01" && asOf["version"] as? String == "標準化対象17業務（当初の一覧）")
        let items = try #require(listing["items"] as? [[String: Any]])
        let outOfForce = items.filter { $0["in_force"] as? Bool == false }.map { $0["id"] as? String }
        #expect(outOfForce == ["system.family-register", "system.family-register-attachment", "system.seal-registration"])
        let groups = try #require(listing["groups"] as? [[String: Any]])
        #expect(groups.first?["items"] as? Int == 17)
        #expect((groups.first?["collective"] as? [[String: Any]])?.last?["as_of"] as? String == "2020-12-25")
    }
}
