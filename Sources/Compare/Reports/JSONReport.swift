import Foundation

/// `--format json`: the contract of DESIGN.md, pretty-printed. Keys are sorted: the encoder
/// would otherwise order them differently from run to run, and reports must be byte-identical.
enum JSONReport {
    static func render(_ matrix: CoverageMatrix) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
        var data = try encoder.encode(matrix)
        data.append(0x0A)
        return data
    }
}
