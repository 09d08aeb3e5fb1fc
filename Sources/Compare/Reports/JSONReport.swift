import Foundation

/// `--format json`: the contract of DESIGN.md, pretty-printed, keys in contract order.
enum JSONReport {
    static func render(_ matrix: CoverageMatrix) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(matrix)
        data.append(0x0A)
        return data
    }
}
