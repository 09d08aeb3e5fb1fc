import CSystem
import Foundation

/// Starts the kernel reading the files a batch will take next, once reads have found files
/// that are not in memory (`DocumentReader` notes them).
///
/// Why: on a first run over a corpus (or after the system dropped its cache) every read waits
/// for the disk, one file at a time per worker, and a national run took 0.7 s instead of
/// 0.45 s. Asking for the next files ahead overlaps that waiting with the work. It stays off
/// while the files are in memory, as on a second run: then asking would only cost each file
/// another open and close (~0.02 s of a national run). One file is not enough to turn it on:
/// a file in memory can refuse a read that would not wait (the kernel had one of its pages
/// locked a moment), which in warm national runs happened about once a run; a second file
/// within `window` files of the first is.
public final class Prefetcher: @unchecked Sendable {
    private let paths: [String]
    private let window: Int
    private let lock = NSLock()
    private var enabled = false
    /// Files before this index have been asked for.
    private var requested = 0
    /// The furthest file reads have started on, and where the last file not in memory was met.
    private var position = 0
    private var lastUncached: Int? = nil

    /// `paths` in the order the batch reads them; `window` files are asked for ahead.
    public init(paths: [String], window: Int = 16) {
        self.paths = paths
        self.window = window
    }

    /// Call before reading file `index` of `paths`: once reads have met a file not in memory,
    /// asks for those of the next `window` files not asked for yet.
    public func willRead(_ index: Int) {
        for ahead in claim(after: index) { _ = plancov_prefetch(paths[ahead]) }
    }

    /// The files `willRead(index)` asks for (none while off); each is claimed once.
    func claim(after index: Int) -> Range<Int> {
        lock.lock(); defer { lock.unlock() }
        position = max(position, index)
        guard enabled else { return 0..<0 }
        let from = max(requested, index + 1), to = min(paths.count, index + 1 + window)
        guard from < to else { return 0..<0 }
        requested = to
        return from..<to
    }

    /// A read found its file not in memory: when another did within `window` files, files are
    /// asked for ahead from now on.
    func noteUncached() {
        lock.lock(); defer { lock.unlock() }
        if let last = lastUncached, position - last <= window { enabled = true }
        lastUncached = position
    }

    var isEnabled: Bool {
        lock.lock(); defer { lock.unlock() }
        return enabled
    }
}
