import Foundation
import Testing

struct ShowCommandTests {
    @Test func printsTheOutlineWithTopicsAndTheMentionsPerSection() throws {
        let run = try plancov("show", "芦別")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "芦別市 (012165) 北海道 — corpus/plans/012165_ashibetsu.txt")
        #expect(lines.contains { $0.hasPrefix("L14  –46   目次  [table of contents]") })
        #expect(lines.contains { $0.hasSuffix("(1) 自治体情報システムの標準化・共通化  [system]") })
        #expect(lines.contains { $0.contains("· L252 戸籍  [exact, listed]") })
        #expect(lines.contains { $0.contains("· L283 児童手当  [exact, mentioned]") })
        #expect(lines.contains { $0.hasPrefix("L363 –423  付録 2 地方公共団体が優先的にオンライン化を推進すべき手続  [procedure]") })
    }

    /// A collective reference is shown where it stands, with the status it gives (`group`),
    /// as the matrix counts it.
    @Test func showsWhereThePlanRefersToAWholeGroup() throws {
        let run = try plancov("show", "芦別")
        #expect(run.text.contains("· L252 17業務 → 標準化対象20業務  [group]"), "\(run.text)")
    }

    @Test func aPlanFileCanBeShownByItsPath() throws {
        let run = try plancov("show", "corpus/plans/112275_asaka.txt")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.hasPrefix("朝霞市 (112275) 埼玉県 — corpus/plans/112275_asaka.txt\n"), "\(run.text.prefix(200))")
        #expect(run.text.contains("[exact, listed]"))
    }

    /// One municipality rule for every command: a query that could mean several plans names them.
    @Test func anAmbiguousQueryNamesTheCandidates() throws {
        for arguments in [["show", "11"], ["missing", "--municipality", "11"]] {
            let result = try run(try plancovBinary(), arguments)
            #expect(result.status == 1)
            #expect(result.stderr.contains("11 could be any of 朝霞市 (112275), 新座市 (112305)"), "\(result.stderr)")
        }
    }

    @Test func anUnknownPlanIsAUsageError() throws {
        let run = try plancov("show", "札幌")
        #expect(run.status == 1)
        #expect(run.stderr.contains("no plan of 札幌 among the inputs"))
    }
}
