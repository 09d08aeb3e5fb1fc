import ArgumentParser
import Foundation
import Ingest

/// Where PDF extractions are kept between runs (`ExtractionCache`): the options every command
/// that reads plans takes, and `plancov cache`.
struct CacheOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Keep what was read from PDFs in this folder (default: $XDG_CACHE_HOME/plancov, else ~/.cache/plancov).", valueName: "folder"))
    var cacheDir: String?

    @Flag(name: .long, help: "Read every PDF again, without using or filling the cache.")
    var noCache = false

    @Option(name: .long, help: ArgumentHelp("The most the cache may take on disk; the least recently used entries go first (K, M and G suffixes accepted).", valueName: "size"))
    var cacheSize: String = "1G"

    func validate() throws {
        guard InputOptions.parseSize(cacheSize) != nil else {
            throw ValidationError("--cache-size: \"\(cacheSize)\" is not a size (for example 500M, 1G)")
        }
    }

    func cache() -> ExtractionCache {
        ExtractionCache(directory: cacheDir ?? ExtractionCache.defaultDirectory(), maxSize: InputOptions.parseSize(cacheSize) ?? 1 << 30)
    }
}

/// `plancov cache`: how much the extraction cache holds, and clearing it.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "PDF の読み取り結果のキャッシュ — show the size of the cache of what was read from PDFs, or clear it.",
        discussion: """
        plancov keeps what it read from each PDF (the text laid out, by the file's content, \
        mutool's version and the layout rules), so a second run over the same files skips mutool. \
        A changed file is read again; the least recently used entries go when the cache is past \
        --cache-size.
        """,
        subcommands: [Show.self, Clear.self],
        defaultSubcommand: Show.self
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show where the cache is and how much it holds.")
        @OptionGroup var options: CacheOptions

        func run() throws {
            let cache = options.cache()
            let (entries, bytes) = cache.usage()
            print("\(cache.directory): \(entries) entr\(entries == 1 ? "y" : "ies"), \(Self.size(bytes)) (limit \(Self.size(cache.maxSize)))")
        }

        static func size(_ bytes: Int) -> String {
            bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
                : bytes >= 1 << 10 ? String(format: "%.1f KB", Double(bytes) / Double(1 << 10)) : "\(bytes) bytes"
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "clear", abstract: "Delete every entry of the cache.")
        @OptionGroup var options: CacheOptions

        func run() throws {
            let cache = options.cache()
            let (entries, bytes) = cache.usage()
            do { try cache.clear() } catch {
                throw CleanExit.failure(message: "plancov: cache \(cache.directory): cannot be cleared: \(error.localizedDescription)", code: 1)
            }
            print("\(cache.directory): cleared \(entries) entr\(entries == 1 ? "y" : "ies"), \(Show.size(bytes))")
        }
    }
}
