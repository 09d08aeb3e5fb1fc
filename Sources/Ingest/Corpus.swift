import Foundation
import Yams

/// The files a run reads, found from the paths the user gave.
///
/// A folder with a `manifest.yaml` is read exactly as its manifest lists (that is how the
/// bundled `corpus/` says who wrote each plan); any other folder is read whole, recursively,
/// skipping hidden files. Each entry's municipality is what listing can tell: the nearest
/// manifest that lists the file, else a leading 5- or 6-digit code in the file name, else the
/// file name itself. The batch then identifies each document against the register
/// (`Identifier`, in the Register module: codes anywhere in the path, names, the title).
public struct Corpus: Sendable {
    public private(set) var entries: [CorpusEntry] = []
    /// Paths that could not be listed (a missing path, a bad manifest): reported like any
    /// unreadable file, and the rest of the batch goes on.
    public private(set) var failures: [IngestFailure] = []

    public static let manifestNames = ["manifest.yaml", "manifest.yml"]

    public init(paths: [String]) {
        var manifests = ManifestCache()
        var seen = Set<String>()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                var info = stat()
                let reason: String
                if lstat(path, &info) == 0 {
                    // stat says why the link leads nowhere: a loop (ELOOP) or a missing target.
                    reason = stat(path, &info) != 0 && errno == ELOOP ? "symbolic link loop" : "dangling symbolic link"
                } else {
                    reason = "no such file or directory"
                }
                failures.append(IngestFailure(path: path, error: .unreadable(reason)))
                continue
            }
            if isDirectory.boolValue {
                addDirectory(path, manifests: &manifests, seen: &seen)
            } else if seen.insert(Corpus.canonical(path)).inserted {
                entries.append(Corpus.entry(for: path, canonical: Corpus.canonical(path), manifests: &manifests))
            }
        }
    }

    private mutating func addDirectory(_ directory: String, manifests: inout ManifestCache, seen: inout Set<String>) {
        switch manifests.manifest(in: directory) {
        case .some(.success(let manifest)):
            for document in manifest.documents {
                let path = Corpus.join(directory, document.file)
                guard seen.insert(Corpus.canonical(path)).inserted else { continue }
                entries.append(CorpusEntry(path: path, municipality: document.municipality, title: document.title, date: document.date,
                                           identifiedBy: .manifest))
            }
            return
        case .some(.failure(let error)):
            failures.append(IngestFailure(path: Corpus.join(directory, manifests.name(in: directory) ?? "manifest.yaml"), error: error))
        case .none:
            break
        }
        // Paths from one walk are unique already; only their canonical forms need comparing
        // with paths named elsewhere, and resolving each of thousands of files costs more
        // than everything else the walk does. So: canonicalize the folder once.
        let base = Corpus.canonical(directory)
        for path in Corpus.listFiles(directory) {
            let canonical = base + String(path.dropFirst(directory.count))
            guard seen.insert(canonical).inserted else { continue }
            entries.append(Corpus.entry(for: path, canonical: canonical, manifests: &manifests))
        }
    }

    static func entry(for path: String, canonical target: String, manifests: inout ManifestCache) -> CorpusEntry {
        // The nearest manifest above the file that lists it (up to four folders up).
        for directory in manifests.manifestFolders(above: Corpus.parent(of: target)) {
            if let document = manifests.document(listing: target, in: directory) {
                return CorpusEntry(path: path, municipality: document.municipality, title: document.title, date: document.date,
                                   identifiedBy: .manifest)
            }
        }
        let municipality = municipalityFromFileName(path)
        return CorpusEntry(path: path, municipality: municipality, title: nil, date: nil,
                           identifiedBy: municipality.code == nil ? .fileName : .code)
    }

    /// `112275_asaka.txt` → code 112275, name "asaka"; `11227-asaka.txt` → code 112275 (the
    /// check digit computed); `plan.txt` → name "plan".
    public static func municipalityFromFileName(_ path: String) -> Municipality {
        let stem = Corpus.stem(of: path)
        let (digits, rest) = leadingDigits(of: stem)
        let name = rest.isEmpty ? stem : String(rest)
        switch digits.count {
        case 6: return Municipality(code: String(digits), name: name, prefecture: nil)
        case 5: return Municipality(code: String(digits) + String(checkDigit(String(digits))), name: name, prefecture: nil)
        default: return Municipality(code: nil, name: stem, prefecture: nil)
        }
    }

    /// The leading ASCII digits of `stem`, and what follows them once the separators `_- .`
    /// are dropped. An ASCII stem (112275_asaka) is split on its bytes: walking it by Character
    /// was a third of listing a national corpus. Any other is walked by Character, so that a
    /// digit a combining mark attaches to is not taken for a digit.
    static func leadingDigits(of stem: String) -> (digits: Substring, rest: Substring) {
        let bytes = stem.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            let digits = stem.prefix(while: { $0.isASCII && $0.isNumber })
            return (digits, stem.dropFirst(digits.count).drop(while: { "_- .".contains($0) }))
        }
        let digitsEnd = bytes.firstIndex(where: { !(0x30...0x39).contains($0) }) ?? bytes.endIndex
        let restStart = bytes[digitsEnd...].firstIndex(where: { !"_- .".utf8.contains($0) }) ?? bytes.endIndex
        return (stem[..<digitsEnd], stem[restStart...])
    }

    /// The check digit of a 5-digit 全国地方公共団体コード (JIS X 0401/0402 style, weights 6…2).
    public static func checkDigit(_ code: String) -> Int {
        let weights = [6, 5, 4, 3, 2]
        let sum = zip(code.compactMap { $0.wholeNumberValue }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return (11 - sum % 11) % 10
    }

    /// Regular files under `directory`, sorted, hidden entries and manifests skipped.
    /// Symbolic links to folders are not followed, so a link loop cannot trap the walk.
    /// The folder is read with readdir, whose entry types spare a stat call per file (a
    /// national corpus is thousands of files in one folder); only an entry of unknown type is
    /// asked with lstat.
    static func listFiles(_ directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        var entries = [(name: String, isDirectory: Bool?)]()
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") || manifestNames.contains(name) { continue }
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): entries.append((name, true))
            case Int32(DT_UNKNOWN): entries.append((name, nil))
            default: entries.append((name, false))
            }
        }
        closedir(handle)
        var files = [String]()
        for (name, knownDirectory) in entries.sorted(by: { $0.name < $1.name }) {
            let path = join(directory, name)
            var isDirectory = knownDirectory ?? false
            if knownDirectory == nil {
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            }
            if isDirectory { files += listFiles(path) } else { files.append(path) }
        }
        return files
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The folder of a path ("/a/b.txt" → "/a", "/b.txt" → "/", "b.txt" → ""), as NSString's
    /// deletingLastPathComponent gives it, from the bytes: NSString's path methods cost
    /// microseconds each, thousands of times per run (and crash on a one-character path).
    static func parent(of path: String) -> String {
        guard let name = lastComponent(of: path).start else { return path.isEmpty ? "" : "/" }
        let bytes = path.utf8
        guard name > bytes.startIndex else { return "" }
        var stop = bytes.index(before: name)   // the slash before the name
        while stop > bytes.startIndex, bytes[bytes.index(before: stop)] == UInt8(ascii: "/") { stop = bytes.index(before: stop) }
        return stop == bytes.startIndex ? "/" : String(path[..<stop])
    }

    /// The file name without its extension ("dir/112275_asaka.txt" → "112275_asaka"), as
    /// NSString's lastPathComponent and deletingPathExtension give it.
    static func stem(of path: String) -> String {
        let (start, end) = lastComponent(of: path)
        guard let start else { return path.isEmpty ? "" : "/" }
        let name = path[start..<end]
        if name == "." || name == ".." { return String(name) }
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), dot > name.startIndex else { return String(name) }
        return String(path[start..<dot])
    }

    /// Where the last component of `path` starts and ends (trailing slashes aside); nil when
    /// the path is empty or only slashes.
    private static func lastComponent(of path: String) -> (start: String.Index?, end: String.Index) {
        let bytes = path.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: "/") { end = bytes.index(before: end) }
        guard end > bytes.startIndex else { return (nil, end) }
        let start = bytes[..<end].lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        return (start, end)
    }

    static func canonical(_ path: String) -> String {
        (URL(fileURLWithPath: path).standardizedFileURL.path as NSString).standardizingPath
    }
}

