import Batch
import Compare
import Foundation

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The matrix of the bundled corpus, made as `plancov compare corpus` makes it: every report
/// test renders the same real matrix.
enum CorpusMatrix {
    static let matrix = matrix(catalog: { try Catalog.bundled() })

    static func matrix(catalog: @escaping @Sendable () throws -> Catalog) -> CoverageMatrix {
        try! CoverageBatch(catalog: catalog).run(paths: [repositoryRoot.appendingPathComponent("corpus").path]).matrix
    }
}
