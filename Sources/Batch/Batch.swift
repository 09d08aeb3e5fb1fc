@_spi(Timing) import Compare
import Dispatch
import Foundation
import Ingest
import Normalize
import Register

/// One batch: plan files in, the coverage matrix out. The product, its tests and the stage
/// benchmark all run plans through this one entry point, so what the tests check is the
/// wiring the product runs.
///
/// What it does, in order:
/// - makes the catalog and its tagger, and loads the register of local governments, on a
///   thread of its own, from the start (loading and checking a catalog and building the
///   tagger take ~10 ms, which listing the inputs and reading the first plans overlap);
/// - lists the inputs as `Corpus` does (manifests, codes in names);
/// - reads, identifies (`Identifier`: manifest, code, path, title), normalizes and tags the
///   files on `jobs` workers, each pulling the next file from a
///   shared counter (memory is bounded by the files in flight, not by the batch), reading up
///   to `readAhead` files ahead while the tagger is still being made;
/// - turns a file that cannot be read into a failure naming it, and goes on with the rest;
/// - merges the results by input order (the same inputs give the same matrix, whatever the
///   thread timing) and builds the matrix.
public struct CoverageBatch: Sendable {
    /// Loads (and checks) the catalog. Runs on the batch's own thread; what it throws, `run`
    /// rethrows before anything is reported.
    public var catalog: @Sendable () throws -> Catalog
    /// Loads the register of local governments that identifies each plan's author (the
    /// built-in one by default; `--register FILE`). What it throws, `run` rethrows.
    public var register: @Sendable () throws -> Register = { try Register.bundled() }
    /// How files are read, with their limits (size, line length, time).
    public var reader: DocumentReader
    /// Files read in parallel.
    public var jobs: Int
    /// Keep each document's outline analysis (`DocumentAnalysis.outline`): what `plancov show`
    /// prints. Off for comparisons, which need only the evidence.
    public var keepsOutlines = false
    /// Time each stage (`BatchResult.stageTimes`): `plancov compare --timings`.
    public var measuresStages = false
    /// Look for near misses of the items each plan does not name (`NearMissFinder`, carried
    /// by the matrix as `Cell.near`): for the reports that show missing items.
    public var findsNearMisses = false
    /// Judge every row against the lists in force on this date (`--as-of`), instead of each
    /// plan's own date.
    public var asOf: PlanDate?

    /// Documents a worker reads ahead while the catalog and its tagger are still being made:
    /// enough to keep its core busy for that time (~0.15 ms each, against ~10 ms), few enough
    /// to keep memory bounded by the files in flight (up to ~10 MB per worker).
    static let readAhead = 64

    public init(catalog: @escaping @Sendable () throws -> Catalog, reader: DocumentReader = DocumentReader(),
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.catalog = catalog
        self.reader = reader
        self.jobs = jobs
    }

    /// Runs the batch over `paths` (files or folders, listed as `Corpus` lists them).
    public func run(paths: [String], observer: (any BatchObserver)? = nil) throws -> BatchResult {
        let preparation = Preparation(catalog: catalog, register: register, nearMisses: findsNearMisses)   // before listing: they overlap
        let corpus = Corpus(paths: paths)
        return try run(corpus.entries, listingFailures: corpus.failures, preparation: preparation, observer: observer)
    }

    /// Runs the batch over entries the caller listed (a subset of a corpus, or files it names
    /// with their municipality); `listingFailures` join the result's failures.
    public func run(entries: [CorpusEntry], listingFailures: [IngestFailure] = [],
                    observer: (any BatchObserver)? = nil) throws -> BatchResult {
        try run(entries, listingFailures: listingFailures,
                preparation: Preparation(catalog: catalog, register: register, nearMisses: findsNearMisses), observer: observer)
    }

    private func run(_ entries: [CorpusEntry], listingFailures: [IngestFailure], preparation: Preparation,
                     observer: (any BatchObserver)?) throws -> BatchResult {
        let started = DispatchTime.now()
        let stages = measuresStages ? StageTimes() : nil
        let prefetcher = Prefetcher(paths: entries.map(\.path))
        var reader = self.reader
        reader.prefetcher = prefetcher
        let state = BatchState(count: entries.count, observer: observer)
        let worker = Worker(reader: reader, stages: stages, keepsOutlines: keepsOutlines)
        observer?.batchWillStart(files: entries.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, entries.count))) { _ in
            var early = [(index: Int, document: Document)]()
            func analyzeEarly(_ prepared: Preparation.Made) {
                for (index, document) in early { state.store(worker.analyze(entries[index], document, prepared), at: index, path: entries[index].path) }
                early = []
            }
            while let index = state.next() {
                prefetcher.willRead(index)
                let document: Document
                switch worker.read(entries[index]) {
                case .success(let read): document = read
                case .failure(let failure): state.store(.failure(failure), at: index, path: entries[index].path); continue
                }
                if !preparation.isDone, early.count < CoverageBatch.readAhead {
                    early.append((index, document))
                    continue
                }
                guard let prepared = preparation.made() else { return }
                analyzeEarly(prepared)
                state.store(worker.analyze(entries[index], document, prepared), at: index, path: entries[index].path)
            }
            if !early.isEmpty, let prepared = preparation.made() { analyzeEarly(prepared) }
        }
        observer?.batchDidEnd()
        // Past its size bound, the extraction cache drops its least recently used entries.
        reader.cache?.trimIfWritten()
        let catalog = try preparation.catalog()
        var analyses = [DocumentAnalysis]()
        var failures = listingFailures
        var warnings = [CoverageMatrix.ErrorEntry]()
        for outcome in state.outcomes {
            switch outcome {
            case .success(let analysis, let notes)?:
                analyses.append(analysis)
                warnings += notes.map { CoverageMatrix.ErrorEntry(document: analysis.entry.path, message: $0) }
            case .failure(let failure)?: failures.append(failure)
            case nil: break
            }
        }
        failures.sort { $0.path < $1.path }
        // The matrix is built on every core: its wall time is the honest figure.
        let buildStarted = DispatchTime.now().uptimeNanoseconds
        let matrix = CoverageBuilder.build(catalog: catalog, analyses: analyses,
                                           errors: failures.map { CoverageMatrix.ErrorEntry(document: $0.path, message: $0.error.description) },
                                           warnings: warnings, asOf: asOf)
        stages?.add(.matrix, Double(DispatchTime.now().uptimeNanoseconds - buildStarted) / 1e9)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return BatchResult(matrix: matrix, analyses: analyses, failures: failures, seconds: seconds,
                           stageTimes: stages)
    }
}

