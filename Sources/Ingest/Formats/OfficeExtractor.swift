/// Reads word-processing documents: DOCX (Office Open XML) and ODT (OpenDocument text).
///
/// Blocks are the body's paragraphs, list items and table rows (cells separated by tabs), in
/// document order, then footnotes and endnotes under a heading of their own (脚注, 文末脚注)
/// so they never inherit the topic of the last section. Headings come from the format:
///
/// - DOCX: a paragraph style named `Heading N` or `見出し N` (Word localises the name, and its
///   style ids are often just "1", "2"), a style or paragraph with an outline level
///   (`w:outlineLvl`, 0-based), following `w:basedOn`; `TOC Heading` / `目次の見出し` titles the
///   table of contents.
/// - ODT: `text:h` with its `text:outline-level`; the title of a generated table of contents.
///
/// Ruby readings are dropped (`w:rt`, `text:ruby-text`), as are deleted tracked changes, field
/// instructions and comments. Text boxes follow the paragraph they are anchored in.
///
/// Location of each line: "p N", the N-th paragraph of the body counted in document order
/// (empty ones and those inside tables included, as Word's and LibreOffice's navigators count
/// them); a table row gives the paragraph of each cell; notes give "footnote N".
enum OfficeExtractor {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let textNS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    static let tableNS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    static let officeNS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    static let drawNS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"

    // MARK: - DOCX

    static func docx(_ archive: ZipArchive, path: String) throws(IngestError) -> Document {
        let styles = archive.contains("word/styles.xml")
            ? WordStyles(try LibXML.parseXML(archive.read("word/styles.xml"), part: "word/styles.xml"))
            : WordStyles()
        let tree = try LibXML.parseXML(archive.read("word/document.xml"), part: "word/document.xml")
        guard let root = tree.root, let body = root.child("body", w) else {
            throw .malformedXML(part: "word/document.xml", reason: "no w:body element")
        }
        var walker = WordWalker(styles: styles)
        walker.walkBody(body)
        for (part, element, title) in [("word/footnotes.xml", "footnote", "脚注"), ("word/endnotes.xml", "endnote", "文末脚注")]
        where archive.contains(part) {
            let notes = try LibXML.parseXML(archive.read(part), part: part)
            guard let notesRoot = notes.root else { continue }
            var first = true
            for note in notesRoot.elements where note.isElement(element, w) {
                // Separators (ids -1 and 0 in old files, w:type="separator" in new ones) hold no text.
                if let type = note.attribute("type", w), type != "normal" { continue }
                let id = note.attribute("id", w) ?? "?"
                var noteWalker = WordWalker(styles: styles)
                noteWalker.label = { _ in "\(element) \(id)" }
                noteWalker.walkBody(note)
                guard !noteWalker.text.scalars.isEmpty else { continue }
                if first { walker.text.addHeading(Array(title.unicodeScalars.map(\.value)), level: 1, location: element, synthetic: true) }
                first = false
                walker.text.append(noteWalker.text)
            }
        }
        return try walker.text.document(path: path, format: .docx, encoding: "UTF-8")
    }

    /// Paragraph styles: id → heading level (or table-of-contents title), following basedOn.
    struct WordStyles {
        var levels = [String: Int]()
        var contentsTitles = Set<String>()

        init() {}

        init(_ tree: XMLTree) {
            var names = [String: String]()
            var basedOn = [String: String]()
            var outline = [String: Int]()
            for style in tree.root?.elements ?? [] where style.isElement("style", w) {
                guard let id = style.attribute("styleId", w) else { continue }
                names[id] = style.child("name", w)?.attribute("val", w)
                basedOn[id] = style.child("basedOn", w)?.attribute("val", w)
                if let level = style.child("pPr", w)?.child("outlineLvl", w)?.attribute("val", w).flatMap({ Int($0) }) {
                    outline[id] = level
                }
            }
            for id in names.keys {
                var current: String? = id
                var depth = 0
                while let style = current, depth < 10 {
                    let name = (names[style] ?? "").lowercased()
                    if name == "toc heading" || name == "目次の見出し" { contentsTitles.insert(id); break }
                    if let level = WordStyles.headingLevel(named: name) { levels[id] = level; break }
                    if let level = outline[style] { if level < 9 { levels[id] = level + 1 }; break }
                    current = basedOn[style]
                    depth += 1
                }
            }
        }

        /// "heading 2" / "見出し 2" / "見出し２" → 2.
        static func headingLevel(named name: String) -> Int? {
            for prefix in ["heading", "見出し"] where name.hasPrefix(prefix) {
                let rest = name.dropFirst(prefix.count).unicodeScalars.filter { $0 != " " && $0 != "\u{3000}" }
                guard !rest.isEmpty else { return nil }
                var number = 0
                for scalar in rest {
                    switch scalar.value {
                    case 0x30...0x39: number = number * 10 + Int(scalar.value - 0x30)
                    case 0xFF10...0xFF19: number = number * 10 + Int(scalar.value - 0xFF10)
                    default: return nil
                    }
                }
                return (1...9).contains(number) ? number : nil
            }
            return nil
        }
    }

