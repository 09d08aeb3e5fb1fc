import Compare
import Dispatch
import Foundation
import Ingest
import Normalize

/// One batch run: find the files, read, normalize and tag them on every core, and assemble
/// the matrix. Stage work lives in the libraries; this only schedules it.
struct Pipeline {
    let reader: DocumentReader
    let jobs: Int

    /// Documents a worker reads ahead while the catalog and its tagger are still being made:
    /// enough to keep its core busy for that time (~0.15 ms each, against ~10 ms), few enough
    /// to keep memory bounded by the files in flight (up to ~10 MB per worker).
    static let readAhead = 64

    struct Result {
        let matrix: CoverageMatrix
        let failures: [IngestFailure]
        let bytes: Int
        let seconds: Double
        /// The per-document analyses the matrix was built from, kept until the process ends
        /// (see `CompareCommand.run`) rather than freed evidence by evidence here.
        let analyses: [DocumentAnalysis]
    }

    /// Per-stage CPU time, summed over the workers, when `--timings` asks for it.
    var stages: StageTimes?

    /// Reads, tags and assembles `corpus`, listed by the caller, with the catalog and tagger
    /// `prepared` is making meanwhile: reading needs neither, so the workers begin at once
    /// and tag what they have read when the tagger is ready. When making the catalog failed,
    /// the workers stop and `run` rethrows its error (nothing has been written yet).
    func run(corpus: Corpus, prepared: Prepared, showProgress: Bool) throws -> Result {
        let started = DispatchTime.now()
        let entries = corpus.entries
        let prefetcher = Prefetcher(paths: entries.map(\.path))
        let reader = { var reader = self.reader; reader.prefetcher = prefetcher; return reader }()
        let state = BatchState(count: entries.count)
        let progress = showProgress && entries.count > 1 ? Progress(total: entries.count) : nil
        // Workers pull the next file from a shared counter: memory is bounded by the files in
        // flight (one per worker, plus `readAhead` while the tagger is being made), not by the
        // corpus.
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, entries.count))) { _ in
            var early = [(index: Int, document: Document)]()
            func finish(_ index: Int, _ outcome: Outcome) {
                state.store(outcome, at: index)
                if let progress {
                    // The bytes on disk, whatever the encoding: what "MB/s" means to the user.
                    let size = (try? FileManager.default.attributesOfItem(atPath: entries[index].path)[.size] as? NSNumber)?.intValue
                    progress.advance(bytes: size ?? outcome.bytes)
                }
            }
            func analyzeEarly(_ tagger: Tagger) {
                for (index, document) in early { finish(index, analyze(entries[index], document, tagger)) }
                early = []
            }
            while let index = state.next() {
                prefetcher.willRead(index)
                let document: Document
                switch read(entries[index], with: reader) {
                case .success(let read): document = read
                case .failure(let failure): finish(index, .failure(failure)); continue
                }
                if !prepared.isDone, early.count < Pipeline.readAhead {
                    early.append((index, document))
                    continue
                }
                guard let (_, tagger) = prepared.wait() else { return }
                analyzeEarly(tagger)
                finish(index, analyze(entries[index], document, tagger))
            }
            if !early.isEmpty, let (_, tagger) = prepared.wait() { analyzeEarly(tagger) }
        }
        progress?.finish()
        let catalog = try prepared.catalog()
        var analyses = [DocumentAnalysis]()
        var failures = corpus.failures
        var bytes = 0
        for outcome in state.outcomes {
            switch outcome {
            case .success(let analysis, let size)?: analyses.append(analysis); bytes += size
            case .failure(let failure)?: failures.append(failure)
            case nil: break
            }
        }
        failures.sort { $0.path < $1.path }
        // The matrix is built on every core: its wall time is the honest figure.
        let buildStarted = DispatchTime.now().uptimeNanoseconds
        let matrix = CoverageBuilder.build(catalog: catalog, analyses: analyses,
                                           errors: failures.map { CoverageMatrix.ErrorEntry(document: $0.path, message: $0.error.description) })
        stages?.add(.matrix, Double(DispatchTime.now().uptimeNanoseconds - buildStarted) / 1e9)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return Result(matrix: matrix, failures: failures, bytes: bytes, seconds: seconds, analyses: analyses)
    }

    private func read(_ entry: CorpusEntry, with reader: DocumentReader) -> Swift.Result<Document, IngestFailure> {
        // Wall time: a format other than text is extracted on a thread of its own (for
        // --file-timeout), which this worker waits for.
        let readStarted = DispatchTime.now().uptimeNanoseconds
        defer { stages?.add(.read, Double(DispatchTime.now().uptimeNanoseconds - readStarted) / 1e9) }
        do {
            return .success(try reader.read(path: entry.path))
        } catch {
            return .failure(error)
        }
    }

    private func analyze(_ entry: CorpusEntry, _ document: Document, _ tagger: Tagger) -> Outcome {
        guard let stages else {
            return .success(DocumentAnalysis(entry: entry, document: document, tagger: tagger), document.scalars.count)
        }
        var clock = threadCPUTime()
        func lap(_ stage: Stage) { let now = threadCPUTime(); stages.add(stage, now - clock); clock = now }
        let text = tagger.normalized(document)
        lap(.normalize)
        var timings: Tagger.TagTimings? = Tagger.TagTimings()
        let (mentions, groups) = tagger.tag(document, normalized: text, timings: &timings)
        stages.add(.exact, timings!.exact)
        stages.add(.fuzzy, timings!.fuzzy)
        clock = threadCPUTime()
        let analysis = DocumentAnalysis(entry: entry, document: document, normalized: text, mentions: mentions,
                                        groups: groups, tagger: tagger)
        lap(.evidence)
        return .success(analysis, document.scalars.count)
    }

    /// The catalog and its tagger, made on a thread of their own (not one of Dispatch's
    /// workers, which the batch needs) from the moment the command starts: loading and
    /// checking the catalog and building the tagger (~10 ms) overlap listing the inputs and
    /// reading the first plans, instead of leaving the other core idle, as they did.
    final class Prepared: @unchecked Sendable {
        private let condition = NSCondition()
        private var outcome: Swift.Result<(Catalog, Tagger), any Error>?

        /// Starts making them; `load` loads and checks the catalog.
        init(catalog load: @escaping @Sendable () throws -> Catalog) {
            let thread = Thread {
                let outcome = Swift.Result { () throws -> (Catalog, Tagger) in
                    let catalog = try load()
                    NormalizerWarmUp.wait()
                    return (catalog, Tagger(catalog: catalog))
                }
                self.condition.lock(); defer { self.condition.unlock() }
                self.outcome = outcome
                self.condition.broadcast()
            }
            thread.stackSize = 8 << 20   // what the main thread had for a deeply nested catalog
            thread.start()
        }

        var isDone: Bool {
            condition.lock(); defer { condition.unlock() }
            return outcome != nil
        }

        /// The catalog and tagger once made; nil when making them failed.
        func wait() -> (Catalog, Tagger)? {
            condition.lock(); defer { condition.unlock() }
            while outcome == nil { condition.wait() }
            return try? outcome!.get()
        }

        /// The catalog, or the error that making it threw.
        func catalog() throws -> Catalog {
            _ = wait()
            condition.lock(); defer { condition.unlock() }
            return try outcome!.get().0
        }
    }

    enum Stage: String, CaseIterable {
        case read = "read, decode, outline (wall)"
        case normalize = "normalize"
        case exact = "exact match"
        case fuzzy = "fuzzy pass"
        case evidence = "evidence and status"
        case matrix = "matrix (wall)"
        case report = "report writing (wall)"
    }

    /// CPU seconds per stage, summed over all workers (thread CPU time, so a busy machine
    /// does not inflate the figures the way wall time would).
    final class StageTimes: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds = [Stage: Double]()

        func add(_ stage: Stage, _ value: Double) {
            lock.lock(); defer { lock.unlock() }
            seconds[stage, default: 0] += value
        }

        func report() -> String {
            lock.lock(); defer { lock.unlock() }
            let total = seconds.values.reduce(0, +)
            return Stage.allCases.map { stage in
                let value = seconds[stage] ?? 0
                let name = stage.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0)
                return "plancov: timing \(name)" + String(format: " %7.3f s  %5.1f%%", value, total > 0 ? value / total * 100 : 0)
            }.joined(separator: "\n")
        }
    }

    enum Outcome {
        case success(DocumentAnalysis, Int)
        case failure(IngestFailure)
        var bytes: Int { if case .success(_, let size) = self { return size } else { return 0 } }
    }

    /// Results by input index, so the merge is deterministic whatever the thread timing.
    final class BatchState: @unchecked Sendable {
        private let lock = NSLock()
        private var cursor = 0
        private let count: Int
        private(set) var outcomes: [Outcome?]

        init(count: Int) {
            self.count = count
            outcomes = Array(repeating: nil, count: count)
        }

        func next() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard cursor < count else { return nil }
            cursor += 1
            return cursor - 1
        }

        func store(_ outcome: Outcome, at index: Int) {
            lock.lock(); defer { lock.unlock() }
            outcomes[index] = outcome
        }
    }

    /// "files done / total, MB/s" on stderr (a TTY only: the caller decides), redrawn at most
    /// ten times a second, and erased when the batch is done so the report starts on a clean line.
    final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private let total: Int
        private var done = 0
        private var bytes = 0
        private let start = DispatchTime.now().uptimeNanoseconds
        private var lastDraw: UInt64 = 0

        init(total: Int) {
            self.total = total
            draw(start)   // "0/N" at once: a slow first file still shows the batch has begun
        }

        func advance(bytes size: Int) {
            lock.lock(); defer { lock.unlock() }
            done += 1
            bytes += size
            let now = DispatchTime.now().uptimeNanoseconds
            if now - lastDraw > 100_000_000 || done == total {
                lastDraw = now
                draw(now)
            }
        }

        private func draw(_ now: UInt64) {
            let seconds = max(Double(now - start) / 1e9, 1e-6)
            let rate = Double(bytes) / 1e6 / seconds
            FileHandle.standardError.write(Data(String(format: "\rplancov: %d/%d files (%d%%)  %.1f MB/s\u{1B}[K", done, total,
                                                       done * 100 / max(total, 1), rate).utf8))
        }

        func finish() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

extension Pipeline.Result {
    /// One line per unreadable file on stderr, naming the file and the reason.
    func reportFailures() {
        for failure in failures { FileHandle.standardError.write(line: "plancov: \(failure.path): \(failure.error)") }
    }

    /// 0 when every input was read, 2 when some were not (the report covers the rest).
    var exitStatus: Int32 { failures.isEmpty ? 0 : 2 }
}