/// What a batch gives back.
public struct BatchResult: Sendable {
    public let matrix: CoverageMatrix
    /// The per-document analyses the matrix was built from, in input order.
    public let analyses: [DocumentAnalysis]
    /// Inputs that could not be listed or read, each naming the file and the reason, by path.
    public let failures: [IngestFailure]
    /// Files read whose identity a reader should check (also in `matrix.warnings`).
    public var warnings: [CoverageMatrix.ErrorEntry] { matrix.warnings }
    /// Wall time from the start of `run` to the matrix.
    public let seconds: Double
    /// Time per stage, when the batch `measuresStages`.
    public let stageTimes: StageTimes?
}

/// Watches a batch run: what a command needs to draw progress. The batch calls these from its
/// worker threads, one call at a time (never two at once), so an observer needs no lock.
public protocol BatchObserver: AnyObject, Sendable {
    /// Before the first file is read.
    func batchWillStart(files: Int)
    /// After each file, read or failed; `bytes` is its size on disk.
    func batchDidFinish(file path: String, bytes: Int)
    /// After the last file, before the matrix is built.
    func batchDidEnd()
}

/// What one worker does with one file; its stages timed when the batch measures them.
private struct Worker: Sendable {
    let reader: DocumentReader
    let stages: StageTimes?
    let keepsOutlines: Bool

    func read(_ entry: CorpusEntry) -> Swift.Result<Document, IngestFailure> {
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

    /// Identifies, normalizes, tags and quotes one document.
    func analyze(_ listed: CorpusEntry, _ document: Document, _ prepared: Preparation.Made) -> BatchState.Outcome {
        let tagger = prepared.tagger
        var clock = stages == nil ? 0 : threadCPUTime()
        func lap(_ stage: StageTimes.Stage) {
            guard let stages else { return }
            let now = threadCPUTime(); stages.add(stage, now - clock); clock = now
        }
        let text = tagger.normalized(document)
        lap(.normalize)
        let identity = prepared.identifier.identify(listed, title: TitleText(document: document, normalized: text))
        lap(.identity)
        var timings: Tagger.TagTimings? = stages == nil ? nil : Tagger.TagTimings()
        let (mentions, groups) = tagger.tag(document, normalized: text, timings: &timings)
        if let stages, let timings {
            stages.add(.exact, timings.exact)
            stages.add(.fuzzy, timings.fuzzy)
            clock = threadCPUTime()
        }
        let analysis = DocumentAnalysis(entry: identity.entry, document: document, normalized: text, mentions: mentions,
                                        groups: groups, tagger: tagger, withOutline: keepsOutlines, nearMisses: prepared.nearMisses)
        lap(.evidence)
        return .success(analysis, identity.warnings)
    }
}

/// Results by input index, so the merge is deterministic whatever the thread timing; and the
/// one lock the observer's calls go through.
private final class BatchState: @unchecked Sendable {
    enum Outcome {
        /// The analysis and its identity warnings.
        case success(DocumentAnalysis, [String])
        case failure(IngestFailure)
    }

    private let lock = NSLock()
    private var cursor = 0
    private let count: Int
    private let observer: (any BatchObserver)?
    private(set) var outcomes: [Outcome?]

    init(count: Int, observer: (any BatchObserver)?) {
        self.count = count
        self.observer = observer
        outcomes = Array(repeating: nil, count: count)
    }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard cursor < count else { return nil }
        cursor += 1
        return cursor - 1
    }

    func store(_ outcome: Outcome, at index: Int, path: String) {
        // The bytes on disk, whatever the encoding: what "MB/s" means to the user.
        var size = 0
        if observer != nil {
            var info = stat()
            size = stat(path, &info) == 0 ? Int(info.st_size) : 0
        }
        lock.lock(); defer { lock.unlock() }
        outcomes[index] = outcome
        observer?.batchDidFinish(file: path, bytes: size)
    }
}