    struct WordWalker {
        let styles: WordStyles
        var text = BlockText()
        var paragraphs = 0
        var label: (Int) -> String = { "p \($0)" }

        init(styles: WordStyles) { self.styles = styles }

        mutating func walkBody(_ container: XMLNode) {
            for node in container.elements {
                if node.isElement("p", w) {
                    paragraph(node)
                } else if node.isElement("tbl", w) {
                    table(node)
                } else if node.isElement("sdt", w) || node.isElement("sdtContent", w) || node.isElement("customXml", w)
                            || node.isElement("ins", w) || node.isElement("moveTo", w) {
                    walkBody(node)
                }
            }
        }

        mutating func paragraph(_ node: XMLNode) {
            paragraphs += 1
            let location = label(paragraphs)
            var content = [UInt32]()
            var boxes = [XMLNode]()
            collect(node, into: &content, boxes: &boxes)
            let properties = node.child("pPr", w)
            let style = properties?.child("pStyle", w)?.attribute("val", w)
            var level = style.flatMap { styles.levels[$0] }
            if let own = properties?.child("outlineLvl", w)?.attribute("val", w).flatMap({ Int($0) }) {
                level = own < 9 ? own + 1 : nil
            }
            if let style, styles.contentsTitles.contains(style) {
                text.addHeading(content, level: 1, location: location, contents: true)
            } else if let level {
                text.addHeading(content, level: level, location: location)
            } else {
                for line in content.split(separator: 0x0A, omittingEmptySubsequences: true) {
                    text.addLine(Array(line), location: location)
                }
            }
            for box in boxes {
                var boxWalker = WordWalker(styles: styles)
                boxWalker.label = { _ in location + " (text box)" }
                boxWalker.walkBody(box)
                text.append(boxWalker.text)
            }
        }

        mutating func table(_ node: XMLNode) {
            for row in node.elements where row.isElement("tr", w) {
                var cells = [(text: [UInt32], location: String)]()
                for cell in row.elements where cell.isElement("tc", w) || cell.isElement("sdt", w) {
                    let first = paragraphs + 1
                    var content = [UInt32]()
                    cellText(cell, into: &content)
                    cells.append((content, label(first)))
                }
                text.addRow(cells)
            }
        }

        /// A cell's paragraphs (and nested tables), joined by spaces; each paragraph counts.
        mutating func cellText(_ node: XMLNode, into content: inout [UInt32]) {
            for child in node.elements {
                if child.isElement("p", w) {
                    paragraphs += 1
                    var boxes = [XMLNode]()
                    if !content.isEmpty { content.append(0x20) }
                    collect(child, into: &content, boxes: &boxes)
                } else if child.isElement("tbl", w) || child.isElement("tr", w) || child.isElement("tc", w)
                            || child.isElement("sdt", w) || child.isElement("sdtContent", w) {
                    cellText(child, into: &content)
                }
            }
        }

        /// The text of a paragraph's runs: w:t, tabs, breaks; ruby base text only.
        func collect(_ node: XMLNode, into content: inout [UInt32], boxes: inout [XMLNode]) {
            for child in node.children {
                guard child.isElement else { continue }
                guard child.namespaceURI == w else {
                    // mc:AlternateContent: the Choice holds the text box, the Fallback repeats it.
                    if child.name == "Fallback" { continue }
                    collect(child, into: &content, boxes: &boxes)
                    continue
                }
                switch child.name {
                case "t":
                    for text in child.children where text.isText { content += text.content.unicodeScalars.map(\.value) }
                case "tab", "ptab": content.append(0x09)
                case "br", "cr": content.append(0x0A)
                case "noBreakHyphen": content.append(0x2D)
                case "txbxContent": boxes.append(child)
                case "pPr", "rPr", "rt", "delText", "instrText", "del", "moveFrom", "footnoteReference", "endnoteReference",
                     "commentReference", "fldChar", "sectPr":
                    continue
                default: collect(child, into: &content, boxes: &boxes)
                }
            }
        }
    }

    // MARK: - ODT

    static func odt(_ archive: ZipArchive, path: String) throws(IngestError) -> Document {
        let tree = try LibXML.parseXML(archive.read("content.xml"), part: "content.xml")
        guard let root = tree.root, let body = root.child("body", officeNS), let content = body.child("text", officeNS) else {
            throw .malformedXML(part: "content.xml", reason: "no office:body/office:text element")
        }
        var walker = ODTWalker()
        walker.walk(content)
        if !walker.notes.isEmpty {
            walker.text.addHeading(Array("脚注".unicodeScalars.map(\.value)), level: 1, location: "footnotes", synthetic: true)
            for (citation, note) in walker.notes {
                var noteWalker = ODTWalker()
                noteWalker.label = { _ in "footnote \(citation)" }
                noteWalker.walk(note)
                walker.text.append(noteWalker.text)
            }
        }
        return try walker.text.document(path: path, format: .odt, encoding: "UTF-8")
    }

