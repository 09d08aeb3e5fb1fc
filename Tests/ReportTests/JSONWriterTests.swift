import Foundation
import TestSupport
import Testing
@testable import Report

struct JSONWriterTests {
    @Test func escapesWhatJSONAndJavaScriptNeedAndKeepsJapanese() throws {
        var writer = JSONWriter()
        writer.string("児童\"手当\\\n\t\u{01}\u{2028}…")
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == #""児童\"手当\\\n\t\u0001\u2028…""#)
        let decoded = try JSONSerialization.jsonObject(with: Data(writer.bytes), options: .fragmentsAllowed) as? String
        #expect(decoded == "児童\"手当\\\n\t\u{01}\u{2028}…")
    }

    /// The writer skips eight bytes at a time where nothing needs escaping: on strings of
    /// every length, with the characters to escape anywhere (and look-alikes such as ※ and
    /// … whose UTF-8 starts like U+2028's), it must write what a character-by-character
    /// escaper writes.
    @Test func escapesLikeACharacterByCharacterEscaper() {
        let alphabet: [String] = ["a", "児", "\"", "\\", "\n", "\t", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}", "※", "…", " ", "Z", "手当"]
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0x2028: out += "\\u2028"
                case 0x2029: out += "\\u2029"
                case 0..<0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        var random = SeededRandom(seed: 11)
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int(random.next() >> 59) {
                text += alphabet[random.next(alphabet.count)]
            }
            var writer = JSONWriter()
            writer.string(text)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == reference(text), "\(text.debugDescription)")
        }
    }
}
