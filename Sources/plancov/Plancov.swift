import ArgumentParser
import Batch
import CICU
import CSystem
import Compare
import Foundation
import Ingest
import Register
import Report

/// plancov: 自治体DX推進計画の比較ツール. The command line parses options, draws progress and
/// chooses exit codes; the work is the library's (a `CoverageBatch` runs the stages, the
/// Report module writes). Each subcommand is one small type in its own file.
@main
struct Plancov: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plancov",
        abstract: "自治体DX推進計画の網羅状況を比較する — compare Japanese municipal DX plans against the national lists.",
        discussion: """
        plancov reads municipal DX plans (自治体DX推進計画, デジタル化推進方針 …), finds which \
        標準化対象20業務 and which オンライン化を推進すべき手続 (the 31手続: 子育て15手続, 介護11手続, \
        罹災証明書の発行申請, 自動車保有関係4手続; 転出届・転入予約; the other priority procedures) \
        each plan names, and writes a coverage matrix (網羅状況) with evidence — line, page, \
        section and excerpt — for every cell. Each plan is attributed to a local government of \
        the 全国地方公共団体コード register and judged against the lists in force at its date.

        Exit status: 0 all inputs read; 1 bad usage or catalog; 2 some inputs could not be \
        read (the report covers the rest).
        """,
        version: PlancovVersion.text,
        subcommands: [CompareCommand.self, MissingCommand.self, ShowCommand.self, CatalogCommand.self, CacheCommand.self],
        defaultSubcommand: nil
    )

    /// Bad usage exits 1, as DESIGN.md promises (swift-argument-parser's own default is 64).
    static func main() {
        // Freed plan buffers stay in the heap for the next file: given back to the system, every
        // file paid page faults in the kernel (a third of a national run's time was system time).
        plancov_keep_freed_memory()
        Interrupts.install(cleanUp: ScratchFolders.removeAll)
        NormalizerWarmUp.start()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }
}

/// Options every command that reads plans shares.
struct InputOptions: ParsableArguments {
    @Argument(help: "Plan files or folders (計画ファイル・フォルダ). A folder with a manifest.yaml is read as the manifest lists. (default: corpus)")
    var paths: [String] = []

    @Option(name: .long, help: ArgumentHelp("Catalog YAML to compare against instead of the bundled one (標準化対象20業務・オンライン化手続).", valueName: "file"))
    var catalog: String?

