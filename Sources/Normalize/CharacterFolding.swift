import CICU

/// What one character becomes, independently of its neighbours (rules 1–6 of `Normalizer`).
///
/// The table is computed once per process from ICU (NFKC_Casefold for width, case,
/// compatibility forms and ignorables; the Hiragana-Katakana transliterator for kana) and the
/// project's own character classes, so the hot loop is one array lookup per scalar.
struct CharacterFolding: Sendable {
    /// For each BMP code point: a single scalar, `deleted`, or `multiple | index` into `expansions`.
    private let table: [UInt32]
    private let expansions: [[UInt32]]
    /// (kana << 32 | voicing mark) → composed kana, for half-width ｶﾞ and decomposed か + ゙.
    private let compositions: [UInt64: UInt32]

    static let deleted: UInt32 = 0xFFFF_FFFF
    static let multiple: UInt32 = 0x8000_0000

    static let shared = CharacterFolding()

    init() {
        var table = [UInt32](repeating: 0, count: 0x10000)
        var expansions = [[UInt32]]()
        let katakana = CharacterFolding.hiraganaToKatakana()
        // One ICU buffer and one result buffer for the whole table: it is built at every
        // start, and allocating two arrays per code point was most of its cost.
        var buffer = [UInt16](repeating: 0, count: 32)
        var folded = [UInt32]()
        folded.reserveCapacity(32)
        for codePoint in 0..<0x10000 {
            if (0xD800...0xDFFF).contains(codePoint) { table[codePoint] = 0xFFFD; continue }
            // Nine in ten code points are left alone by NFKC_Casefold, which ICU answers from
            // its trie: only the rest are normalized (the table is built at every start, and
            // a normalization call per code point was most of the start-up).
            if plancov_nfkc_casefold_is_inert(UInt32(codePoint)) != 0 {
                table[codePoint] = CharacterFolding.projectRules(CharacterFolding.kana(UInt32(codePoint), katakana))
                continue
            }
            CharacterFolding.compute(UInt32(codePoint), katakana: katakana, buffer: &buffer, into: &folded)
            switch folded.count {
            case 0: table[codePoint] = CharacterFolding.deleted
            case 1: table[codePoint] = folded[0]
            default:
                table[codePoint] = CharacterFolding.multiple | UInt32(expansions.count)
                expansions.append(folded)
            }
        }
        var compositions = [UInt64: UInt32]()
        for kana in UInt32(0x30A1)...0x30FA {
            for mark in [UInt32(0x3099), 0x309A] {
                var buffer: [UInt16] = [UInt16(kana), UInt16(mark), 0, 0]
                let length = plancov_nfc(&buffer, 2, 4)
                if length == 1 {
                    compositions[UInt64(kana) << 32 | UInt64(mark)] = CharacterFolding.projectRules(UInt32(buffer[0]))
                }
            }
        }
        self.table = table
        self.expansions = expansions
        self.compositions = compositions
    }

    /// What `value` folds to without allocating: a single scalar (`expansion == nil`,
    /// `single == deleted` when it vanishes) or an expansion.
    @inline(__always)
    func lookup(_ value: UInt32) -> (single: UInt32, expansion: [UInt32]?) {
        guard value < 0x10000 else {
            let folded = CharacterFolding.compute(value, katakana: [:])
            return folded.count == 1 ? (folded[0], nil) : (CharacterFolding.deleted, folded.isEmpty ? nil : folded)
        }
        let mapped = table[Int(value)]
        if mapped != CharacterFolding.deleted, mapped & CharacterFolding.multiple != 0 {
            return (CharacterFolding.deleted, expansions[Int(mapped & ~CharacterFolding.multiple)])
        }
        return (mapped, nil)
    }

    /// The BMP table for a hot loop: an entry without the `multiple` bit is the scalar that
    /// code point folds to; any other entry needs `lookup`.
    @inline(__always)
    func withTable<Result>(_ body: (UnsafeBufferPointer<UInt32>) -> Result) -> Result {
        table.withUnsafeBufferPointer(body)
    }

    /// The kana that `previous` and a following voicing mark (゙ or ゚) compose to, if any.
    @inline(__always)
    func compose(_ previous: UInt32, _ mark: UInt32) -> UInt32? {
        compositions[UInt64(previous) << 32 | UInt64(mark)]
    }

    static func compute(_ codePoint: UInt32, katakana: [UInt32: UInt32]) -> [UInt32] {
        var buffer = [UInt16](repeating: 0, count: 32)
        var result = [UInt32]()
        compute(codePoint, katakana: katakana, buffer: &buffer, into: &result)
        return result
    }

