import Compare
import Ingest
import Register

/// The messages of `--municipality` and `show`, when the query finds no plan or several
/// (the rule is `MunicipalityQuery`'s, the same for every command).
enum MunicipalityChoice {
    /// The one municipality of the matrix `query` names, or a usage error (exit 1) listing
    /// the plans there are or the ones it could mean.
    static func index(of query: String, in matrix: CoverageMatrix) throws -> Int {
        let found = matrix.municipalityIndices(matching: query)
        let label = { (m: Int) in "\(matrix.municipalities[m].name) (\(matrix.municipalities[m].code))" }
        return try choose(query, found, all: matrix.municipalities.indices.map(label), label: label)
    }

    private static func choose<T>(_ query: String, _ found: [T], all: [String], label: (T) -> String) throws -> T {
        switch found.count {
        case 1:
            return found[0]
        case 0:
            throw CleanExit.failure(message: "plancov: no plan of \(query) among the inputs; they are: \(all.joined(separator: ", "))", code: 1)
        default:
            throw CleanExit.failure(message: "plancov: \(query) could be any of \(found.map(label).joined(separator: ", ")); give its 団体コード or full name", code: 1)
        }
    }
}
