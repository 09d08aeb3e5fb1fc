import Foundation
import Normalize

/// Names compared as people write them: one key for every spelling of a local government's
/// name or reading, the same for the register, for paths, titles and what users type.
///
/// 1. **The matching form of plans** (`Normalizer.standard`): width and compatibility forms
///    fold (`ＤＸ` ~ `DX`), hiragana reads as katakana (`あさかし` ~ `アサカシ`), small kana as
///    large, spaces inside Japanese go (`朝霞 市` ~ `朝霞市`).
/// 2. **ヶ and ヵ of place names are ケ and カ**: `鎌ヶ谷市` ~ `鎌ケ谷市` (the register writes 鎌ケ谷市).
/// 3. **旧字体 and other variant kanji fold** to one form, from `Resources/name-variants.tsv`:
///    `檮原町` ~ `梼原町`, `龍ケ崎市` ~ `竜ケ崎市`.
public enum NameKey {
    /// The table of rule 3 (and 2), from the built-in `name-variants.tsv`: from-scalar → to-scalar.
    static let variants: [UInt32: UInt32] = {
        var table = [UInt32: UInt32]()
        guard let bytes = BuiltIn.bytes("name-variants.tsv") else { return table }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t").map { Array($0.unicodeScalars) }
            guard fields.count == 2, fields[0].count == 1, fields[1].count == 1 else { continue }
            table[fields[0][0].value] = fields[1][0].value
        }
        return table
    }()

    /// The key of `text`.
    public static func of(_ text: String) -> [UInt32] {
        fold(Normalizer.standard.normalize(text).scalars[...])
    }

    /// Rules 2 and 3 on text already in the matching form (rule 1).
    static func fold(_ scalars: ArraySlice<UInt32>) -> [UInt32] {
        scalars.map { value in
            value < 0x10000 && hasVariant[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0 ? variants[value]! : value
        }
    }

    /// The BMP scalars `variants` folds, as bits: a title's every scalar is asked, and nearly
    /// none has a variant, so the answer is a bit, not a hash.
    static let hasVariant: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 1024)
        for key in variants.keys where key < 0x10000 { bits[Int(key >> 6)] |= 1 << UInt64(key & 63) }
        return bits
    }()

    static let hashSeed: UInt64 = 0xCBF2_9CE4_8422_2325

    /// One step of FNV-1a over a scalar.
    @inline(__always) static func hashStep(_ hash: UInt64, _ scalar: UInt32) -> UInt64 {
        (hash ^ UInt64(scalar)) &* 0x0000_0100_0000_01B3
    }

    /// FNV-1a of a key read from its last scalar to its first: the hash a backward scan
    /// builds one scalar at a time (see `Register.names(endingAt:in:prefecture:)`).
    static func reverseHash(_ key: ArraySlice<UInt32>) -> UInt64 {
        key.reversed().reduce(hashSeed, hashStep)
    }

    /// A key as text, for messages and tests.
    static func string(_ key: [UInt32]) -> String {
        String(String.UnicodeScalarView(key.compactMap(Unicode.Scalar.init)))
    }
}
