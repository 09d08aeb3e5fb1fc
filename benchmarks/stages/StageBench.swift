import ArgumentParser
import Batch
import CSystem
import Compare
import Dispatch
import Foundation
import Ingest
import Report

/// Times each stage of the pipeline on its own, on one thread, over the plans held in memory.
///
/// `bench.py` measures what a user waits for: the whole tool on two cores, where this VM's
/// speed drifts by a fifth from one minute to the next. That is the right figure for the
/// targets and the wrong one for deciding whether a change to one stage helps: a 2% gain in a
/// stage is lost in that noise. Here every stage runs once per round over the same texts,
/// rounds alternate the stages (so all are timed in the same minutes), and the minimum over
/// the rounds is the figure to compare: the least disturbed run of the same work. Even that
/// moves with the VM (the same pass takes 1.3–1.5 times as long in its slow minutes), so two
/// builds are compared by running them in alternation, a few times each.
@main
struct StageBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plancov-stages",
        abstract: "Time each stage (decode, outline, normalize, match, evidence, the batch, JSON report) on one thread.",
        discussion: """
        Reads every plan of the folder into memory, then times each stage over all of them \
        `--repeat` times, in `--rounds` rounds. Prints per stage the minimum and median time of \
        one pass over the plans, nanoseconds per scalar and MB/s of input. Build it in release \
        mode: `swift build -c release --product plancov-stages`.
        """)

    @Argument(help: "A folder of plans (plain text or any format plancov reads).")
    var folder = "corpus/plans"

    @Option(help: "How many times each round runs a stage over the plans.")
    var `repeat` = 40

    @Option(help: "How many rounds.")
    var rounds = 21

    @Option(help: ArgumentHelp("Only the stages whose names contain one of these words (comma-separated), e.g. "
                               + "`normalize` to profile it alone.", valueName: "words"))
    var only: String?

    mutating func run() throws {
        // Freed memory kept for the next pass, as plancov keeps it: otherwise glibc gives each
        // pass's large blocks back to the system and the next pass faults them in again, page
        // by page (the same normalize pass took from 0.44 to 1.0 ms).
        plancov_keep_freed_memory()
        // The plans, not the folder's README, manifest or hidden files.
        let paths = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") && !$0.hasSuffix(".yaml") }
            .map { (folder as NSString).appendingPathComponent($0) }
        guard !paths.isEmpty else { throw ValidationError("no plans in \(folder)") }
        let reader = DocumentReader()
        let files = try paths.map { path in (path, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))) }
        let bytes = files.reduce(0) { $0 + $1.1.count }
        let catalog = try Catalog.bundled()
        let tagger = Tagger(catalog: catalog)
        // Every stage's input, made once: each stage is timed on its own.
        let documents = try files.map { path, data in
            do {
                return try reader.document(from: data, path: path)
            } catch {
                throw ValidationError("\(path): \(error)")
            }
        }
        let normalized = documents.map { tagger.normalized($0) }
        let tagged = zip(documents, normalized).map { tagger.tag($0, normalized: $1) }
        let scalars = documents.reduce(0) { $0 + $1.scalars.count }
        let entries = paths.map { CorpusEntry(path: $0, municipality: Municipality(code: nil, name: $0, prefecture: nil)) }
        // The plans' matrix from the product's own entry point, one thread (small enough,
        // under 4,096 cells, for the JSON report to be rendered on one thread too).
        let batch = CoverageBatch(catalog: { catalog }, reader: reader, jobs: 1)
        let matrix = try batch.run(entries: entries).matrix

        var sink = 0
        var stages: [(String, () throws -> Void)] = [
            ("decode (UTF-8 to scalars)", {
                for (_, data) in files { sink &+= try TextDecoder.decode(data).scalars.count }
            }),
            ("ingest (decode, outline)", {
                for (path, data) in files { sink &+= try reader.document(from: data, path: path).outline.count }
            }),
            ("normalize", {
                for document in documents { sink &+= tagger.normalized(document).count }
            }),
            ("match (exact, fuzzy)", {
                for (document, text) in zip(documents, normalized) { sink &+= tagger.tag(document, normalized: text).mentions.count }
            }),
            ("evidence", {
                for index in documents.indices {
                    let analysis = DocumentAnalysis(entry: entries[index], document: documents[index], normalized: normalized[index],
                                                    mentions: tagged[index].mentions, groups: tagged[index].groups, tagger: tagger)
                    sink &+= analysis.evidenceByItem.count
                }
            }),
            ("batch (all of the above, one thread)", {
                sink &+= try batch.run(entries: entries).analyses.count
            }),
            ("report (JSON, one thread)", {
                sink &+= try ReportFormat.json.render(matrix).count
            }),
        ]
        if let only {
            let words = only.split(separator: ",").map(String.init)
            stages = stages.filter { stage in words.contains { stage.0.contains($0) } }
            guard !stages.isEmpty else { throw ValidationError("no stage matches \(only)") }
        }
        print("plancov-stages: \(files.count) plans, \(String(format: "%.1f", Double(bytes) / 1e6)) MB, \(scalars) scalars; "
              + "\(self.repeat) passes a round, \(rounds) rounds, one thread")
        var times = [[Double]](repeating: [], count: stages.count)
        for _ in 0..<rounds {
            for (index, stage) in stages.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<self.repeat { try stage.1() }
                times[index].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(self.repeat))
            }
        }
        for (index, stage) in stages.enumerated() {
            let sorted = times[index].sorted()
            let best = sorted[0], median = sorted[sorted.count / 2]
            let name = stage.0.padding(toLength: 27, withPad: " ", startingAt: 0)
            print(name + String(format: "  min %7.3f ms  median %7.3f ms  %5.2f ns/scalar  %6.1f MB/s",
                                best * 1e3, median * 1e3, best * 1e9 / Double(scalars), Double(bytes) / best / 1e6))
        }
        if sink == 42 { print("") }   // keeps the work from being optimized away
    }
}
