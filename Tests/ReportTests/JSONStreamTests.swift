import Foundation
import Testing
@testable import Compare
import Ingest
@testable import Report

struct JSONStreamTests {
    /// A matrix of 12,000 cells: eight or more chunks, more than the renderers may keep ahead
    /// of the writer, so they wait for it; every cell must still come out once and in order.
    func largeMatrix() throws -> CoverageMatrix {
        let catalog = try Catalog.parse(yaml: "name: test\nitems:\n"
            + (0..<40).map { "  - {id: i\($0), name: 手続\($0), category: c, group: g}\n" }.joined(), source: "test")
        let analyses = (0..<300).map { m -> DocumentAnalysis in
            let code = String(100_000 + m)
            let evidence = m % 3 == 0 ? [] : [(item: m % 40, evidence: Evidence(
                document: "\(code).txt", line: m, page: nil, section: ["第1章 \"はじめに\""], topics: ["c"],
                excerpt: "…\(m)件の手続\(m % 40)\t申請…", match: .exact, score: 1, matched: "手続\(m % 40)", alias: nil))]
            return DocumentAnalysis(entry: CorpusEntry(path: "\(code).txt", municipality: .init(code: code, name: code, prefecture: nil)),
                                    evidence: evidence, groupsReferred: [])
        }
        return CoverageBuilder.build(catalog: catalog, analyses: analyses, errors: [])
    }

    @Test func aReportOfManyChunksReadsBackAsItsMatrix() throws {
        let matrix = try largeMatrix()
        #expect(matrix.cells.count == 12_000)
        var parts = 0
        var bytes = [UInt8]()
        JSONReport.stream(matrix) { part in parts += 1; bytes += part.bytes }
        #expect(parts >= 10, "head, at least eight chunks, tail")
        #expect(try JSONDecoder().decode(CoverageMatrix.self, from: Data(bytes)) == matrix)
    }

    /// Cell keys are copied from rendered rows and columns only where a cell holds the keys its
    /// place implies. A matrix decoded from someone else's JSON may hold its cells in another
    /// order (or keys no row has): those are written from the cell itself, so the report
    /// still reads back as the matrix it came from.
    @Test func cellsOutOfTheirImpliedPlaceAreWrittenAsTheyAre() throws {
        let matrix = try largeMatrix()
        var cells = matrix.cells
        cells.swapAt(3, 4_321)                                   // two cells of other rows and columns
        cells[7] = CoverageMatrix.Cell(municipality: "99999\"9", item: cells[7].item, status: .absent, evidence: [])
        cells[8] = CoverageMatrix.Cell(municipality: cells[8].municipality, item: cells[8].item + "x", status: .group, evidence: [])
        let shuffled = CoverageMatrix(schema: matrix.schema, catalog: matrix.catalog, categories: matrix.categories,
                                      groups: matrix.groups, municipalities: matrix.municipalities,
                                      items: matrix.items, cells: cells, errors: matrix.errors, warnings: matrix.warnings)
        var bytes = [UInt8]()
        JSONReport.stream(shuffled) { bytes += $0.bytes }
        let decoded = try JSONDecoder().decode(CoverageMatrix.self, from: Data(bytes))
        #expect(decoded == shuffled)
        #expect(decoded.cells[3] == matrix.cells[4_321] && decoded.cells[4_321] == matrix.cells[3])
        #expect(decoded.cells[7].municipality == "99999\"9")
    }

    /// A write that fails half way (a full disk) ends the stream with its error; the renderers
    /// still waiting for their turn are let go instead of holding the process forever.
    @Test func aFailedWriteEndsTheStreamWithoutHanging() throws {
        struct DiskFull: Error {}
        let matrix = try largeMatrix()
        var parts = 0
        #expect(throws: DiskFull.self) {
            try JSONReport.stream(matrix) { _ in
                parts += 1
                if parts == 2 { throw DiskFull() }
            }
        }
        #expect(parts == 2)
    }
}