    struct ODTWalker {
        var text = BlockText()
        var paragraphs = 0
        var label: (Int) -> String = { "p \($0)" }
        var notes = [(String, XMLNode)]()

        mutating func walk(_ container: XMLNode) {
            for node in container.elements {
                switch (node.namespaceURI, node.name) {
                case (textNS, "p"), (textNS, "h"):
                    paragraph(node)
                case (textNS, "list"), (textNS, "list-item"), (textNS, "list-header"), (textNS, "section"),
                     (textNS, "table-of-content"), (textNS, "index-body"), (textNS, "illustration-index"),
                     (textNS, "alphabetical-index"), (textNS, "user-index"), (textNS, "bibliography"),
                     (textNS, "soft-page-break"):
                    walk(node)
                case (textNS, "index-title"):
                    for title in node.elements where title.isElement("p", textNS) || title.isElement("h", textNS) {
                        paragraphs += 1
                        var content = [UInt32]()
                        var boxes = [XMLNode]()
                        collect(title, into: &content, boxes: &boxes)
                        text.addHeading(content, level: 1, location: label(paragraphs), contents: true)
                    }
                case (tableNS, "table"):
                    table(node)
                default:
                    continue
                }
            }
        }

        mutating func paragraph(_ node: XMLNode) {
            paragraphs += 1
            let location = label(paragraphs)
            var content = [UInt32]()
            var boxes = [XMLNode]()
            collect(node, into: &content, boxes: &boxes)
            if node.isElement("h", textNS) {
                let level = node.attribute("outline-level", textNS).flatMap { Int($0) } ?? 1
                text.addHeading(content, level: level, location: location)
            } else {
                for line in content.split(separator: 0x0A, omittingEmptySubsequences: true) {
                    text.addLine(Array(line), location: location)
                }
            }
            for box in boxes {
                var boxWalker = ODTWalker()
                boxWalker.label = { _ in location + " (text box)" }
                boxWalker.walk(box)
                text.append(boxWalker.text)
                notes += boxWalker.notes
            }
        }

        mutating func table(_ node: XMLNode) {
            for child in node.elements {
                if child.isElement("table-row", tableNS) {
                    var cells = [(text: [UInt32], location: String)]()
                    for cell in child.elements where cell.isElement("table-cell", tableNS) {
                        let first = paragraphs + 1
                        var content = [UInt32]()
                        cellText(cell, into: &content)
                        cells.append((content, label(first)))
                    }
                    text.addRow(cells)
                } else if child.isElement("table-header-rows", tableNS) || child.isElement("table-rows", tableNS)
                            || child.isElement("table-row-group", tableNS) {
                    table(child)
                }
            }
        }

        mutating func cellText(_ node: XMLNode, into content: inout [UInt32]) {
            for child in node.elements {
                if child.isElement("p", textNS) || child.isElement("h", textNS) {
                    paragraphs += 1
                    var boxes = [XMLNode]()
                    if !content.isEmpty { content.append(0x20) }
                    collect(child, into: &content, boxes: &boxes)
                } else if child.namespaceURI == textNS || child.namespaceURI == tableNS {
                    cellText(child, into: &content)
                }
            }
        }

        mutating func collect(_ node: XMLNode, into content: inout [UInt32], boxes: inout [XMLNode]) {
            for child in node.children {
                if child.isText {
                    content += child.content.unicodeScalars.map(\.value)
                    continue
                }
                guard child.isElement else { continue }
                switch (child.namespaceURI, child.name) {
                case (textNS, "s"):
                    let count = child.attribute("c", textNS).flatMap { Int($0) } ?? 1
                    content += repeatElement(0x20, count: min(max(count, 1), 1000))
                case (textNS, "tab"): content.append(0x09)
                case (textNS, "line-break"): content.append(0x0A)
                case (textNS, "ruby-text"), (officeNS, "annotation"), (officeNS, "annotation-end"), (textNS, "tracked-changes"):
                    continue
                case (textNS, "note"):
                    let citation = child.child("note-citation", textNS).map { ODTWalker.plainText($0) } ?? "?"
                    if let body = child.child("note-body", textNS) { notes.append((citation, body)) }
                case (drawNS, "text-box"):
                    boxes.append(child)
                default:
                    collect(child, into: &content, boxes: &boxes)
                }
            }
        }

        static func plainText(_ node: XMLNode) -> String {
            var result = ""
            for child in node.children {
                if child.isText { result += child.content } else if child.isElement { result += plainText(child) }
            }
            return result
        }
    }
}