    /// As `compute(_:katakana:)`, into `result` (emptied first), with `buffer` for ICU.
    static func compute(_ codePoint: UInt32, katakana: [UInt32: UInt32], buffer: inout [UInt16], into result: inout [UInt32]) {
        result.removeAll(keepingCapacity: true)
        let length = plancov_nfkc_casefold(codePoint, &buffer, Int32(buffer.count))
        guard length >= 0 else { result.append(codePoint); return }
        var index = 0
        while index < Int(length) {
            var scalar = UInt32(buffer[index])
            index += 1
            if UTF16.isLeadSurrogate(UInt16(scalar)), index < Int(length), UTF16.isTrailSurrogate(buffer[index]) {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(buffer[index]) - 0xDC00)
                index += 1
            }
            result.append(projectRules(kana(scalar, katakana)))
        }
    }

    /// Hiragana (U+3041–U+309F) is the only block the transliterator changes.
    @inline(__always)
    static func kana(_ scalar: UInt32, _ katakana: [UInt32: UInt32]) -> UInt32 {
        (0x3041...0x309F).contains(scalar) ? katakana[scalar] ?? scalar : scalar
    }

    /// The hiragana the kana step maps: every letter and the iteration marks (ゟ is a
    /// compatibility form, folded by NFKC before; ゙ and ゚ are the voicing marks).
    static let hiragana = Array(UInt16(0x3041)...0x3096) + [0x309D, 0x309E]

    /// Hiragana → katakana through ICU's Hiragana-Katakana transform, run once over the whole
    /// block, compiled from its rules (`plancov_transliterate_direct`: opening it by name cost
    /// ~20 ms of every start).
    static func hiraganaToKatakana() -> [UInt32: UInt32] {
        var buffer = hiragana + [UInt16](repeating: 0, count: hiragana.count * 2)
        let length = plancov_transliterate_direct("Hiragana-Katakana", &buffer, Int32(hiragana.count), Int32(buffer.count))
        guard length == hiragana.count else { return [:] }
        var map = [UInt32: UInt32]()
        for (index, value) in hiragana.enumerated() { map[UInt32(value)] = UInt32(buffer[index]) }
        return map
    }

    /// The project's own character classes, applied after NFKC_Casefold and kana folding.
    static func projectRules(_ scalar: UInt32) -> UInt32 {
        if (0x30A1...0x31FF).contains(scalar), let large = smallKana[scalar] { return large }
        switch scalar {
        // Rule 4: dashes, minus signs, long-vowel marks and box-drawing lines are one mark.
        case 0x2010...0x2015, 0x2212, 0x30FC, 0xFE58, 0xFE63, 0xFF0D, 0x2500, 0x2501, 0x2043, 0x2E3A, 0x2E3B:
            return 0x2D
        // Tildes and wave dashes.
        case 0x301C, 0x3030, 0x223C, 0xFF5E, 0x2053:
            return 0x7E
        // Middle dots and bullets: ・
        case 0x00B7, 0x2027, 0x2219, 0x22C5, 0x2022, 0xFF65:
            return 0x30FB
        // Rule 5: every opening bracket but quotation corners is "(", every closing one ")".
        case 0x5B, 0x7B, 0x3010, 0x3014, 0x3016, 0x3018, 0x301A, 0x2985, 0xFF5F:
            return 0x28
        case 0x5D, 0x7D, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B, 0x2986, 0xFF60:
            return 0x29
        case 0x300E: return 0x300C
        case 0x300F: return 0x300D
        case 0x2215: return 0x2F
        // Whitespace classes: spaces, line breaks, and hard boundaries.
        case 0x09, 0x0B, 0x0C, 0x1C...0x1F: return Normalizer.boundary
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return Normalizer.lineBreak
        case 0x00...0x08, 0x0E...0x1B, 0x7F...0x9F: return Normalizer.boundary
        default:
            return scalar
        }
    }

    /// Rule 3: small kana fold to large ones (ぴつたり ~ ぴったり, old texts print no small kana).
    static let smallKana: [UInt32: UInt32] = [
        0x30A1: 0x30A2, 0x30A3: 0x30A4, 0x30A5: 0x30A6, 0x30A7: 0x30A8, 0x30A9: 0x30AA,
        0x30C3: 0x30C4, 0x30E3: 0x30E4, 0x30E5: 0x30E6, 0x30E7: 0x30E8, 0x30EE: 0x30EF,
        0x30F5: 0x30AB, 0x30F6: 0x30B1,
        0x31F0: 0x30AF, 0x31F1: 0x30B7, 0x31F2: 0x30B9, 0x31F3: 0x30C8, 0x31F4: 0x30CC,
        0x31F5: 0x30CF, 0x31F6: 0x30D2, 0x31F7: 0x30D5, 0x31F8: 0x30D8, 0x31F9: 0x30DB,
        0x31FA: 0x30E0, 0x31FB: 0x30E9, 0x31FC: 0x30EA, 0x31FD: 0x30EB, 0x31FE: 0x30EC, 0x31FF: 0x30ED,
    ]
}

extension Unicode.UTF16 {
    static func decodeScalars(_ units: ArraySlice<UInt16>) -> [UInt32] {
        var result = [UInt32]()
        var iterator = units.makeIterator()
        var decoder = Unicode.UTF16()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) { result.append(scalar.value) }
        return result
    }
}