    @Option(name: .long, help: ArgumentHelp("Judge every plan against the national lists in force on this date (令和3年4月, 2021-04, R3.4) instead of the plan's own date (from the manifest or its title page).", valueName: "date"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Register of local governments (全国地方公共団体コード) to identify plans with, instead of the built-in one (as of 令和6年1月1日): a JSON file of the same shape.", valueName: "file"))
    var register: String?

    @Option(name: .long, help: ArgumentHelp("Refuse files larger than this (bytes; K, M and G suffixes accepted).", valueName: "size"))
    var maxFileSize: String = "64M"

    @Option(name: .long, help: ArgumentHelp("Refuse files with a line longer than this many characters (K and M suffixes accepted).", valueName: "count"))
    var maxLineLength: String = "1M"

    @Option(name: .long, help: ArgumentHelp("Seconds mutool may spend on one PDF before the file is reported as failed.", valueName: "seconds"))
    var pdfTimeout: Double = 120

    @Flag(name: .long, help: "Read the pages of PDFs that have no text layer (scans) with Tesseract OCR (jpn+jpn_vert), page by page; evidence from them carries OCR's confidence.")
    var ocr = false

    @Option(name: .long, help: ArgumentHelp("Seconds rendering or reading one page with --ocr may each take.", valueName: "seconds"))
    var ocrTimeout: Double = 180

    @OptionGroup var cache: CacheOptions

    @Option(name: .long, help: ArgumentHelp("Seconds reading one file may take (decode and extract) before it is reported as failed and the batch goes on (default: 180; 3600 with --ocr).", valueName: "seconds"))
    var fileTimeout: Double?

    /// `--file-timeout`, or its default: OCR takes seconds a page, so a scan of many pages gets an hour.
    var resolvedFileTimeout: Double { fileTimeout ?? (ocr ? 3600 : 180) }

    @Option(name: .long, help: "Files read in parallel (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    var resolvedPaths: [String] { paths.isEmpty ? ["corpus"] : paths }

    /// The batch these options describe, its catalog loaded by `loadCatalog` unless the
    /// command loads it another way.
    func batch(catalog load: (@Sendable () throws -> Catalog)? = nil) -> CoverageBatch {
        let options = self
        var batch = CoverageBatch(catalog: load ?? { try options.loadCatalog() }, reader: reader(), jobs: jobs)
        batch.register = { try options.loadRegister() }
        batch.asOf = asOf.flatMap(PlanDate.parse)
        return batch
    }

    /// A reader with the limits these options set.
    func reader() -> DocumentReader {
        var reader = DocumentReader(maxFileSize: InputOptions.parseSize(maxFileSize)!, maxLineLength: InputOptions.parseSize(maxLineLength)!,
                                    pdfTimeout: pdfTimeout, fileTimeout: resolvedFileTimeout)
        reader.cache = cache.noCache ? nil : cache.cache()
        reader.ocr = ocr
        reader.ocrTimeout = ocrTimeout
        return reader
    }

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard InputOptions.parseSize(maxFileSize) != nil else {
            throw ValidationError("--max-file-size: \"\(maxFileSize)\" is not a size (for example 500K, 64M, 1G)")
        }
        guard InputOptions.parseSize(maxLineLength) != nil else {
            throw ValidationError("--max-line-length: \"\(maxLineLength)\" is not a count (for example 100000, 500K, 1M)")
        }
        if let asOf, PlanDate.parse(asOf) == nil {
            throw ValidationError("--as-of: \"\(asOf)\" is not a date (for example 令和3年4月, 2021-04-01, 2021年4月, R3.4)")
        }
        guard pdfTimeout > 0, pdfTimeout.isFinite else { throw ValidationError("--pdf-timeout must be a positive number of seconds") }
        guard resolvedFileTimeout > 0, resolvedFileTimeout.isFinite else { throw ValidationError("--file-timeout must be a positive number of seconds") }
        guard ocrTimeout > 0, ocrTimeout.isFinite else { throw ValidationError("--ocr-timeout must be a positive number of seconds") }
        try cache.validate()
    }

    /// Loads the register; a bad one is a usage error (exit 1) with its reason.
    func loadRegister() throws -> Register {
        do {
            return try register.map { try Register.load(path: $0) } ?? Register.bundled()
        } catch let error as RegisterError {
            throw CleanExit.failure(message: "plancov: register \(error)", code: 1)
        }
    }

    static func parseSize(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = text.uppercased()
        var multiplier = 1
        if digits.hasSuffix("B") { digits.removeLast() }
        if let last = digits.last, let unit = units[last] { multiplier = unit; digits.removeLast() }
        guard let value = Int(digits), value > 0 else { return nil }
        return value * multiplier
    }

    /// Loads the catalog; a bad one is a usage error (exit 1) with its reason.
    func loadCatalog() throws -> Catalog {
        do {
            let catalog = try catalog.map { try Catalog.load(path: $0) } ?? Catalog.bundled()
            NormalizerWarmUp.wait()   // the check normalizes every name; reading it did not
            let errors = catalog.check().filter { $0.severity == .error }
            if !errors.isEmpty {
                throw CatalogError(source: catalog.source, message: "is not usable (run `plancov catalog check`):\n"
                    + errors.map { "  \($0)" }.joined(separator: "\n"))
            }
            return catalog
        } catch let error as CatalogError {
            throw CleanExit.failure(message: "plancov: catalog \(error)", code: 1)
        }
    }
}

/// Ends a run with a message on stderr and an exit code, without a usage dump.
enum CleanExit {
    /// Writes `message` to stderr and returns the exit code to throw.
    static func failure(message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return ExitCode(code)
    }
}

extension FileHandle {
    func write(line: String) { write(Data((line + "\n").utf8)) }
}

/// Colour and progress only where a person is watching: on a TTY, and never with NO_COLOR.
enum Terminal {
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }
    static var colorAllowed: Bool { stdoutIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
}
