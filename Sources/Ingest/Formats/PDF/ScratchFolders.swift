import Foundation

/// The private folders reading a PDF makes in the system's temporary folder (a copy of the PDF
/// for mutool and tesseract, and what they write), while they exist. Each is deleted when its
/// tool is done; a run interrupted in between (Ctrl-C, `kill`) deletes the rest on its way out
/// through `removeAll()`, which the command line hands to its interrupt handler, so that no copy
/// of a user's file stays behind in /tmp. (SIGKILL leaves them: nothing runs then.)
public enum ScratchFolders {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var open = Set<String>()
    nonisolated(unsafe) private static var closed = false

    /// A new folder only this user can read, registered until `remove(_:)`; nil when it cannot
    /// be made, or when the run is ending (`removeAll()` was called).
    static func make() -> URL? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-\(getpid())-\(UUID().uuidString)")
        lock.lock()
        defer { lock.unlock() }
        guard !closed, mkdir(folder.path, 0o700) == 0 else { return nil }
        open.insert(folder.path)
        return folder
    }

    /// Deletes `folder` and forgets it.
    static func remove(_ folder: URL) {
        lock.lock()
        defer { lock.unlock() }
        try? FileManager.default.removeItem(at: folder)
        open.remove(folder.path)
    }

    /// Deletes every folder still there and refuses new ones: for the interrupt handler, just
    /// before the process ends.
    public static func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        closed = true
        for path in open { try? FileManager.default.removeItem(atPath: path) }
        open.removeAll()
    }
}
