import Foundation
import Testing

/// `--register FILE`: a register of the bundled one's shape replaces it for identity.
struct RegisterOptionTests {
    @Test func aRegisterOfYourOwnNamesTheRows() throws {
        let directory = try temporaryDirectory("register")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("register.json").path
        try #"""
        [{"type": "prefecture", "code": "110001", "name": "埼玉県", "kana": "さいたまけん", "pref_code": "110001", "pref_name": "埼玉県"},
         {"type": "city", "code": "112275", "name": "埼玉県試験市", "kana": "さいたまけんしけんし", "city_code": "112275",
          "city_name": "試験市", "city_kana": "しけんし", "pref_code": "110001", "pref_name": "埼玉県"}]
        """#.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try plancov("compare", "corpus/plans/112275_asaka.txt", "--register", path, "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let row = try #require((try json(run.stdout)["municipalities"] as? [[String: Any]])?.first)
        #expect(row["name"] as? String == "試験市" && row["kana"] as? String == "しけんし")
        // The corpus's manifest calls it 朝霞市: the register's name is kept, and the difference said.
        #expect(run.stderr.contains("the manifest names it 朝霞市, but code 112275 is 埼玉県試験市 (112275)"), "\(run.stderr)")
    }

    @Test func aRegisterThatIsNotOneIsAUsageErrorNamingTheFile() throws {
        let directory = try temporaryDirectory("register-bad")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("register.json").path
        try #"{"not": "a register"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try plancov("compare", "corpus", "--register", path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("plancov: register \(path): is not a register of local governments"), "\(run.stderr)")
    }
}
