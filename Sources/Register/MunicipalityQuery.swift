import Ingest

/// How a user names a municipality on the command line (`missing --municipality`, `show`):
/// one rule for every command, so the same words find the same plan everywhere. Names are
/// compared by `NameKey` (width, kana, ヶ/ケ, spaces).
///
/// 1. **Exact first.** A query equal to a candidate's 団体コード, its name, its name with its
///    prefecture, or its reading finds that one: `112275`, `朝霞市`, `埼玉県朝霞市` and `あさかし`
///    all find 朝霞市.
/// 2. **Then a prefix.** Only when nothing matches exactly, a query that begins a code or a
///    name finds it: `朝霞` and `1122` find 朝霞市.
/// 3. **One or say which.** Of the candidates found by the first rule that finds any, exactly
///    one is an answer; several (`11` finds 朝霞市 and 新座市; `府中市` finds 東京都's and
///    広島県's) are ambiguous, and the caller names them rather than pick one.
public struct MunicipalityQuery: Sendable, Equatable {
    public let text: String
    private let key: [UInt32]

    public init(_ text: String) {
        self.text = text
        key = NameKey.of(text)
    }

    /// What the query is compared with, of one candidate.
    public struct Names: Sendable {
        public let code: String?
        public let name: String
        public let prefecture: String?
        public let kana: String?

        public init(code: String?, name: String, prefecture: String? = nil, kana: String? = nil) {
            self.code = code
            self.name = name
            self.prefecture = prefecture
            self.kana = kana
        }

        public init(_ municipality: Municipality) {
            self.init(code: municipality.code, name: municipality.name, prefecture: municipality.prefecture, kana: municipality.kana)
        }
    }

    /// The candidates the query finds, by the first rule that finds any (rules 1 and 2), in
    /// the candidates' order. Candidates with the same key (code, else name) count once.
    public func matches<Candidate>(in candidates: [Candidate], names: (Candidate) -> Names) -> [Candidate] {
        func unique(_ found: [Candidate]) -> [Candidate] {
            var seen = Set<String>()
            return found.filter { let n = names($0); return seen.insert(n.code ?? n.name).inserted }
        }
        let exact = candidates.filter { candidate in
            let n = names(candidate)
            if n.code == text { return true }
            let name = NameKey.of(n.name)
            return name == key || n.prefecture.map { NameKey.of($0) + name == key } == true
                || n.kana.map { NameKey.of($0) == key } == true
        }
        if !exact.isEmpty { return unique(exact) }
        guard !key.isEmpty else { return [] }
        return unique(candidates.filter { candidate in
            let n = names(candidate)
            return NameKey.of(n.name).starts(with: key) || (n.code?.hasPrefix(text) ?? false)
        })
    }
}
