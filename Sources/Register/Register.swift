import CResources
import Foundation
import Ingest
import Normalize

/// The register of Japan's local governments (全国地方公共団体コード): every prefecture,
/// 市区町村 and 政令市の区 with its code, official name, reading, prefecture and kind. It
/// turns the codes and names found around a plan into a local government (see `Identifier`).
///
/// The bundled register is 総務省's list as of 令和6年1月1日 (`Resources/municipalities.json`,
/// MIT, from nojimage/local-gov-code-jp; see `Resources/municipalities.SOURCE.md`): 47
/// prefectures, 1,741 市区町村 plus the six 北方領土 villages, 171 政令市の区. `--register FILE`
/// reads a newer file of the same shape: municipalities merge, and a plan names the one in
/// force when it was identified.
public final class Register: Sendable {
    /// Where the register came from, for messages and `--version`.
    public let source: String
    /// The date the bundled list reflects; nil for a file the user gave.
    public let asOf: String?
    public let governments: [LocalGovernment]
    private let byCode: [String: Int]
    /// Name keys (`NameKey`) to indices: official names with their suffix (朝霞市, 札幌市中央区).
    private let byName: [[UInt32]: [Int]]
    /// Name keys without the 市/町/村/区 suffix (朝霞): for path words, where 朝霞 names 朝霞市.
    private let byStem: [[UInt32]: [Int]]
    /// Prefecture name keys (埼玉県) to indices.
    private let prefectures: [[UInt32]: Int]
    /// The longest name key, in characters: how far back a title scan looks.
    let longestName: Int
    /// Each government's name key, and the keys by `NameKey.reverseHash`: a title is scanned
    /// backwards from every 市町村区 and 都道府県 without building an array per length tried.
    private let keys: [[UInt32]]
    private let byNameHash: [UInt64: [Int]]
    private let prefectureHash: [UInt64: Int]
    /// Every name's and prefecture's `reverseHash`, 16 bits of it as a bit set: most windows a
    /// title scan tries are no name, and a bit says so without hashing the hash.
    private let hashBits: [UInt64]

    /// The bundled register: the date it reflects.
    public static let bundledDate = "2024-01-01 (令和6年1月1日)"

    /// "全国地方公共団体コード 2024-01-01 (令和6年1月1日), 1965 local governments": what
    /// `plancov --version` says of the built-in register, read without building its indices.
    public static var bundledSummary: String {
        let count = BuiltIn.bytes("municipalities.json").flatMap { try? RegisterFile.rows($0).count }
        return "全国地方公共団体コード \(bundledDate)" + (count.map { ", \($0) local governments" } ?? " (missing from this build)")
    }

    /// The register built into plancov, read once per process: the batch identifies plans with
    /// it and the national reports count every 市区町村 from it, and reading it is some 6 ms.
    public static func bundled() throws(RegisterError) -> Register { try bundledRegister.get() }

    private static let bundledRegister = Result { () throws(RegisterError) -> Register in
        guard let bytes = BuiltIn.bytes("municipalities.json") else {
            throw RegisterError(source: "municipalities.json", message: "the built-in register is missing from this build")
        }
        return try Register(json: bytes, source: "(built in) 全国地方公共団体コード", asOf: bundledDate)
    }

