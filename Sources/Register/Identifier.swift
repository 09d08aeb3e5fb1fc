import Ingest
import Normalize

/// Who wrote a plan: the local government of the register that each document belongs to.
///
/// # Identity rules
///
/// A document's local government comes from the first of these sources that names exactly
/// one, and `CorpusEntry.identifiedBy` records which:
///
/// 1. **The manifest.** A `manifest.yaml` that lists the file says who wrote it; its code (or
///    its name and prefecture) is looked up in the register for the official name, reading and
///    kind. A manifest code no local government has is a warning, and the manifest's own
///    words stand.
/// 2. **A code in the file or folder names.** Six digits with a valid check digit, or five
///    without it (its digit computed), standing alone in a name: `462250.txt`,
///    `112275_asaka.txt`, `112275/計画.pdf`. A code whose check digit is wrong (`112276`: the
///    warning names 5, the digit of 112275 朝霞市) or that no local government has (`999997`)
///    is a warning, and identity goes on to the next source; the document is still read.
/// 3. **A municipality's name in the folder or file names**, nearest the file first:
///    `朝霞市/DX推進方針.pdf`, `朝霞/…` (the name without 市町村), `埼玉県/朝霞市/…`,
///    `埼玉県朝霞市_計画.pdf`, `朝霞市DX推進方針.pdf`. Words of ASCII only (`download (3)`,
///    `dx_keikaku`) name nobody.
/// 4. **The plan's own title**: the first lines of its first page and its first heading, where
///    the first name of a local government is taken: `芦別市デジタルトランスフォーメーション（DX）
///    推進方針`, `南国市ＤＸ推進方針`. A title that names only a prefecture (`埼玉県DX推進計画`) is
///    that prefecture's plan.
/// 5. **Else the file name**, as the row's name, with a warning that says how to name the file.
///
/// Names are compared by `NameKey` (width, 市町村 suffix present or not, ヶ/ケ, 旧字体).
///
/// # Ambiguity and conflict
///
/// - **A shared name is told apart by a prefecture** in the path or the title: 府中市 under
///   `広島県/` is 広島県府中市. With no prefecture anywhere, the file is reported as ambiguous
///   with its candidates (東京都府中市 132063, 広島県府中市 342076) and identity goes on: it is
///   never silently assigned to one of them.
/// - **The explicit source wins, and a disagreement is a warning**: when a weaker source names
///   another local government (a file coded 100005 whose title is 芦別市's), the stronger one is
///   kept (manifest > code > path > title) and the report says what the weaker one said.
public struct Identifier: Sendable {
    public let register: Register

    public init(register: Register) { self.register = register }

    /// A document identified, and what a reader should check about it.
    public struct Outcome: Sendable {
        public let entry: CorpusEntry
        public let warnings: [String]
    }

