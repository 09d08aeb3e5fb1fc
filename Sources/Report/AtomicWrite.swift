import CSystem
import Foundation

/// Writes `data` to `path` atomically: a temporary file in the same folder, renamed into
/// place, so that a crash or an interrupt never leaves half a report.
///
/// Only a regular file is replaced that way. A path that names something else (`/dev/null`,
/// `/dev/stdout`, a named pipe) is written to directly: renaming a file over it would replace
/// the device or pipe itself (`--out /dev/null` run as root once turned /dev/null into a
/// regular file). A symbolic link is followed, so the file it points to is replaced and the
/// link stays.
public func writeAtomically(_ data: Data, to path: String) throws {
    try writeAtomically(to: path) { write in try data.withUnsafeBytes { try write($0) } }
}

/// As `writeAtomically(_:to:)`, the file being what `produce` hands to its `write` function,
/// in order.
public func writeAtomically(to path: String,
                            _ produce: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
        try writeDirectly(to: path, produce)
        return
    }
    // A link to an existing file: that file is replaced (a dangling link is replaced itself).
    var linkInfo = stat()
    let isLink = lstat(path, &linkInfo) == 0 && linkInfo.st_mode & S_IFMT == S_IFLNK
    let target = isLink && stat(path, &info) == 0 ? URL(fileURLWithPath: path).resolvingSymlinksInPath().path : path
    let url = URL(fileURLWithPath: target)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).plancov-\(getpid()).tmp").path
    func failure(_ action: String) -> CocoaError {
        CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                NSLocalizedDescriptionKey: "\(action): \(String(cString: strerror(errno)))"])
    }
    // Registered while it exists, so that SIGINT or SIGTERM deletes it (see TemporaryFiles).
    try TemporaryFiles.with(temporary) {
        let file = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard file >= 0 else { throw failure("cannot create \(temporary)") }
        var isOpen = true
        do {
            // Writeback of what is written starts as it goes: renaming over an existing report
            // makes ext4 allocate and flush the new file's blocks first (so that a crash never
            // leaves it empty), which stalled the rename for ~40 ms per 43 MB when all of it
            // was still waiting.
            var unflushed = 0
            try produce { bytes in
                try writeAll(bytes, to: file) { failure("cannot write \(temporary)") }
                unflushed += bytes.count
                if unflushed >= 4 << 20 { _ = plancov_start_writeback(file); unflushed = 0 }
            }
            isOpen = false
            guard close(file) == 0 else { throw failure("cannot write \(temporary)") }
            guard rename(temporary, url.path) == 0 else { throw failure("cannot rename \(temporary) to \(path)") }
        } catch {
            if isOpen { close(file) }
            unlink(temporary)
            throw error
        }
    }
}

/// Writes what `produce` hands over straight into an existing file that is not a regular one
/// (a device or a pipe: nothing to replace, nothing half-written to clean up).
private func writeDirectly(to path: String, _ produce: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
    let file = open(path, O_WRONLY | O_CLOEXEC)
    func failure(_ action: String) -> CocoaError {
        CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                NSLocalizedDescriptionKey: "\(action): \(String(cString: strerror(errno)))"])
    }
    guard file >= 0 else { throw failure("cannot open \(path)") }
    defer { close(file) }
    try produce { bytes in try writeAll(bytes, to: file) { failure("cannot write \(path)") } }
}

private func writeAll(_ bytes: UnsafeRawBufferPointer, to file: Int32, failure: () -> Error) throws {
    var offset = 0
    while offset < bytes.count {
        let written = Foundation.write(file, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0, errno == EINTR { continue }
        guard written > 0 else { throw failure() }
        offset += written
    }
}