    /// A register file of the bundled one's shape (a JSON array of objects with type, code,
    /// name, kana, pref_code, pref_name, city_name, city_kana, ward_name, ward_kana).
    public static func load(path: String) throws(RegisterError) -> Register {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RegisterError(source: path, message: "cannot be read")
        }
        return try Register(json: data, source: path, asOf: nil)
    }

    init(json: Data, source: String, asOf: String?) throws(RegisterError) {
        let rows: [[String: String]]
        do {
            rows = try RegisterFile.rows(json)
        } catch {
            throw RegisterError(source: source, message: "is not a register of local governments (a JSON array of rows with type, code and name): \(error.message)")
        }
        var governments = [LocalGovernment]()
        governments.reserveCapacity(rows.count)
        for (number, fields) in rows.enumerated() {
            guard let type = fields["type"], let code = fields["code"], let fullName = fields["name"] else {
                throw RegisterError(source: source, message: "row \(number + 1) lacks type, code or name")
            }
            let row = (type: type, code: code, name: fullName, kana: fields["kana"], pref_code: fields["pref_code"],
                       pref_name: fields["pref_name"], city_name: fields["city_name"], city_kana: fields["city_kana"],
                       ward_name: fields["ward_name"], ward_kana: fields["ward_kana"])
            guard row.code.count == 6, row.code.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw RegisterError(source: source, message: "row \(number + 1): code \"\(row.code)\" is not a 6-digit 全国地方公共団体コード")
            }
            let name: String, kana: String?, kind: Municipality.Kind
            switch row.type {
            case "prefecture":
                (name, kana, kind) = (row.name, row.kana, .prefecture)
            case "ward":
                name = (row.city_name ?? "") + (row.ward_name ?? row.name)
                kana = row.city_kana.flatMap { city in row.ward_kana.map { city + $0 } }
                kind = .designatedCityWard
            case "city":
                name = row.city_name ?? row.name
                kana = row.city_kana
                switch name.last {
                case "市": kind = .city
                case "町": kind = .town
                case "村": kind = .village
                case "区": kind = .specialWard
                default:
                    throw RegisterError(source: source, message: "row \(number + 1): \(name) ends in none of 市, 町, 村, 区")
                }
            default:
                throw RegisterError(source: source, message: "row \(number + 1): unknown type \"\(row.type)\" (prefecture, city or ward)")
            }
            governments.append(LocalGovernment(code: row.code, name: name, kana: kana, prefectureCode: row.pref_code ?? row.code,
                                               prefecture: row.pref_name ?? row.name, kind: kind))
        }
        var byCode = [String: Int](), byName = [[UInt32]: [Int]](), byStem = [[UInt32]: [Int]](), prefectures = [[UInt32]: Int]()
        var longest = 0
        var keys = [[UInt32]](), byNameHash = [UInt64: [Int]](), prefectureHash = [UInt64: Int]()
        for (index, government) in governments.enumerated() {
            if byCode[government.code] != nil {
                throw RegisterError(source: source, message: "code \(government.code) appears twice")
            }
            byCode[government.code] = index
            let key = NameKey.of(government.name)
            keys.append(key)
            longest = max(longest, key.count)
            if government.kind == .prefecture {
                prefectures[key] = index
                prefectureHash[NameKey.reverseHash(key[...])] = index
                continue
            }
            byName[key, default: []].append(index)
            byNameHash[NameKey.reverseHash(key[...]), default: []].append(index)
            // A 政令市の区 is named with its city (札幌市中央区): its stem alone (中央) is no name.
            if government.kind != .designatedCityWard, key.count > 2 {
                byStem[Array(key.dropLast()), default: []].append(index)
            }
        }
        self.source = source
        self.asOf = asOf
        self.governments = governments
        self.byCode = byCode
        self.byName = byName
        self.byStem = byStem
        self.prefectures = prefectures
        self.longestName = longest
        self.keys = keys
        self.byNameHash = byNameHash
        self.prefectureHash = prefectureHash
        var bits = [UInt64](repeating: 0, count: 1024)
        for hash in Array(byNameHash.keys) + Array(prefectureHash.keys) {
            let bit = Int(hash & 0xFFFF)
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        hashBits = bits
    }

    public func government(code: String) -> LocalGovernment? { byCode[code].map { governments[$0] } }

    /// What a 6-digit code (or a 5-digit one, its check digit computed) says.
    public func check(code: String) -> CodeCheck {
        let digits = code.utf8.map { Int($0) - 0x30 }
        guard digits.count == 5 || digits.count == 6, digits.allSatisfy({ (0...9).contains($0) }) else { return .notACode }
        // The check digit of JIS X 0401/0402: weights 6…2, 11 − the sum mod 11, its last digit.
        let sum = zip(digits, [6, 5, 4, 3, 2]).reduce(0) { $0 + $1.0 * $1.1 }
        let expected = (11 - sum % 11) % 10
        let full = String(code.prefix(5)) + String(expected)
        if digits.count == 6, digits[5] != expected {
            return .wrongCheckDigit(expected: expected, meant: government(code: full))
        }
        return government(code: full).map(CodeCheck.known) ?? .unknown(full)
    }

    /// What the name ending at `text[end]` names, of length up to `longestName`, the longest
    /// first: the local governments named (東大阪市, not 大阪市, in 東大阪市), or the prefecture.
    func names(endingAt end: Int, in text: [UInt32], prefecture: Bool) -> (governments: [LocalGovernment], key: ArraySlice<UInt32>)? {
        var hash = NameKey.hashSeed
        var best: (governments: [LocalGovernment], key: ArraySlice<UInt32>)?
        var start = end
        while start >= 0, end - start < longestName, text[start] != Normalizer.boundary {
            hash = NameKey.hashStep(hash, text[start])
            let bit = Int(hash & 0xFFFF)
            if end > start, hashBits[bit >> 6] & (1 << UInt64(bit & 63)) != 0 {
                let window = text[start...end]
                if prefecture {
                    if let index = prefectureHash[hash], keys[index].elementsEqual(window) { best = ([governments[index]], window) }
                } else if let indices = byNameHash[hash] {
                    let found = indices.filter { keys[$0].elementsEqual(window) }
                    if !found.isEmpty { best = (found.map { governments[$0] }, window) }
                }
            }
            start -= 1
        }
        return best
    }

    /// The local governments a name key names exactly (朝霞市; 府中市 names two).
    func governments(named key: [UInt32]) -> [LocalGovernment] { (byName[key] ?? []).map { governments[$0] } }

    /// The local governments a name key names without its suffix (朝霞 for 朝霞市).
    func governments(stem key: [UInt32]) -> [LocalGovernment] { (byStem[key] ?? []).map { governments[$0] } }

    /// The prefecture a name key names (埼玉県).
    func prefecture(named key: [UInt32]) -> LocalGovernment? { prefectures[key].map { governments[$0] } }

    /// Prefecture name keys, for words that begin with one (埼玉県朝霞市).
    var prefectureKeys: Dictionary<[UInt32], Int>.Keys { prefectures.keys }
}

