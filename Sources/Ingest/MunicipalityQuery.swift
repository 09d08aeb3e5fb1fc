/// How a user names a municipality on the command line (`missing --municipality`, `show`):
/// one rule for every command, so the same words find the same plan everywhere.
///
/// 1. **Exact first.** A query equal to a candidate's 団体コード or name finds that one:
///    `112275` and `朝霞市` find 朝霞市.
/// 2. **Then a prefix.** Only when nothing matches exactly, a query that begins a code or a
///    name finds it: `朝霞` and `1122` find 朝霞市.
/// 3. **One or say which.** Of the candidates found by the first rule that finds any, exactly
///    one is an answer; several (`11` finds 朝霞市 and 新座市) are ambiguous, and the caller
///    names them rather than pick one.
public struct MunicipalityQuery: Sendable, Equatable {
    public let text: String

    public init(_ text: String) { self.text = text }

    /// What a query found among candidates.
    public enum Match<Candidate>: CustomStringConvertible {
        case one(Candidate)
        case none
        /// Several candidates, all found by the same rule.
        case ambiguous([Candidate])

        public var description: String {
            switch self {
            case .one(let candidate): return "\(candidate)"
            case .none: return "none"
            case .ambiguous(let candidates): return "ambiguous: \(candidates)"
            }
        }
    }

    /// The candidates the query finds, by the first rule that finds any (rules 1 and 2), in
    /// the candidates' order. Candidates with the same key (code, else name) count once.
    public func matches<Candidate>(in candidates: [Candidate], code: (Candidate) -> String?, name: (Candidate) -> String) -> [Candidate] {
        func unique(_ found: [Candidate]) -> [Candidate] {
            var seen = Set<String>()
            return found.filter { seen.insert(code($0) ?? name($0)).inserted }
        }
        let exact = candidates.filter { code($0) == text || name($0) == text }
        if !exact.isEmpty { return unique(exact) }
        guard !text.isEmpty else { return [] }
        return unique(candidates.filter { name($0).hasPrefix(text) || (code($0)?.hasPrefix(text) ?? false) })
    }

    /// Rule 3: the one candidate the query finds, or why there is none.
    public func match<Candidate>(in candidates: [Candidate], code: (Candidate) -> String?, name: (Candidate) -> String) -> Match<Candidate> {
        let found = matches(in: candidates, code: code, name: name)
        switch found.count {
        case 0: return .none
        case 1: return .one(found[0])
        default: return .ambiguous(found)
        }
    }

    /// Whether `municipality` is among those the query finds in `candidates` (all the
    /// municipalities of a batch): the files of a plan to show.
    public func selects(_ municipality: Municipality, among candidates: [Municipality]) -> Bool {
        matches(in: candidates, code: \.code, name: \.name).contains { $0.key == municipality.key }
    }
}
