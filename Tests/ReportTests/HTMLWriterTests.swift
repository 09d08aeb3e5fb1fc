import Foundation
import Testing
@testable import Report

/// `HTMLWriter`'s fragments: markup and attribute values rendered once and copied into many
/// pages must be exactly what writing them in place gives.
@Suite struct HTMLWriterTests {
    static func page(_ write: (HTMLWriter) -> Void) -> String {
        let w = HTMLWriter(capacity: 64)
        write(w)
        return String(decoding: w.finish(), as: UTF8.self)
    }

    @Test func aMarkupFragmentIsTheMarkupWrittenInPlace() {
        let store = HTMLWriter.FragmentStore()
        let render: (HTMLWriter) -> Void = { w in
            w.start("th")
            w.element("a", ["href": "../i/x&y.html"], text: "子育て <15>")
            w.fullEnd()
        }
        let fragment = store.markup(render)
        let inPlace = Self.page { w in w.start("tr"); render(w); w.fullEnd() }
        let copied = Self.page { w in w.start("tr"); w.fragment(fragment); w.fullEnd() }
        #expect(copied == inPlace)
        #expect(copied == #"<tr><th><a href="../i/x&amp;y.html">子育て &lt;15&gt;</a></th></tr>"#)
    }

    @Test func anAttributeValueFragmentIsEscapedOnceAndJoinsItsParts() {
        let store = HTMLWriter.FragmentStore()
        let link = store.value("../m/11.html#"), prefix = store.value("e-\"112275\"-"), item = store.value("a&b\tc")
        let joined = Self.page { w in w.start("a"); w.attribute("href", link, prefix, item); w.fullEnd() }
        let inPlace = Self.page { w in w.start("a"); w.attribute("href", "../m/11.html#e-\"112275\"-a&b\tc"); w.fullEnd() }
        #expect(joined == inPlace)
        #expect(joined == #"<a href="../m/11.html#e-&quot;112275&quot;-a&amp;b&#9;c"></a>"#)
        let one = Self.page { w in w.start("td"); w.attribute("class", store.value("c s-listed")); w.fullEnd() }
        #expect(one == #"<td class="c s-listed"></td>"#)
    }

    /// Numbers and literals written straight into an attribute value, and the start tag still
    /// closed where the content begins.
    @Test func anAttributeOfPiecesIsTheAttributeOfItsString() {
        let pieces = Self.page { w in
            w.start("td")
            w.attribute("class") { $0.raw("pc q"); $0.integer(3) }
            w.attribute("title") { $0.integer(15); $0.raw("/"); $0.integer(20); $0.raw(" ・ ●") ; $0.integer(-1) }
            w.integer(75)
            w.raw("%")
            w.fullEnd()
        }
        let strings = Self.page { w in
            w.element("td", ["class": "pc q3", "title": "15/20 ・ ●-1"], text: "75%")
        }
        #expect(pieces == strings)
        #expect(pieces == #"<td class="pc q3" title="15/20 ・ ●-1">75%</td>"#)
    }

    @Test func aWriterResetStartsAnEmptyPage() {
        let w = HTMLWriter(capacity: 64)
        w.start("p")
        w.text("前のページ")
        w.reset()
        w.element("b", text: "次")
        #expect(String(decoding: w.finish(), as: UTF8.self) == "<b>次</b>")
    }

    /// What escaping must give, one character at a time: the reference the sixteen-byte kernel
    /// (`plancov_html_plain_run`) and the eight-byte loop after it are held to.
    static func reference(_ text: String, attribute: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            case "\u{FFFE}", "\u{FFFF}": break
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n": break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Every character that needs escaping or dropping, at every offset of a run long enough for
    /// the kernel (and in its last bytes, where the loops after it take over), in text and in
    /// attributes; full-width forms (EF BC 88, EF BF A5) and other EF BF sequences pass.
    @Test func escapingMatchesTheReferenceAtEveryOffset() {
        let plain = "（自治体）ＤＸ推進計画の住民基本台帳￥と戸籍abc"
        for special in ["&", "<", ">", "\"", "\r", "\n", "\t", "\u{0}", "\u{1F}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{FF5E}"] {
            for offset in 0...plain.unicodeScalars.count {
                var scalars = Array(plain.unicodeScalars)
                scalars.insert(contentsOf: special.unicodeScalars, at: offset)
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars)
                let inText = Self.page { w in w.element("p", text: text) }
                #expect(inText == "<p>" + Self.reference(text, attribute: false) + "</p>", "\(special.unicodeScalars.first!.value) at \(offset)")
                let inAttribute = Self.page { w in w.element("p", ["title": text], text: "x") }
                #expect(inAttribute == "<p title=\"" + Self.reference(text, attribute: true) + "\">x</p>", "\(special.unicodeScalars.first!.value) at \(offset)")
            }
        }
    }
}
