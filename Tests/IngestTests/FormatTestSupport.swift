import Foundation
import Testing
import ZIPFoundation
@testable import Ingest

func formatFixture(_ name: String) -> String { repositoryRoot.appendingPathComponent("Tests/Fixtures/formats/\(name)").path }

/// The non-blank lines of a corpus plan: the fixture DOCX has one paragraph per such line.
func nonBlankLines(_ plan: String) throws -> [String] {
    try String(contentsOfFile: repositoryRoot.appendingPathComponent("corpus/plans/\(plan)").path, encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
}

/// A zip archive built in memory from (path, text) pairs: small DOCX/XLSX files for one rule each.
func zip(_ entries: [(String, String)], method: CompressionMethod = .deflate) throws -> [UInt8] {
    let archive = try Archive(data: Data(), accessMode: .create)
    for (path, text) in entries {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
    }
    return [UInt8](archive.data!)
}

let wordNamespace = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

func docx(body: String, styles: String? = nil, footnotes: String? = nil) throws -> [UInt8] {
    var entries = [("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
                   ("word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \(wordNamespace)><w:body>\(body)</w:body></w:document>")]
    if let styles { entries.append(("word/styles.xml", "<?xml version=\"1.0\"?><w:styles \(wordNamespace)>\(styles)</w:styles>")) }
    if let footnotes { entries.append(("word/footnotes.xml", "<?xml version=\"1.0\"?><w:footnotes \(wordNamespace)>\(footnotes)</w:footnotes>")) }
    return try zip(entries)
}
