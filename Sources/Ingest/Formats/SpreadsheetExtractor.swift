/// Reads an XLSX workbook: every sheet, in workbook order, as a section named after the sheet
/// (a level-1 heading), and its rows as table rows, non-empty cells separated by tabs.
///
/// Cell text comes from shared strings (rich-text runs joined, phonetic guides `rPh` dropped,
/// as ruby is elsewhere), inline strings, formula results and plain values as Excel stores
/// them (numbers and dates unformatted). Procedure lists are often published this way, and a
/// sheet named オンライン化手続一覧 makes its rows a procedure section.
///
/// Location of each cell: "Sheet!B7", so a table row's line carries one label per cell.
enum SpreadsheetExtractor {
    static let relationshipsNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func xlsx(_ archive: ZipArchive, path: String) throws(IngestError) -> Document {
        let workbook = try LibXML.parseXML(archive.read("xl/workbook.xml"), part: "xl/workbook.xml")
        var targets = [String: String]()
        var sharedStringsPart = "xl/sharedStrings.xml"
        if archive.contains("xl/_rels/workbook.xml.rels") {
            let rels = try LibXML.parseXML(archive.read("xl/_rels/workbook.xml.rels"), part: "xl/_rels/workbook.xml.rels")
            for relationship in rels.root?.elements ?? [] where relationship.isElement("Relationship") {
                guard let id = relationship.attribute("Id"), let target = relationship.attribute("Target") else { continue }
                let resolved = resolve(target)
                targets[id] = resolved
                if relationship.attribute("Type")?.hasSuffix("/sharedStrings") == true { sharedStringsPart = resolved }
            }
        }
        let shared = archive.contains(sharedStringsPart)
            ? sharedStrings(try LibXML.parseXML(archive.read(sharedStringsPart), part: sharedStringsPart)) : []

        var text = BlockText()
        let sheets = workbook.root?.child("sheets")?.elements.filter { $0.isElement("sheet") } ?? []
        for (index, sheet) in sheets.enumerated() {
            let name = sheet.attribute("name") ?? "Sheet\(index + 1)"
            let part = sheet.attribute("id", relationshipsNS).flatMap { targets[$0] } ?? "xl/worksheets/sheet\(index + 1).xml"
            guard archive.contains(part) else { continue }
            let tree = try LibXML.parseXML(archive.read(part), part: part)
            text.addHeading(Array(name.unicodeScalars.map(\.value)), level: 1, location: name)
            guard let data = tree.root?.child("sheetData") else { continue }
            var rowNumber = 0
            for row in data.elements where row.isElement("row") {
                rowNumber = row.attribute("r").flatMap { Int($0) } ?? rowNumber + 1
                var column = 0
                var cells = [(text: [UInt32], location: String)]()
                for cell in row.elements where cell.isElement("c") {
                    let reference = cell.attribute("r") ?? "\(columnName(column + 1))\(rowNumber)"
                    column = columnNumber(of: reference) ?? column + 1
                    cells.append((value(of: cell, shared: shared), "\(name)!\(reference)"))
                }
                text.addRow(cells)
            }
        }
        return try text.document(path: path, format: .xlsx, encoding: "UTF-8")
    }

    /// "worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml"; "/xl/…" → "xl/…".
    static func resolve(_ target: String) -> String {
        var parts = target.hasPrefix("/") ? [] : ["xl"]
        for part in target.split(separator: "/") {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else if part != "." { parts.append(String(part)) }
        }
        return parts.joined(separator: "/")
    }

    static func sharedStrings(_ tree: XMLTree) -> [[UInt32]] {
        (tree.root?.elements ?? []).filter { $0.isElement("si") }.map { stringItem($0) }
    }

    /// The text of a string item (`si` or `is`): its `t`, or its runs' `t`, never `rPh`.
    static func stringItem(_ node: XMLNode) -> [UInt32] {
        var result = [UInt32]()
        for child in node.elements {
            if child.isElement("t") {
                for text in child.children where text.isText { result += text.content.unicodeScalars.map(\.value) }
            } else if child.isElement("r") {
                result += stringItem(child)
            }
        }
        return result
    }

    static func value(of cell: XMLNode, shared: [[UInt32]]) -> [UInt32] {
        let type = cell.attribute("t") ?? "n"
        if type == "inlineStr" { return cell.child("is").map { stringItem($0) } ?? [] }
        guard let raw = cell.child("v").map({ node in node.children.filter(\.isText).map(\.content).joined() }) else { return [] }
        switch type {
        case "s":
            guard let index = Int(raw.trimmingTrailingSpace()), shared.indices.contains(index) else { return [] }
            return shared[index]
        case "b": return Array((raw == "1" ? "TRUE" : "FALSE").unicodeScalars.map(\.value))
        default: return raw.unicodeScalars.map(\.value)
        }
    }

    static func columnNumber(of reference: String) -> Int? {
        var number = 0
        for scalar in reference.unicodeScalars {
            guard (0x41...0x5A).contains(scalar.value) else { break }
            number = number * 26 + Int(scalar.value - 0x40)
        }
        return number > 0 ? number : nil
    }

    static func columnName(_ number: Int) -> String {
        var number = number
        var name = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(0x41 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }
}
