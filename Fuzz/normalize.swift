// Fuzz target: normalization and its offset map.
// Property (NormalizedText's invariant): for every normalized index i,
// 0 <= sourceStart[i] < sourceEnd[i] <= input count, and both arrays never decrease.
import Foundation
import Ingest
import Normalize

let normalizer: Normalizer = {
    let table = try! String(contentsOf: repositoryRoot.appendingPathComponent("Sources/Normalize/Resources/variants.tsv"), encoding: .utf8)
    return try! Normalizer(variantTable: table)
}()

func check(_ text: NormalizedText, inputCount: Int) {
    require(text.sourceStart.count == text.count && text.sourceEnd.count == text.count, "arrays differ in length")
    var previousStart: Int32 = 0, previousEnd: Int32 = 0
    for i in 0..<text.count {
        let start = text.sourceStart[i], end = text.sourceEnd[i]
        require(start >= 0 && end <= Int32(inputCount), "offset \(i) outside the input: \(start)..<\(end) of \(inputCount)")
        require(start < end, "empty source at \(i): \(start)..<\(end)")
        require(start >= previousStart && end >= previousEnd, "not monotonic at \(i)")
        previousStart = start; previousEnd = end
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = scalars(bytes(data, size))
    check(normalizer.normalize(input), inputCount: input.count)
    // With the layout spans the outline parser finds, as the pipeline does.
    let document = Document(path: "fuzz.txt", format: .text, encoding: "UTF-8", scalars: input)
    let outline = OutlineParser.parse(input, lineStarts: document.lineStarts)
    let layout = outline.layout.map { ($0.range, $0.kind == .separate) }
    check(normalizer.normalize(input, layout: layout), inputCount: input.count)
    return 0
}