/// A corpus manifest: who wrote each plan of a folder.
///
/// ```yaml
/// documents:
///   - file: plans/112275_asaka.txt
///     code: "112275"          # 全国地方公共団体コード (6 digits)
///     municipality: 朝霞市
///     prefecture: 埼玉県
///     title: 朝霞市行政情報デジタル化推進方針
///     date: 令和4年10月
/// ```
public struct Manifest: Sendable, Decodable {
    public struct Entry: Sendable, Decodable {
        public let file: String
        public let code: String?
        public let municipality: String
        public let prefecture: String?
        public let title: String?
        public let date: String?

        var municipality_: Municipality { Municipality(code: code, name: municipality, prefecture: prefecture) }
    }
    public struct Document: Sendable {
        public let file: String
        public let municipality: Municipality
        public let title: String?
        public let date: String?
    }

    private let entries: [Entry]
    public var documents: [Document] {
        entries.map { Document(file: $0.file, municipality: $0.municipality_, title: $0.title, date: $0.date) }
    }

    enum CodingKeys: String, CodingKey { case entries = "documents" }

    public static func load(path: String) throws(IngestError) -> Manifest {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .manifest("cannot be read as UTF-8 text")
        }
        let manifest: Manifest
        do {
            manifest = try YAMLDecoder().decode(Manifest.self, from: text)
        } catch {
            throw .manifest("not a valid manifest: \(error)")
        }
        for entry in manifest.entries {
            if let code = entry.code, !(code.count == 6 && code.allSatisfy({ $0.isASCII && $0.isNumber })) {
                throw .manifest("\(entry.file): code \"\(code)\" is not a 6-digit 全国地方公共団体コード")
            }
            if let code = entry.code, Int(String(code.last!)) != Corpus.checkDigit(String(code.prefix(5))) {
                throw .manifest("\(entry.file): code \(code) has a wrong check digit (expected \(Corpus.checkDigit(String(code.prefix(5)))))")
            }
        }
        return manifest
    }
}

