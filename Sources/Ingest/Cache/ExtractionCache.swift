import CSystem
import Foundation

/// What an extractor made of a file, kept by content so that the next run over the same file
/// skips the extractor: the key is the SHA-256 of the file's bytes, the extractor and its
/// version, and the options that change its output (ripgrep-all caches its adapters' output
/// the same way).
///
/// Entries live under `directory` (default `$XDG_CACHE_HOME/plancov`, else `~/.cache/plancov`)
/// as `KK/KEY` (KK the key's first two hex digits). Each is written to a temporary file in its
/// folder and renamed into place, so a reader sees a whole entry or none, and two runs writing
/// one entry at once each rename a whole one. An entry carries its key, its length and the
/// SHA-256 of its payload: a damaged or truncated one (a disk error, a copy cut short) is
/// re-extracted and written again, never trusted. A hit touches the entry's modification time;
/// past `maxSize`, the least recently used entries are deleted (at the end of a run that wrote
/// any). Nothing here ever fails a file: a cache that cannot be read or written is a miss.
public struct ExtractionCache: Sendable {
    public let directory: String
    /// The most the entries may take on disk, in bytes.
    public var maxSize: Int
    private let state = State()

    public init(directory: String, maxSize: Int = 1 << 30) {
        self.directory = directory
        self.maxSize = maxSize
    }

    /// `$XDG_CACHE_HOME/plancov`, else `$HOME/.cache/plancov` (the XDG base directory rules).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") { return base + "/plancov" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/plancov"
    }

    static let magic = Array("plancov-cache 1\n".utf8)

    /// The SHA-256 of `bytes`, in hex.
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBufferPointer { buffer in
            digest.withUnsafeMutableBufferPointer { plancov_sha256(buffer.baseAddress, buffer.count, $0.baseAddress) }
        }
        return digest
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The key of a file's bytes read by `extractor` (name and version) with `options`.
    static func key(for bytes: [UInt8], extractor: String, options: String) -> String {
        let content = digest(bytes)
        return hex(digest(Array("plancov extraction\u{0}".utf8) + content + Array("\u{0}\(extractor)\u{0}\(options)".utf8)))
    }

    func path(_ key: String) -> String { "\(directory)/\(key.prefix(2))/\(key)" }

    /// The payload stored under `key`, if an entry is there and whole.
    func load(_ key: String) -> [UInt8]? {
        let path = self.path(key)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        let header = ExtractionCache.magic + Array("\(key)\n".utf8)
        guard bytes.count >= header.count + 17 + 32, Array(bytes[0..<header.count]) == header else { return nil }
        let lengthField = bytes[header.count..<(header.count + 17)]
        guard lengthField.last == 0x0A, let length = Int(String(decoding: lengthField.dropLast(), as: UTF8.self), radix: 16),
              header.count + 17 + length + 32 == bytes.count else { return nil }
        let payload = Array(bytes[(header.count + 17)..<(header.count + 17 + length)])
        guard ExtractionCache.digest(payload) == Array(bytes[(bytes.count - 32)...]) else { return nil }
        // Recently used: eviction goes by modification time.
        _ = utimes(path, nil)
        return payload
    }

    /// Stores `payload` under `key`: a temporary file renamed into place.
    func store(_ key: String, _ payload: [UInt8]) {
        let folder = "\(directory)/\(key.prefix(2))"
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return }
        var entry = ExtractionCache.magic + Array("\(key)\n".utf8)
        let length = String(payload.count, radix: 16)
        entry += Array((String(repeating: "0", count: max(0, 16 - length.count)) + length + "\n").utf8)
        entry += payload
        entry += ExtractionCache.digest(payload)
        let temporary = "\(folder)/.\(key).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { return }
        var written = 0
        let ok = entry.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return true
        }
        close(fd)
        guard ok, rename(temporary, path(key)) == 0 else { unlink(temporary); return }
        state.wrote(entry.count)
    }

    /// Entries and the bytes they take.
    public func usage() -> (entries: Int, bytes: Int) {
        let entries = list()
        return (entries.count, entries.reduce(0) { $0 + $1.size })
    }

    /// Deletes every entry (and leftover temporary files); the folder stays.
    public func clear() throws {
        for folder in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where folder.count == 2 {
            try FileManager.default.removeItem(atPath: "\(directory)/\(folder)")
        }
    }

    /// Past `maxSize`, deletes the least recently used entries until the rest fit; deletes
    /// temporary files an interrupted run left (older than ten minutes). Does something only
    /// after this process wrote entries.
    public func trimIfWritten() {
        guard state.written > 0 else { return }
        trim()
    }

    func trim() {
        var entries = list(includingStale: true)
        let now = Date().timeIntervalSince1970
        for entry in entries where entry.temporary && now - entry.modified > 600 { unlink(entry.path) }
        entries.removeAll { $0.temporary }
        var total = entries.reduce(0) { $0 + $1.size }
        guard total > maxSize else { return }
        for entry in entries.sorted(by: { $0.modified < $1.modified }) where total > maxSize {
            if unlink(entry.path) == 0 { total -= entry.size }
        }
    }

    private func list(includingStale: Bool = false) -> [(path: String, size: Int, modified: Double, temporary: Bool)] {
        var result = [(path: String, size: Int, modified: Double, temporary: Bool)]()
        for folder in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where folder.count == 2 {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(folder)")) ?? [] {
                let temporary = name.hasPrefix(".")
                if temporary && !includingStale { continue }
                let path = "\(directory)/\(folder)/\(name)"
                var info = stat()
                guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
                result.append((path, Int(info.st_size), Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9, temporary))
            }
        }
        return result
    }

    /// Bytes this process wrote to the cache (shared by copies of the cache value).
    final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes = 0
        func wrote(_ count: Int) { lock.lock(); bytes += count; lock.unlock() }
        var written: Int { lock.lock(); defer { lock.unlock() }; return bytes }
    }
}
