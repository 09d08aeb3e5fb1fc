import Foundation

/// Reads a PDF through poppler's `pdftotext -layout -enc UTF-8` (Debian: poppler-utils).
///
/// The tool runs as a child process (never through a shell) on a private temporary copy of the
/// bytes already read and size-checked, with a time limit and a cap on its output. pdftotext
/// ends every page with a form feed, which `Document` turns into pages, so evidence names its
/// page. The outline is recovered from the text's numbering as for a text file.
///
/// A PDF whose pages hold no text at all is a scan: refused with a message saying so, never
/// read as an empty plan. A missing pdftotext says how to install it.
struct PDFExtractor: Sendable {
    /// Seconds pdftotext may run on one file.
    var timeout: Double = 120
    /// Where to look for pdftotext (the process's PATH by default).
    var searchPath: String? = nil
    /// The most text one PDF may give (the text of a real plan is a few MB).
    var maxOutput = 256 << 20

    func extract(_ bytes: [UInt8], path: String) throws(IngestError) -> Document {
        guard let tool = PDFExtractor.locate("pdftotext", searchPath: searchPath ?? ProcessInfo.processInfo.environment["PATH"]) else {
            throw .toolMissing(tool: "pdftotext", install: "apt-get install poppler-utils (or run scripts/setup.sh)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("plancov-\(getpid())-\(UUID().uuidString).pdf")
        guard FileManager.default.createFile(atPath: scratch.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw .toolFailed(tool: "pdftotext", reason: "could not be given the file: cannot write \(scratch.path)")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = try run(tool, ["-layout", "-enc", "UTF-8", scratch.path, "-"])
        var scalars = String(decoding: output, as: UTF8.self).unicodeScalars.map(\.value)
        let pages = scalars.reduce(0) { $0 + ($1 == 0x0C ? 1 : 0) }
        // pdftotext ends the last page with a form feed too: that page starts nothing.
        while let last = scalars.last, last == 0x0C || last == 0x0A || last == 0x20 { scalars.removeLast() }
        if scalars.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C || $0 == 0x09 || $0 == 0x3000 }) {
            throw .noTextLayer(pages: max(pages, 1))
        }
        scalars.append(0x0A)
        // Every PDF has pages, a one-page one too.
        let (lines, formFeeds) = Document.lineAndPageStarts(of: scalars)
        var document = Document(path: path, format: .pdf, encoding: "UTF-8 (pdftotext)", scalars: scalars,
                                lineIndex: LineIndex(lines: lines, pages: formFeeds ?? [0]))
        let outline = OutlineParser.parse(document.scalars, lineStarts: document.lineStarts)
        document.outline = outline.headings
        document.layout = outline.layout
        return document
    }

    static func locate(_ tool: String, searchPath: String?) -> String? {
        for directory in (searchPath ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `tool` with `arguments`, returns its standard output; stops it past the time limit.
    func run(_ tool: String, _ arguments: [String]) throws(IngestError) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw .toolFailed(tool: "pdftotext", reason: "could not be started: \(error.localizedDescription)")
        }
        // Both pipes are drained while the tool runs, so it never blocks on a full pipe.
        let collected = Collected()
        let group = DispatchGroup()
        let limit = maxOutput
        for (handle, isOutput) in [(stdout.fileHandleForReading, true), (stderr.fileHandleForReading, false)] {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    if collected.append(chunk, toOutput: isOutput, limit: limit) == false {
                        process.terminate()
                    }
                }
            }
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut { kill(process.processIdentifier, SIGKILL); finished.wait() }
            group.wait()
            throw .toolFailed(tool: "pdftotext", reason: "did not finish within \(Int(timeout)) seconds (see --pdf-timeout)")
        }
        group.wait()
        let (output, errors, overflow) = collected.result()
        if overflow { throw .toolFailed(tool: "pdftotext", reason: "gave more than \(limit >> 20) MB of text") }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let message = String(decoding: errors, as: UTF8.self).split(separator: "\n").first.map(String.init)
            if process.terminationReason == .exit, process.terminationStatus == 1 || process.terminationStatus == 3 {
                throw .brokenPDF("pdftotext says: \(message ?? "error \(process.terminationStatus)")")
            }
            throw .toolFailed(tool: "pdftotext", reason: "failed (status \(process.terminationStatus)): \(message ?? "no message")")
        }
        return output
    }

    /// The two streams, filled by two reader threads.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var output = [UInt8]()
        private var errors = [UInt8]()
        private var overflow = false

        func append(_ chunk: Data, toOutput: Bool, limit: Int) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            if toOutput {
                guard output.count + chunk.count <= limit else { overflow = true; return false }
                output += chunk
            } else if errors.count < 65_536 {
                errors += chunk
            }
            return true
        }

        func result() -> ([UInt8], [UInt8], Bool) {
            lock.lock()
            defer { lock.unlock() }
            return (output, errors, overflow)
        }
    }
}
