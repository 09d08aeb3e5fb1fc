import Batch
import Foundation

/// "files done / total, MB/s" on stderr, redrawn at most ten times a second, and erased when
/// the batch is done so the report starts on a clean line. Drawn only where a person watches
/// (stderr a TTY: `observer` decides) and only for more than one file.
///
/// The batch calls an observer one call at a time (see `BatchObserver`), so this holds no lock.
final class TerminalProgress: BatchObserver, @unchecked Sendable {
    private var total = 0
    private var done = 0
    private var bytes = 0
    private let clock = ContinuousClock()
    private var start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now

    /// A progress line when stderr is a terminal; nil otherwise.
    static func observer() -> TerminalProgress? { Terminal.stderrIsTTY ? TerminalProgress() : nil }

    func batchWillStart(files: Int) {
        total = files
        start = clock.now
        draw()   // "0/N" at once: a slow first file still shows the batch has begun
    }

    func batchDidFinish(file path: String, bytes size: Int) {
        done += 1
        bytes += size
        let now = clock.now
        if now - lastDraw > .milliseconds(100) || done == total {
            lastDraw = now
            draw()
        }
    }

    func batchDidEnd() {
        guard total > 1 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func draw() {
        guard total > 1 else { return }
        let elapsed = clock.now - start
        let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 1e-6)
        let rate = Double(bytes) / 1e6 / seconds
        FileHandle.standardError.write(Data(String(format: "\rplancov: %d/%d files (%d%%)  %.1f MB/s\u{1B}[K", done, total,
                                                   done * 100 / max(total, 1), rate).utf8))
    }
}

extension BatchResult {
    /// One line per unreadable file on stderr, naming the file and the reason, and one per
    /// warning (a file read whose identity a reader should check).
    func reportFailures() {
        // One write for them all: a national batch can have a warning for every file.
        var lines = failures.map { "plancov: \($0.path): \($0.error)\n" }
        lines += warnings.map { "plancov: warning: \($0.document): \($0.message)\n" }
        if !lines.isEmpty { FileHandle.standardError.write(Data(lines.joined().utf8)) }
    }

    /// 0 when every input was read, 2 when some were not (the report covers the rest).
    var exitStatus: Int32 { failures.isEmpty ? 0 : 2 }
}
