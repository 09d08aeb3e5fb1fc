import Foundation

/// Runs an external program (pdftotext, mutool, tesseract) as a child process, never through a
/// shell, with a time limit and a cap on its output; GPL and AGPL tools are run, never linked.
struct ExternalTool: Sendable {
    /// The name messages give the tool ("mutool").
    let name: String
    /// Its executable.
    let path: String
    /// Seconds it may run; the message names the option that sets it.
    var timeout: Double
    var timeoutOption = "--pdf-timeout"
    /// The most output it may give.
    var maxOutput = 256 << 20

    /// The executable `tool` on `searchPath` (the process's PATH by default), or nil.
    static func locate(_ tool: String, searchPath: String?) -> String? {
        for directory in (searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// What the tool wrote to stdout and stderr, and how it ended.
    struct Outcome {
        let output: [UInt8]
        let errors: [UInt8]
        let status: Int32
        let exited: Bool
        var firstErrorLine: String? {
            String(decoding: errors, as: UTF8.self).split(separator: "\n")
                .first { !$0.contains("ICC support is not available") }.map(String.init)
        }
    }

    /// Runs the tool with `arguments`; stops it past the time limit or the output cap.
    func run(_ arguments: [String], environment: [String: String]? = nil) throws(IngestError) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw .toolFailed(tool: name, reason: "could not be started: \(error.localizedDescription)")
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
            let shown = timeout == timeout.rounded() ? "\(Int(timeout))" : "\(timeout)"
            throw .toolFailed(tool: name, reason: "did not finish within \(shown) seconds (see \(timeoutOption))")
        }
        group.wait()
        let (output, errors, overflow) = collected.result()
        if overflow { throw .toolFailed(tool: name, reason: "gave more than \(limit >> 20) MB of text") }
        return Outcome(output: output, errors: errors, status: process.terminationStatus,
                       exited: process.terminationReason == .exit)
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
