// swift-tools-version:6.0
import PackageDescription

// plancov is a pipeline of staged libraries (see ../shared/DESIGN.md):
//   files ─Ingest─▶ Document ─Normalize─▶ NormalizedText ─Compare─▶ Mentions ─▶ CoverageMatrix ─Report─▶ reports
// Data flows one way: Compare may use Ingest's Document model and Normalize, never the reverse;
// Report reads only the matrix. Batch runs the first three stages over many files (the one
// entry point of the command line, the tests and the stage benchmark); the command line
// parses options, draws progress and picks exit codes.
// The C libraries sit behind tiny C targets so that Swift never sees ICU's version-renamed
// macros or libxml2's clashing ICU headers (TRAPS.md 1 and 2).
let package = Package(
    name: "plancov",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "plancov", targets: ["plancov"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "Normalize", targets: ["Normalize"]),
        .library(name: "Compare", targets: ["Compare"]),
        .library(name: "Report", targets: ["Report"]),
        .library(name: "Batch", targets: ["Batch"]),
        .library(name: "Register", targets: ["Register"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // ICU (libicu-dev): charset detection and conversion, NFKC, transliteration, East Asian width.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        // libxml2 (libxml2-dev), imported through an umbrella header that hides its ICU parts.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // zlib (zlib1g-dev): raw inflate and CRC-32 for Ingest's own zip reader, which must stop
        // on every damaged archive (ZIPFoundation writes the XLSX report).
        .systemLibrary(
            name: "CInflate",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The few system calls Swift's Glibc module leaves out (sync_file_range, preadv2), and SHA-256 for the extraction cache.
        .target(name: "CSystem"),
        // The vector kernels of the hottest loops: UTF-8 decoding and the normalization passes (AVX2), HTML escaping (SSE2).
        .target(name: "CVector"),
        // The data files the modules read at run time, built into the binary (see below).
        .target(name: "CResources"),
        .target(
            name: "Ingest",
            dependencies: ["CICU", "CLibXML2", "CInflate", "CSystem", "CVector", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Normalize",
            dependencies: ["CICU", "CVector"],
        ),
        // The register of local governments (全国地方公共団体コード) and who wrote each plan.
        .target(name: "Register", dependencies: ["Ingest", "Normalize"]),
        .target(
            name: "Compare",
            dependencies: ["Ingest", "Normalize", "Register", .product(name: "Yams", package: "Yams")]
        ),
        // Every report, from the matrix alone (and the maps of JapanMap for the HTML site):
        // HTMLWriter for HTML, libxml2's writer for XLSX, ZIPFoundation
        // for the workbook, ICU for the terminal table's column widths, and atomic writing.
        .target(
            name: "Report",
            dependencies: ["Compare", "Register", "JapanMap", "CICU", "CLibXML2", "CSystem", "CVector", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Japan's prefectures and municipalities as SVG shapes, from 国土数値情報 (CC BY 4.0), for
        // the HTML site's maps.
        .target(name: "JapanMap"),
        .target(name: "Batch", dependencies: ["Ingest", "Normalize", "Register", "Compare"]),
        .executableTarget(
            name: "plancov",
            dependencies: ["Ingest", "Register", "Compare", "Report", "Batch", "CICU", "CSystem",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Each stage timed on its own, on one thread (`make bench-stages`; see benchmarks/).
        .executableTarget(
            name: "plancov-stages",
            dependencies: ["Ingest", "Compare", "Report", "Batch", "CSystem",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "benchmarks/stages"
        ),
        // The seeded random generator the property tests of every stage share.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "CSystem", "CVector", "TestSupport",
                                                      .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "NormalizeTests", dependencies: ["Normalize", "CICU", "CVector", "TestSupport"]),
        .testTarget(name: "RegisterTests", dependencies: ["Register", "Ingest", "Batch", "Compare", "Report"]),
        .testTarget(name: "CompareTests", dependencies: ["Compare", "Batch", "Ingest", "Normalize", "TestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Compare", "Batch", "Ingest", "JapanMap",
                                                      .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "JapanMapTests", dependencies: ["JapanMap"]),
        .testTarget(name: "PlancovTests", dependencies: ["plancov", "plancov-stages"]),
    ]
)

// Data files built into the binary, so that it runs with no build tree and nothing installed
// beside it: each module below keeps its files in its own Resources/ folder (the one copy anyone
// edits) and reads them from CResources, which embeds them at compile time (#embed, in
// Sources/CResources/resources.c). A module with a data file of its own joins this list.
for target in package.targets where ["Normalize", "Register", "Compare", "JapanMap"].contains(target.name) {
    target.dependencies.append("CResources")
    target.exclude.append("Resources")
}
