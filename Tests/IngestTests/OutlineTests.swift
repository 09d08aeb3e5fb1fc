import Foundation
import TestSupport
import Testing
@testable import Ingest

struct OutlineTests {
    func outline(_ text: String) -> [Heading] {
        let doc = Document(path: "x.txt", format: .text, encoding: "UTF-8", scalars: text.unicodeScalars.map(\.value))
        return OutlineParser.parse(doc.scalars, lineStarts: doc.lineStarts).headings
    }

    /// The finder reuses a section path over the stretch between two heading bounds; asked
    /// in text order or at random, it must give what a scan of the outline gives.
    @Test func theSectionFinderGivesEveryOffsetsPath() throws {
        let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for plan in ["112275_asaka.txt", "012165_ashibetsu.txt", "112305_niiza.txt"] {
            let document = try DocumentReader().read(path: repositoryRoot.appendingPathComponent("corpus/plans/\(plan)").path)
            #expect(document.outline.count > 10)
            var inOrder = SectionFinder(document), atRandom = SectionFinder(document)
            var random = SeededRandom(seed: 3)
            for offset in stride(from: 0, to: document.scalars.count, by: 7) {
                #expect(inOrder.indices(at: offset) == document.sectionIndices(at: offset), "\(plan) at \(offset)")
                let anywhere = random.next(document.scalars.count)
                #expect(atRandom.indices(at: anywhere) == document.sectionIndices(at: anywhere), "\(plan) at \(anywhere)")
            }
        }
    }

    @Test func levelsFollowTheOrderInWhichStylesAppear() {
        let headings = outline("第1章 はじめに\n本文\n1. 意義\n本文\n(1) 背景\n本文\n① 経緯\n本文\n2. 目的\n本文\n第2章 背景\n本文\n")
        #expect(headings.map(\.title) == ["第1章 はじめに", "1. 意義", "(1) 背景", "① 経緯", "2. 目的", "第2章 背景"])
        #expect(headings.map(\.level) == [1, 2, 3, 4, 2, 1])
    }

    @Test func markdownMarksAndBoldAreIgnoredForNumberedHeadings() {
        let headings = outline("## 第3章 重点\n本文\n#### (1) 標準化\n本文\n## (2) マイナンバー\n本文\n### **(3) オンライン化**\n本文\n")
        #expect(headings.map(\.level) == [1, 2, 2, 2])
        #expect(headings.last?.title == "(3) オンライン化")
    }

    @Test func aRunOfSameStyleLinesIsAListNotHeadings() {
        let headings = outline("付録 2 手続\n\n1. 図書館の図書貸出予約等\n2. 文化・スポーツ施設等の利用予約等\n3. 研修\n")
        #expect(headings.map(\.title) == ["付録 2 手続"])
    }

    @Test func tableRowsListItemsAndSentencesAreNotHeadings() {
        let headings = outline("① 住民基本台帳\t② 固定資産税\n- (1) 行政手続のオンライン化\n(1) これは文です。\n")
        #expect(headings.isEmpty)
    }

    @Test func labelsDoNotOpenALevel() {
        let headings = outline("1 方針\n【重点】\n本文\n(1) 手続\n本文\n")
        #expect(headings.map(\.level) == [1, 2, 2])
        #expect(headings[1].range.upperBound == headings[2].range.lowerBound, "a label ends at the next heading")
    }

    @Test func dottedNumbersAfterAnInnerNumberedListTakeTheOuterLevel() {
        // 姶良: items 4. and 6 of section 5.2, then 5.3 and its own items.
        let headings = outline("4. 対象課\n本文\n6 スケジュール\n本文\n5.3 AI・RPAの活用\n本文\n1. AIの導入\n本文\n")
        #expect(headings.map(\.level) == [1, 1, 1, 2])
    }

    @Test func theTableOfContentsIsOneSectionAndItsEntriesAreNotHeadings() {
        let text = "目次\n\n1\t策定の趣旨\t1\n\t（1）行政手続のオンライン化\t3\n2\t推進体制\t7\n\n1 策定の趣旨\n本文\n2 推進体制\n本文\n"
        let headings = outline(text)
        #expect(headings.map(\.title) == ["目次", "1 策定の趣旨", "2 推進体制"])
        #expect(headings[0].isTableOfContents)
        #expect(headings[0].line == 1)
    }

    @Test func debrisIsMarked() {
        let scalars = Array("AI^{*}と[※]、(*¹)<p>本文</p>**太字**".unicodeScalars.map(\.value))
        let spans = OutlineParser.debris(scalars, 0..<scalars.count)
        let texts = spans.map { String(String.UnicodeScalarView(scalars[$0.range].compactMap(Unicode.Scalar.init))) }
        #expect(texts == ["^{*}", "[※]", "(*¹)", "<p>", "</p>", "**", "**"])
        #expect(spans.map(\.kind) == [.remove, .remove, .remove, .separate, .separate, .remove, .remove])
    }

    @Test(arguments: [
        ("012165_ashibetsu.txt", ["芦別市デジタルトランス フォーメーション（DX）推進方針", "目次", "第1章 はじめに", "第2章 策定の背景",
                                  "第3章 芦別市におけるDXの重点事項", "付録 1 用語の解説", "付録 2 地方公共団体が優先的にオンライン化を推進すべき手続"]),
        ("112275_asaka.txt", ["目次", "1 策定の趣旨", "2 位置付け", "3 行政情報デジタル化推進方針", "4 推進体制"]),
        ("132039_musashino.txt", ["目次", "1 自治体DXに関する全体方針について", "2 自治体DXに向けてのビジョン", "3 自治体DXに向けての基本方針",
                                  "4 取組事項", "5 スケジュールについて", "6 推進体制"]),
    ])
    func chaptersOfTheCorpusPlansMatchTheirContents(file: String, chapters: [String]) throws {
        let document = try DocumentReader().read(path: plan(file))
        #expect(document.outline.filter { $0.level == 1 }.map(\.title) == chapters)
    }
}
