import Dispatch
import Foundation

/// SIGINT and SIGTERM end a run cleanly: the report being written (its temporary file) is
/// deleted, no report is renamed into place afterwards, and the exit status is the shell's
/// convention, 128 + the signal (130 for Ctrl-C, 143 for `kill`). Reports already renamed
/// into place are complete and stay.
public enum Interrupts {
    nonisolated(unsafe) private static var sources = [DispatchSourceSignal]()

    /// Installs the handlers; call once, early in `main`. `cleanUp` runs too, before the
    /// process ends: what the stages before the report leave in temporary folders (the copies
    /// of PDFs that Ingest's `ScratchFolders` hold) is theirs to delete.
    public static func install(cleanUp: @escaping @Sendable () -> Void = {}) {
        TemporaryFiles.cleanUp = cleanUp
        for signal in [SIGINT, SIGTERM] {
            // The default action would kill the process at once; a dispatch source sees it instead.
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: DispatchQueue.global(qos: .userInteractive))
            source.setEventHandler {
                let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
                FileHandle.standardError.write(Data("\nplancov: interrupted (\(name)); an unfinished report was deleted, none was left half written\n".utf8))
                TemporaryFiles.removeAllAndExit(128 + signal)
            }
            source.resume()
            sources.append(source)
        }
    }
}