    /// Identifies the document of `entry` (listed by `Corpus`: from its manifest, or not yet
    /// identified), whose opening words are `title`.
    public func identify(_ entry: CorpusEntry, title: TitleText) -> Outcome {
        var warnings = [String]()
        let path = PathClues(entry.path, register: register)
        let titleHit = title.hit(in: register)
        let prefectures = Set(path.prefectures.map(\.code) + titleHit.prefectures.map(\.code))
        func narrowed(_ candidates: [LocalGovernment]) -> [LocalGovernment] {
            let within = candidates.filter { prefectures.contains($0.prefectureCode) }
            return within.isEmpty ? candidates : within
        }

        // Each source's answer: one local government, several, or none.
        var found = [(source: IdentitySource, government: LocalGovernment, note: String?)]()
        var ambiguous = [(words: String, candidates: [LocalGovernment])]()
        var manifestStands = false
        if entry.identifiedBy == .manifest {
            let given = entry.municipality
            if let code = given.code {
                switch register.check(code: code) {
                case .known(let government):
                    found.append((.manifest, government, nil))
                    if NameKey.of(given.name) != NameKey.of(government.name) {
                        warnings.append("the manifest names it \(given.name), but code \(code) is \(government.label)")
                    }
                default:
                    warnings.append("the manifest's code \(code) is no local government's in the register (\(register.asOf ?? register.source)); its own words stand")
                    manifestStands = true
                }
            } else {
                let candidates = narrowed(register.governments(named: NameKey.of(given.name)))
                if candidates.count == 1 { found.append((.manifest, candidates[0], nil)) } else { manifestStands = true }
            }
        }
        for code in path.codes {
            switch register.check(code: code) {
            case .known(let government):
                found.append((.code, government, code))
            case .wrongCheckDigit(let expected, let meant):
                warnings.append("code \(code) in its name has a wrong check digit (expected \(expected)"
                    + (meant.map { ": \($0.code) is \($0.fullName)" } ?? "") + "); it is not used")
            case .unknown(let full):
                warnings.append("code \(code) in its name is no local government's"
                    + (full == code ? "" : " (\(full) with its check digit)") + " in the register (\(register.asOf ?? register.source)); it is not used")
            case .notACode:
                break
            }
        }
        for (source, hit) in [(IdentitySource.path, path.hit), (.title, titleHit.hit)] {
            guard let hit else { continue }
            let candidates = narrowed(hit.candidates)
            if candidates.count == 1 {
                found.append((source, candidates[0], hit.words))
            } else {
                ambiguous.append((hit.words, candidates))
            }
        }
        if found.isEmpty, let prefecture = titleHit.prefectures.first, titleHit.hit == nil {
            found.append((.title, prefecture, NameKey.string(NameKey.of(prefecture.name))))
        }

        guard !manifestStands else {
            for other in found where other.source != .manifest {
                warnings.append("its \(other.source.rawValue) names \(other.government.label), but the manifest says \(entry.municipality.name)")
            }
            return Outcome(entry: entry, warnings: warnings)
        }
        guard let chosen = found.first else {
            for (words, candidates) in ambiguous {
                warnings.append("ambiguous: \(words) could be " + candidates.map(\.label).joined(separator: " or ")
                    + "; name its prefecture in the path (\(candidates[0].prefecture)/\(candidates[0].name)/…) or put its 団体コード in the file name")
            }
            if ambiguous.isEmpty {
                warnings.append("could not tell which local government wrote it (no 団体コード, no municipality's name in its path or title): "
                    + "name the file with its code (112275_plan.pdf), put it in a folder named after the municipality (埼玉県/朝霞市/), or list it in a manifest.yaml")
            }
            let stem = Municipality(code: nil, name: PathClues.stem(of: entry.path), prefecture: nil)
            return Outcome(entry: entry.identified(as: stem, by: .fileName, note: nil), warnings: warnings)
        }
        for (words, candidates) in ambiguous where !candidates.contains(chosen.government) {
            warnings.append("\(words) in its path or title could be " + candidates.map(\.label).joined(separator: " or ")
                + ", but its \(chosen.source.rawValue) names \(chosen.government.label), which is kept")
        }
        var told = Set<String>()
        for other in found where other.government.code != chosen.government.code && told.insert(other.government.code).inserted {
            warnings.append("its \(other.source.rawValue) names \(other.government.label), but its \(chosen.source.rawValue) says "
                + "\(chosen.government.label); the \(chosen.source.rawValue) is kept")
        }
        let identified = entry.identified(as: chosen.government.municipality, by: chosen.source, note: chosen.note)
        return Outcome(entry: identified, warnings: warnings)
    }
}

/// The opening words of a plan in its matching form, where its title stands: the first lines
/// of its first page and its first heading.
public struct TitleText: Sendable {
    /// Matching-form scalars (boundaries included), at most `limit` of them.
    let scalars: [UInt32]

    /// How much of the opening is read: a title, not the body.
    static let lines = 3, limit = 200

    public init(document: Document, normalized text: NormalizedText) {
        var ranges = [Range<Int>]()
        let firstPageEnd = document.pageStarts.flatMap { $0.count > 1 ? $0[1] : nil } ?? document.scalars.count
        var taken = 0
        var line = 1
        while taken < TitleText.lines, line <= document.lineStarts.count {
            let range = document.lineRange(line)
            if range.lowerBound >= firstPageEnd { break }
            if document.scalars[range].contains(where: { $0 > 0x20 && $0 != 0x3000 }) { ranges.append(range); taken += 1 }
            line += 1
        }
        if let heading = document.outline.first, !heading.isTableOfContents, heading.range.lowerBound < firstPageEnd {
            ranges.append(document.lineRange(heading.line))
        }
        var scalars = [UInt32]()
        for range in ranges where scalars.count < TitleText.limit {
            let normalized = text.normalizedRange(ofSource: range)
            scalars += NameKey.fold(text.scalars[normalized.lowerBound..<min(normalized.upperBound, normalized.lowerBound + TitleText.limit)])
            scalars.append(Normalizer.boundary)
        }
        self.scalars = scalars
    }

