import Foundation
import Testing

/// Issue 8: the same inputs give byte-identical JSON, CSV and Markdown whatever the order of
/// the files on disk, their names, or the number of threads.
struct DeterminismTests {
    /// A copy of the corpus in `root/corpus`: plans written in `order`, each under the name
    /// `rename` gives it, and a manifest listing them in that order.
    static func copyCorpus(to root: URL, order: [String], rename: (String) -> String) throws {
        let plans = root.appendingPathComponent("corpus/plans")
        try FileManager.default.createDirectory(at: plans, withIntermediateDirectories: true)
        let manifest = try String(contentsOf: repositoryRoot.appendingPathComponent("corpus/manifest.yaml"), encoding: .utf8)
        // Split the manifest into its entries to write them in the new order under the new names.
        let parts = manifest.components(separatedBy: "\n  - file: ")
        var entries = [String: String]()
        for part in parts.dropFirst() {
            let file = String(part.prefix { $0 != "\n" })
            entries[file] = String(part.dropFirst(file.count))
        }
        var written = parts[0]
        for name in order {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("corpus/plans/\(name)"),
                                             to: plans.appendingPathComponent(rename(name)))
            let entry = try #require(entries["plans/\(name)"], "manifest entry of \(name)")
            written += "\n  - file: plans/\(rename(name))" + entry
        }
        try written.write(to: root.appendingPathComponent("corpus/manifest.yaml"), atomically: true, encoding: .utf8)
    }

    @Test func reportsAreByteIdenticalWhateverTheOrderNamesAndThreads() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("corpus/plans").path).sorted()
        let first = try temporaryDirectory("order-a"), second = try temporaryDirectory("order-b")
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        try DeterminismTests.copyCorpus(to: first, order: names) { $0 }
        // Reversed on disk and in the manifest, each under another name.
        func renamed(_ name: String) -> String { "plan-\(names.count - names.firstIndex(of: name)!)-\(name.hasPrefix("1") ? "x" : "y").txt" }
        try DeterminismTests.copyCorpus(to: second, order: names.reversed(), rename: renamed)

        for format in ["json", "csv", "md"] {
            var outputs = [String: Data]()
            for (label, root) in [("a", first), ("b", second)] {
                for jobs in ["1", "4"] {
                    let run = try plancov(["compare", "corpus", "--format", format, "--jobs", jobs], in: root)
                    #expect(run.status == 0, "\(run.stderr)")
                    var text = String(decoding: run.stdout, as: UTF8.self)
                    if label == "b", format == "json" { #expect(text.contains("corpus/plans/plan-5-"), "the copy was read under its new names") }
                    if label == "b" { for name in names { text = text.replacingOccurrences(of: renamed(name), with: name) } }
                    outputs["\(label) --jobs \(jobs)"] = Data(text.utf8)
                }
            }
            let reference = try #require(outputs["a --jobs 1"])
            #expect(reference.count > 1000)
            for (label, data) in outputs { #expect(data == reference, "\(format): \(label) differs from a --jobs 1") }
        }
    }
}