/// Manifests are read once per folder, however many files ask for them.
struct ManifestCache {
    private var loaded: [String: Result<Manifest, IngestError>?] = [:]
    private var names: [String: String] = [:]

    mutating func manifest(in directory: String) -> Result<Manifest, IngestError>? {
        if let cached = loaded[directory] { return cached }
        var result: Result<Manifest, IngestError>? = nil
        for name in Corpus.manifestNames {
            let path = Corpus.join(directory, name)
            if FileManager.default.fileExists(atPath: path) {
                names[directory] = name
                do { result = .success(try Manifest.load(path: path)) } catch { result = .failure(error) }
                break
            }
        }
        loaded[directory] = .some(result)
        return result
    }

    func name(in directory: String) -> String? { names[directory] }

    private var foldersAbove: [String: [String]] = [:]

    /// `directory` and up to three folders above it that hold a readable manifest, nearest
    /// first: asked once per folder, not once per file (a national corpus is thousands of
    /// files in one folder, and walking up their paths was most of finding them).
    mutating func manifestFolders(above directory: String) -> [String] {
        if let known = foldersAbove[directory] { return known }
        var folders = [String]()
        var current = directory
        for _ in 0..<4 {
            if case .some(.success) = manifest(in: current) { folders.append(current) }
            let parent = Corpus.parent(of: current)
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        foldersAbove[directory] = folders
        return folders
    }

    private var byCanonicalPath: [String: [String: Manifest.Document]] = [:]

    /// The entry of the manifest in `directory` (canonical) that lists `path` (canonical).
    mutating func document(listing path: String, in directory: String) -> Manifest.Document? {
        if byCanonicalPath[directory] == nil {
            var index = [String: Manifest.Document]()
            if case .some(.success(let manifest)) = manifest(in: directory) {
                for document in manifest.documents { index[Corpus.canonical(Corpus.join(directory, document.file))] = document }
            }
            byCanonicalPath[directory] = index
        }
        return byCanonicalPath[directory]![path]
    }
}
