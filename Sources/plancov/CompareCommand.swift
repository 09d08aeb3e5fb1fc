import ArgumentParser
import Batch
import Compare
import Foundation
import Report

/// `plancov compare`: the main job. Reads every plan and writes the coverage matrix.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "計画を比較し網羅状況マトリクスを出力する — write the coverage matrix of the plans.",
        discussion: """
        For every municipality and every catalog item (標準化対象20業務, 子育て・介護26手続, \
        被災者支援 …) the matrix says listed, mentioned, group (the plan refers to the whole \
        group, e.g. 20業務 or 26手続, without naming the item) or absent, with the evidence.

        Examples:
          plancov compare                                  # the bundled corpus, as a table
          plancov compare plans/ --format json --out coverage.json
          plancov compare corpus --out coverage.json --out coverage.csv --out coverage.md
          plancov compare corpus --out report.html --out matrix.xlsx   # to read and to forward
          plancov compare plans/ --prefecture 埼玉県 --out saitama.xlsx   # one prefecture's plans

        Formats: table (terminal), json (the plancov.coverage/1 contract), csv (Excel-ready \
        UTF-8 with BOM), md (summary per group and missing items, for an issue or a report \
        appendix), html (one self-contained page: summary, matrix with the evidence of every \
        cell, missing items; filters; prints on A4 landscape), xlsx (a workbook with the \
        sheets 網羅状況, 根拠, 未記載 and 集計).
        """
    )

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: "Report format: table, json (the plancov.coverage/1 contract), csv (UTF-8 with BOM, for Excel), md, html (self-contained page with the evidence), xlsx (workbook).")
    var format: ReportFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of stdout, atomically (a pipe or device is written into); repeat for several formats (chosen from each extension: .json .csv .md .html .xlsx .txt).", valueName: "file"))
    var out: [String] = []

    @Option(name: .shortAndLong, help: "Report only the municipalities of this prefecture (a name, e.g. 埼玉県 or 埼玉, or a code, 11 or 110001), in every format.")
    var prefecture: String?

    @Flag(help: "Print the time of each stage on stderr: CPU seconds summed over all workers for normalize, exact match, fuzzy pass, evidence; wall seconds for reading (summed over the workers), the matrix and report writing (both built on every core); and each report written with --out, its own wall time.")
    var timings = false

    func validate() throws {
        if out.count > 1, format != nil {
            throw ValidationError("--format applies to a single --out; with several, each file's extension chooses its format")
        }
        for path in out where format == nil && ReportFormat(fileExtension: (path as NSString).pathExtension) == nil {
            throw ValidationError("--out \(path): cannot tell the format from the extension; use .json, .csv, .md, .html, .xlsx or .txt, or give --format")
        }
        if out.isEmpty, format == .xlsx, Terminal.stdoutIsTTY {
            throw ValidationError("--format xlsx writes a binary workbook; give --out FILE.xlsx (or redirect stdout)")
        }
    }

    func run() throws {
        var batch = input.batch()
        batch.measuresStages = timings
        // The workbook's 未記載 sheet and the page's missing items offer each missing item's near miss.
        let formats = out.isEmpty ? [format ?? .table] : out.map { format ?? ReportFormat(fileExtension: ($0 as NSString).pathExtension)! }
        batch.findsNearMisses = formats.contains(.xlsx) || formats.contains(.html)
        let result = try batch.run(paths: input.resolvedPaths, observer: TerminalProgress.observer())
        result.reportFailures()
        var matrix = result.matrix
        if let prefecture {
            matrix = matrix.restricted(to: try PrefectureChoice.rows(of: prefecture, in: matrix, register: input.loadRegister).rows)
        }
        // Report writing uses several threads: its wall time is the honest figure. Printed when
        // the writing ends, however it ends (the process ends below without unwinding).
        do {
            let clock = ContinuousClock(), reportStarted = clock.now
            defer {
                if let stages = result.stageTimes {
                    let elapsed = (clock.now - reportStarted).components
                    stages.add(.report, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
                    FileHandle.standardError.write(line: stages.report())
                }
            }
            if out.isEmpty {
                let chosen = format ?? .table
                let data = try chosen.render(matrix, options: RenderOptions(color: chosen == .table && Terminal.colorAllowed))
                FileHandle.standardOutput.write(data)
            } else {
                for path in out {
                    let chosen = format ?? ReportFormat(fileExtension: (path as NSString).pathExtension)!
                    let started = clock.now
                    do {
                        try chosen.write(matrix, to: path)
                    } catch {
                        throw CleanExit.failure(message: "plancov: cannot write \(path): \(error.localizedDescription)", code: 1)
                    }
                    // With --timings, each report's own wall time: the formats of one run side by side.
                    let elapsed = (clock.now - started).components
                    let took = timings ? String(format: ", %.3f s", Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18) : ""
                    FileHandle.standardError.write(line: "plancov: wrote \(path) (\(chosen.rawValue)\(took))")
                }
            }
        }
        FileHandle.standardError.write(line: String(
            format: "plancov: %d municipalities, %d items, %d files read, %d failed, %.2f s",
            matrix.municipalities.count, matrix.items.count,
            matrix.municipalities.reduce(0) { $0 + $1.documents.count }, result.failures.count, result.seconds))
        // Everything is written (FileHandle writes are unbuffered): end the process now rather
        // than free the matrix and the analyses evidence by evidence, which the system does
        // at once.
        Foundation.exit(result.exitStatus)
    }
}

extension ReportFormat: ExpressibleByArgument {}