/// One local government of the register.
public struct LocalGovernment: Sendable, Hashable {
    public let code: String
    /// The official name without its prefecture: 朝霞市, 札幌市中央区, 埼玉県.
    public let name: String
    /// Its reading in hiragana.
    public let kana: String?
    public let prefectureCode: String
    public let prefecture: String
    public let kind: Municipality.Kind

    /// As a row of the matrix knows it.
    public var municipality: Municipality {
        Municipality(code: code, name: name, prefecture: prefecture, kana: kana, prefectureCode: prefectureCode, kind: kind)
    }

    /// 埼玉県朝霞市: the name with its prefecture, as the register writes it.
    public var fullName: String { kind == .prefecture ? name : prefecture + name }

    /// 埼玉県朝霞市 (112275), for messages.
    public var label: String { "\(fullName) (\(code))" }

    /// One of the six 北方領土 villages (色丹村, 泊村, 留夜別村, 留別村, 紗那村, 蘂取村): in the
    /// register and on the map, but with no administration and so no plan: national counts of
    /// 市区町村 (1,741) leave them out.
    public var isNorthernTerritory: Bool { LocalGovernment.northernTerritories.contains(code) }

    static let northernTerritories: Set<String> = ["016951", "016969", "016977", "016985", "016993", "017001"]
}

/// What the register says of a code found in a file or folder name.
public enum CodeCheck: Sendable, Equatable {
    case known(LocalGovernment)
    /// Six digits whose last is not the check digit of the first five; `meant` is the local
    /// government the right digit gives, if any.
    case wrongCheckDigit(expected: Int, meant: LocalGovernment?)
    /// A well-formed code no local government has.
    case unknown(String)
    case notACode
}

/// A register that cannot be used, and why: exit code 1.
public struct RegisterError: Error, Sendable, CustomStringConvertible {
    public let source: String
    public let message: String
    public var description: String { "\(source): \(message)" }
}

/// The data files built into the binary (see Sources/CResources).
enum BuiltIn {
    static func bytes(_ name: String) -> Data? {
        var size = 0
        guard let base = plancov_resource(name, &size) else { return nil }
        return Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: size, deallocator: .none)
    }
}
