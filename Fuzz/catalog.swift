// Fuzz target: the catalog loader (YAML through Yams), its checks, and — when the checks
// pass, as `--catalog` requires — building the tagger and tagging a short plan with it.
import Compare
import Ingest

let plan = Document(path: "plan.txt", format: .text, encoding: "UTF-8",
                    scalars: "1 標準化\n住民基本台帳、戸籍、児童手当等の現況届\n".unicodeScalars.map(\.value))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let yaml = String(validating: bytes(data, size), as: UTF8.self) else { return 0 }
    do {
        let catalog = try Catalog.parse(yaml: yaml, source: "fuzz.yaml")
        let problems = catalog.check()
        if problems.allSatisfy({ $0.severity != .error }) {
            _ = Tagger(catalog: catalog).tag(plan)
        }
    } catch {
        _ = error.description
    }
    return 0
}
