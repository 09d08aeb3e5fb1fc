/// How a user names a prefecture on the command line (`compare --prefecture`, `missing
/// --prefecture`): by its code or its name, one rule for every command. Names are compared by
/// `NameKey` (width, kana, spaces).
///
/// 1. **A code**: the two digits of the prefecture (`11`, `1` for `01`) or its own 6-digit
///    全国地方公共団体コード (`110001`).
/// 2. **A name**, with or without its 都, 道, 府 or 県, or its reading: `埼玉県`, `埼玉` and
///    `さいたまけん` find 埼玉県; `東京` finds 東京都 and `北海道` 北海道.
///
/// Nothing else: `埼` finds nothing (no prefixes: two letters of a name are rarely what a user
/// meant, and every prefecture is short enough to type).
public struct PrefectureQuery: Sendable, Equatable {
    public let text: String
    private let key: [UInt32]

    public init(_ text: String) {
        self.text = text
        key = NameKey.of(text)
    }

    /// The 2-digit code the query gives, when it is one (rule 1): `11` for `11`, `1`, `110001`.
    public var code: String? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        switch text.count {
        case 1: return "0" + text
        case 2: return text
        case 6: return String(text.prefix(2))
        default: return nil
        }
    }

    /// Whether the query names the prefecture `name` whose 2-digit code is `code` (either may be
    /// unknown), with its reading `kana` when known.
    public func finds(code candidateCode: String?, name: String?, kana: String? = nil) -> Bool {
        if let code, let candidateCode { return candidateCode.prefix(2) == code }
        guard !key.isEmpty else { return false }
        if let name {
            let nameKey = NameKey.of(name)
            if nameKey == key { return true }
            if let last = name.last, "都道府県".contains(last), name != "北海道", Array(nameKey.dropLast()) == key { return true }
        }
        if let kana { return NameKey.of(kana) == key }
        return false
    }
}
