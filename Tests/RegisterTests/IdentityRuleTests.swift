import Foundation
import Testing
import Ingest
@testable import Register

let register = try! Register.bundled()
let identifier = Identifier(register: register)

/// Identifies a file at `path` (listed as `Corpus` lists a file with no manifest) whose plan
/// opens with `title`.
func identify(_ path: String, title: String = "はじめに") -> Identifier.Outcome {
    identifier.identify(CorpusEntry(path: path, municipality: Corpus.municipalityFromFileName(path)), title: TitleText(title))
}

/// The identity rules of `Identifier`, one test per rule, each on its own example.
struct IdentityRuleTests {
    @Test func rule1_theManifestNamesItAndTheRegisterAddsItsFacts() {
        let listed = CorpusEntry(path: "plans/x.txt", municipality: Municipality(code: "112275", name: "朝霞市", prefecture: "埼玉県"),
                                 identifiedBy: .manifest)
        let outcome = identifier.identify(listed, title: TitleText("新座市DX推進計画"))
        #expect(outcome.entry.identifiedBy == .manifest)
        #expect(outcome.entry.municipality == Municipality(code: "112275", name: "朝霞市", prefecture: "埼玉県", kana: "あさかし",
                                                           prefectureCode: "110001", kind: .city))
        #expect(outcome.warnings == ["its title names 埼玉県新座市 (112305), but its manifest says 埼玉県朝霞市 (112275); the manifest is kept"])
    }

    @Test func rule1_aManifestCodeNoOneHasIsAWarningAndTheManifestStands() {
        let listed = CorpusEntry(path: "plans/x.txt", municipality: Municipality(code: "999997", name: "架空町", prefecture: nil),
                                 identifiedBy: .manifest)
        let outcome = identifier.identify(listed, title: TitleText("架空町の計画"))
        #expect(outcome.entry.municipality.name == "架空町" && outcome.entry.identifiedBy == .manifest)
        #expect(outcome.warnings.first?.contains("the manifest's code 999997 is no local government's") == true)
    }

    @Test func rule2_aCodeStandingAloneInTheFileOrFolderNames() {
        for path in ["462250.txt", "plans/462250_aira.pdf", "462250/計画.pdf", "dx-46225.txt"] {
            let outcome = identify(path)
            #expect(outcome.entry.municipality.code == "462250" && outcome.entry.identifiedBy == .code, "\(path)")
            #expect(outcome.entry.municipality.name == "姶良市" && outcome.entry.municipality.prefecture == "鹿児島県")
        }
        #expect(identify("R060401_plan.txt").entry.identifiedBy == .fileName, "a code glued to a letter is a date")
    }

    @Test func rule2_aWrongCheckDigitIsAWarningThatNamesTheDigit() {
        let outcome = identify("112276_x.txt", title: "新座市デジタル化推進方針")
        #expect(outcome.warnings.first == "code 112276 in its name has a wrong check digit (expected 5: 112275 is 埼玉県朝霞市); it is not used")
        #expect(outcome.entry.municipality.code == "112305" && outcome.entry.identifiedBy == .title, "identity goes on to the next source")
    }

    @Test func rule2_aCodeNoLocalGovernmentHasIsAWarning() {
        let outcome = identify("999997_x.txt")
        #expect(outcome.warnings.first?.hasPrefix("code 999997 in its name is no local government's in the register") == true)
        #expect(outcome.entry.identifiedBy == .fileName)
    }

    @Test func rule3_aMunicipalitysNameInTheFolderOrFileNames() {
        for path in ["朝霞市/DX推進方針.pdf", "朝霞/download (3).pdf", "埼玉県/朝霞市/計画.pdf", "埼玉県朝霞市_計画.pdf",
                     "資料/朝霞市DX推進方針.pdf", "朝霞 市/x.pdf", "ＡＳＡＫＡ/朝霞市/x.pdf"] {
            let outcome = identify(path)
            #expect(outcome.entry.municipality.code == "112275" && outcome.entry.identifiedBy == .path, "\(path): \(outcome.entry)")
        }
        #expect(identify("新座市/朝霞市の資料.pdf").entry.municipality.code == "112275", "the name nearest the file wins")
    }

    @Test func rule3_wordsOfASCIIOnlyNameNobody() {
        for path in ["download (3).pdf", "dx_keikaku.pdf", "asaka/plan.pdf"] {
            #expect(identify(path).entry.identifiedBy == .fileName, "\(path)")
        }
    }

    @Test func rule4_thePlansOwnTitleNamesIt() {
        let ashibetsu = identify("download (3).pdf", title: "芦別市デジタルトランスフォーメーション（DX）推進方針")
        #expect(ashibetsu.entry.municipality.code == "012165" && ashibetsu.entry.identifiedBy == .title)
        #expect(ashibetsu.warnings.isEmpty)
        #expect(identify("dx.pdf", title: "南国市ＤＸ推進方針").entry.municipality.code == "392049")
        #expect(identify("dx.pdf", title: "東大阪市DX推進計画").entry.municipality.code == "272272", "the longest name ending there")
    }

    @Test func rule4_aTitleNamingOnlyAPrefectureIsThePrefecturesPlan() {
        let outcome = identify("keikaku.pdf", title: "埼玉県デジタルトランスフォーメーション推進計画")
        #expect(outcome.entry.municipality.code == "110001" && outcome.entry.municipality.kind == .prefecture)
    }

    @Test func rule5_elseTheFileNameWithAWarningThatSaysHowToNameIt() {
        let outcome = identify("plans/dx_keikaku.pdf")
        #expect(outcome.entry.municipality == Municipality(code: nil, name: "dx_keikaku", prefecture: nil))
        #expect(outcome.entry.identifiedBy == .fileName)
        #expect(outcome.warnings == ["could not tell which local government wrote it (no 団体コード, no municipality's name in its path or title): name the file with its code (112275_plan.pdf), put it in a folder named after the municipality (埼玉県/朝霞市/), or list it in a manifest.yaml"])
    }

    @Test func ambiguity_aPrefectureInThePathOrTitleTellsSharedNamesApart() {
        #expect(identify("広島県/府中市/plan.pdf").entry.municipality.code == "342084")
        #expect(identify("府中市/plan.pdf", title: "東京都 府中市 DX推進計画").entry.municipality.code == "132063")
        #expect(identify("北海道伊達市_計画.pdf").entry.municipality.code == "012335")
        #expect(identify("福島県/伊達市/計画.pdf").entry.municipality.code == "072133")
    }

    @Test func ambiguity_withNoPrefectureTheFileIsReportedWithItsCandidates() {
        let outcome = identify("府中市/plan.pdf")
        #expect(outcome.entry.identifiedBy == .fileName, "never silently assigned")
        #expect(outcome.warnings == ["ambiguous: 府中市 could be 東京都府中市 (132063) or 広島県府中市 (342084); name its prefecture in the path (東京都/府中市/…) or put its 団体コード in the file name"])
    }

    @Test func conflict_theExplicitSourceWinsAndTheDisagreementIsAWarning() {
        let outcome = identify("100005_x.txt", title: "芦別市デジタル化推進方針")
        #expect(outcome.entry.municipality.name == "群馬県" && outcome.entry.identifiedBy == .code)
        #expect(outcome.warnings == ["its title names 北海道芦別市 (012165), but its code says 群馬県 (100005); the code is kept"])
        let path = identify("埼玉県/新座市/112275_plan.pdf")
        #expect(path.entry.municipality.code == "112275")
        #expect(path.warnings == ["its path names 埼玉県新座市 (112305), but its code says 埼玉県朝霞市 (112275); the code is kept"])
    }
}
