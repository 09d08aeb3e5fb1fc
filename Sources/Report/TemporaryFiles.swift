import Foundation

/// The temporary files a run has open right now (the `.NAME.plancov-PID.tmp` of
/// `writeAtomically`, and the folder a site is written into), so that an interrupt can delete
/// them before the process exits.
///
/// `writeAtomically` holds the lock from registering a file to renaming it into place, and the
/// interrupt handler takes the same lock and exits while holding it: a report is either
/// renamed whole or deleted, never left half written or as a temporary file.
public enum TemporaryFiles {
    nonisolated(unsafe) private static var paths = Set<String>()
    private static let lock = NSRecursiveLock()

    /// Runs `body` with `path` registered; it is unregistered when `body` returns or throws.
    public static func with<T>(_ path: String, _ body: () throws -> T) rethrows -> T {
        lock.lock()
        paths.insert(path)
        defer {
            paths.remove(path)
            lock.unlock()
        }
        return try body()
    }

    /// Deletes every registered file and ends the process with `status`, without returning:
    /// the lock is never released, so no report is renamed into place afterwards.
    public static func removeAllAndExit(_ status: Int32) -> Never {
        lock.lock()
        for path in paths where unlink(path) != 0 && errno == EISDIR {
            try? FileManager.default.removeItem(atPath: path)   // a site's folder
        }
        cleanUp()
        _exit(status)
    }

    /// What else an interrupted run deletes (`Interrupts.install(cleanUp:)`).
    nonisolated(unsafe) static var cleanUp: @Sendable () -> Void = {}
}