    /// For tests: a title given as text.
    init(_ text: String) { scalars = NameKey.of(text) + [Normalizer.boundary] }

    static let suffixes: Set<UInt32> = Set("市町村区".unicodeScalars.map(\.value))
    static let prefectureSuffixes: Set<UInt32> = Set("都道府県".unicodeScalars.map(\.value))

    /// The first local government the title names, longest name first where names end
    /// together (東大阪市 before 大阪市), and every prefecture it names.
    func hit(in register: Register) -> (hit: PathClues.Hit?, prefectures: [LocalGovernment]) {
        var hit: PathClues.Hit?
        var prefectures = [LocalGovernment]()
        for end in scalars.indices {
            let value = scalars[end]
            if TitleText.prefectureSuffixes.contains(value), let found = register.names(endingAt: end, in: scalars, prefecture: true) {
                prefectures += found.governments
            } else if hit == nil, TitleText.suffixes.contains(value), let found = register.names(endingAt: end, in: scalars, prefecture: false) {
                hit = PathClues.Hit(candidates: found.governments, words: NameKey.string(Array(found.key)))
            }
        }
        return (hit, prefectures)
    }
}

/// What a file's path says of who wrote it: codes, a municipality's name, prefectures.
struct PathClues {
    struct Hit {
        let candidates: [LocalGovernment]
        /// The words that named them.
        let words: String
    }

    /// Codes standing alone in the names, nearest the file first.
    private(set) var codes = [String]()
    /// The first municipality named, nearest the file first.
    private(set) var hit: Hit?
    private(set) var prefectures = [LocalGovernment]()

    static let separators: Set<Character> = ["_", "-", ".", " ", "\u{3000}", "(", ")", "（", "）", "[", "]", "【", "】",
                                               "「", "」", ",", "、", "・", "+", "＿", "－"]

    init(_ path: String, register: Register) {
        var components = path.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }.filter { $0 != "." && $0 != ".." }
        if let last = components.popLast() { components.append(Substring(PathClues.stem(of: String(last)))) }
        for component in components.reversed() {
            // Codes: runs of 5 or 6 ASCII digits between non-digits, not glued to a letter
            // (R060401 is a date, not a code).
            let bytes = Array(component.utf8) + [0x20]
            func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
            var runStart = -1
            for (index, byte) in bytes.enumerated() {
                if (0x30...0x39).contains(byte) {
                    if runStart < 0 { runStart = index }
                    continue
                }
                if runStart >= 0, index - runStart == 5 || index - runStart == 6, !(runStart > 0 && isLetter(bytes[runStart - 1])), !isLetter(byte) {
                    codes.append(String(decoding: bytes[runStart..<index], as: UTF8.self))
                }
                runStart = -1
            }
            if component.utf8.allSatisfy({ $0 < 0x80 }) { continue }   // no name is ASCII
            for word in component.split(whereSeparator: { PathClues.separators.contains($0) }) where !word.allSatisfy(\.isASCII) {
                var key = NameKey.of(String(word))
                if let prefecture = register.prefecture(named: key) {
                    prefectures.append(prefecture)
                    continue
                }
                var words = String(word)
                if let prefix = register.prefectureKeys.first(where: { key.count > $0.count && key.starts(with: $0) }) {
                    prefectures.append(register.prefecture(named: prefix)!)
                    key.removeFirst(prefix.count)
                    words = NameKey.string(key)
                }
                guard hit == nil else { continue }
                var candidates = register.governments(named: key)
                if candidates.isEmpty { candidates = register.governments(stem: key) }
                if candidates.isEmpty {
                    // A name followed by more words: 朝霞市DX推進方針.
                    for length in stride(from: min(register.longestName, key.count - 1), through: 2, by: -1) {
                        let found = register.governments(named: Array(key.prefix(length)))
                        if !found.isEmpty, let last = key.prefix(length).last, TitleText.suffixes.contains(last) {
                            candidates = found
                            words = NameKey.string(Array(key.prefix(length)))
                            break
                        }
                    }
                }
                if !candidates.isEmpty { hit = Hit(candidates: candidates, words: words) }
            }
        }
    }

    /// The file name without its extension.
    static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return name }
        return String(name[..<dot])
    }
}
