import CVector
import Foundation
import TestSupport
import Testing
@testable import Ingest

struct CorpusTests {
    @Test func theManifestNamesEveryBundledPlan() {
        let corpus = Corpus(paths: [repositoryRoot.appendingPathComponent("corpus").path])
        #expect(corpus.failures.isEmpty)
        #expect(corpus.entries.count == 5)
        let asaka = corpus.entries.first { $0.path.hasSuffix("112275_asaka.txt") }
        #expect(asaka?.municipality == Municipality(code: "112275", name: "朝霞市", prefecture: "埼玉県"))
        #expect(asaka?.title == "朝霞市行政情報デジタル化推進方針")
    }

    @Test func aFileNamedDirectlyFindsItsManifestAbove() {
        let corpus = Corpus(paths: [plan("462250_aira.txt")])
        #expect(corpus.entries.first?.municipality.name == "姶良市")
    }

    @Test func identityFromTheFileName() {
        #expect(Corpus.municipalityFromFileName("x/112275_asaka.txt") == Municipality(code: "112275", name: "asaka", prefecture: nil))
        #expect(Corpus.municipalityFromFileName("11227-asaka.txt").code == "112275", "a 5-digit code gets its check digit")
        #expect(Corpus.municipalityFromFileName("plan.txt") == Municipality(code: nil, name: "plan", prefecture: nil))
        #expect(Corpus.municipalityFromFileName("112275_朝霞市.txt") == Municipality(code: "112275", name: "朝霞市", prefecture: nil))
        #expect(Corpus.municipalityFromFileName("112275 - _.txt") == Municipality(code: "112275", name: "112275 - _", prefecture: nil),
                "nothing after the code: the name is the whole stem")
        #expect(Corpus.municipalityFromFileName("1122756_x.txt").code == nil, "seven digits are no code")
    }

    /// Names are split on their bytes when ASCII, by Character otherwise: both must agree
    /// wherever both apply, and a digit a combining mark attaches to (1\u{20E3}, a keycap) is
    /// no digit.
    @Test func fileNameSplitsTheSameByBytesAndByCharacter() {
        var random = SeededRandom(seed: 42)
        let alphabet = Array("0123456789_- .ab".unicodeScalars)
        for _ in 0..<2_000 {
            var stem = ""
            for _ in 0..<random.next(11) { stem.unicodeScalars.append(alphabet[random.next(alphabet.count)]) }
            let (digits, rest) = Corpus.leadingDigits(of: stem)
            let byCharacter = stem.prefix(while: { $0.isASCII && $0.isNumber })
            #expect(digits == byCharacter, "\(stem)")
            #expect(rest == stem.dropFirst(byCharacter.count).drop(while: { "_- .".contains($0) }), "\(stem)")
        }
        let keycap = Corpus.leadingDigits(of: "11227\u{20E3}5_x")
        #expect(keycap.digits == "1122" && keycap.rest.hasPrefix("7\u{20E3}"))
    }

    /// The byte-level path helpers give what NSString's path methods give.
    @Test func pathHelpersAgreeWithNSString() {
        for path in ["/a/b/112275_asaka.txt", "plans/plan.txt", "plan.txt", "/plan", "/", "/a/.hidden", "/a/b.", "/a/b/",
                     "a/b.tar.gz", "/計画/朝霞市.md", "./y.txt", "/a/b c/d e.txt", "..", "/a/.b.c", "/a/b..", "/a/..b", "/a//b"] {
            #expect(Corpus.stem(of: path) == ((path as NSString).lastPathComponent as NSString).deletingPathExtension, "\(path)")
            #expect(Corpus.parent(of: path) == (path as NSString).deletingLastPathComponent, "\(path)")
        }
        // NSString's deletingLastPathComponent traps on a one-character path.
        #expect(Corpus.parent(of: "x") == "" && Corpus.stem(of: "x") == "x")
    }

    @Test func checkDigitsOfTheCorpusCodes() {
        for code in ["112275", "462250", "132039", "112305", "012165"] {
            #expect(Corpus.checkDigit(String(code.prefix(5))) == Int(String(code.last!)))
        }
    }

    @Test func aMissingPathIsAFailureNotACrash() {
        let corpus = Corpus(paths: ["/nonexistent/plans"])
        #expect(corpus.entries.isEmpty)
        #expect(corpus.failures.first?.description == "/nonexistent/plans: cannot be read: no such file or directory")
    }

    @Test func aManifestWithAWrongCheckDigitIsRejected() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-manifest-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "documents:\n  - file: a.txt\n    code: \"112276\"\n    municipality: 朝霞市\n".write(
            to: directory.appendingPathComponent("manifest.yaml"), atomically: true, encoding: .utf8)
        try "本文".write(to: directory.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let corpus = Corpus(paths: [directory.path])
        #expect(corpus.failures.count == 1)
        #expect(corpus.failures.first?.description.contains("wrong check digit") == true)
        #expect(corpus.entries.count == 1, "the folder is still read, file by file")
    }
}
