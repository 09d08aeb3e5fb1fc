import Foundation
import Testing

/// Issue 21: plancov runs as an installed command does, from a folder of its own with nothing
/// beside it: its data files (the catalog, the variant table) are built into the binary.

/// A fresh folder every user may enter and read, holding a copy of the built plancov and
/// nothing else (what `make install` puts in PREFIX/bin): the binary another user runs when the
/// checkout is in a folder only its owner may enter. Remove it when done.
func standaloneFolder(_ name: String) throws -> (folder: URL, binary: URL) {
    let folder = try temporaryDirectory(name)
    let binary = folder.appendingPathComponent("plancov")
    try FileManager.default.copyItem(at: try plancovBinary(), to: binary)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
    return (folder, binary)
}

/// Runs `binary` in `directory` as nobody through setpriv when the tests run as root (and
/// setpriv is there), else as the current user.
func runAsNobodyIfRoot(_ binary: URL, _ arguments: [String], in directory: URL) throws -> Run {
    guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
        return try run(binary, arguments, in: directory)
    }
    return try run(URL(fileURLWithPath: "/usr/bin/setpriv"),
                   ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + arguments, in: directory)
}

struct StandaloneBinaryTests {
    /// The corpus compared by a lone copy of the binary (run as nobody when the tests run as
    /// root: nobody cannot enter a checkout in /root) gives byte for byte the report the binary
    /// in the build tree gives.
    @Test func aLoneCopyOfTheBinaryComparesTheCorpusAsTheBuiltOneDoes() throws {
        let (folder, binary) = try standaloneFolder("standalone")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("corpus"), to: folder.appendingPathComponent("corpus"))
        let alone = try runAsNobodyIfRoot(binary, ["compare", "corpus", "--format", "json"], in: folder)
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(alone.stderr.contains("5 municipalities, 78 items, 5 files read, 0 failed"), "\(alone.stderr)")
        let built = try run(try plancovBinary(), ["compare", "corpus", "--format", "json"], in: folder)
        #expect(built.status == 0)
        #expect(alone.stdout == built.stdout, "the same report, byte for byte")
        // Normalization rule 8 (the variant table): 朝霞市's plan spells 手続き, the catalog 手続.
        #expect(cellStatus(try json(alone.stdout), "112275", "procedure.kosodate.10") == "listed")

        let list = try runAsNobodyIfRoot(binary, ["catalog", "list"], in: folder)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.text.contains("児童手当等の現況届"))
    }

    /// The binary carries no resource bundle to look for: SwiftPM names one
    /// "<package>_<module>.resources" and its accessor kills the process when the bundle is gone.
    @Test func theBinaryLooksForNoResourceBundle() throws {
        let bytes = try Data(contentsOf: try plancovBinary())
        var bundles = [String]()
        var start = bytes.startIndex
        while let hit = bytes.range(of: Data("plancov_".utf8), in: start..<bytes.endIndex) {
            let window = bytes[hit.lowerBound..<min(hit.lowerBound + 48, bytes.endIndex)]
            if window.range(of: Data(".resources".utf8)) != nil { bundles.append(String(decoding: window, as: UTF8.self)) }
            start = hit.upperBound
        }
        #expect(bundles.isEmpty, "\(bundles)")
    }

    /// `--version`: plancov's version first (the Debian package takes it from there), then the
    /// built-in catalog's name and version as loading the whole catalog reads them, and the
    /// built-in register's date and size.
    @Test func versionNamesPlancovAndTheBuiltInCatalog() throws {
        let version = try plancov("--version")
        #expect(version.status == 0, "\(version.stderr)")
        let lines = version.text.split(separator: "\n").map(String.init)
        let first = try #require(lines.first)
        #expect(first.wholeMatch(of: /plancov \d+\.\d+\.\d+/) != nil, "\(first)")
        let report = try json(try plancov("compare", "corpus/plans/112275_asaka.txt", "--format", "json").stdout)
        let catalog = try #require(report["catalog"] as? [String: Any])
        let name = try #require(catalog["name"] as? String), number = try #require(catalog["version"] as? String)
        #expect(!name.isEmpty && !number.isEmpty)
        #expect(lines.contains("catalog: \(name) \(number)"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("ICU ") })
        #expect(lines.contains("register: 全国地方公共団体コード 2024-01-01 (令和6年1月1日), 1965 local governments"), "\(lines)")
    }

    /// The completion scripts `make install` writes come from the command definitions: each
    /// shell's offers every subcommand.
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameEverySubcommand(_ shell: String) throws {
        let script = try plancov("--generate-completion-script", shell)
        #expect(script.status == 0, "\(script.stderr)")
        for subcommand in ["compare", "missing", "show", "catalog", "check", "list"] {
            #expect(script.text.contains(subcommand), "\(shell): \(subcommand)")
        }
    }
}
