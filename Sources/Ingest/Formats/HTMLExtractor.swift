import CLibXML2

/// Reads an HTML (or XHTML) page with libxml2's HTML parser into blocks.
///
/// - Charset: a byte-order mark, else the page's `<meta charset>` / `http-equiv` (or the XML
///   declaration of XHTML), else ICU's detection, exactly as for text files; the bytes are
///   decoded by `TextDecoder` and handed to libxml2 as UTF-8 with the page's own hint ignored.
///   A meta tag that lies (says Shift_JIS over UTF-8 bytes) loses to detection.
/// - Blocks: h1–h6 (into the outline), p, li, dt, dd, div, blockquote, pre lines, captions,
///   and table rows (cells separated by tabs); `<br>` ends a line.
/// - Dropped: script, style, nav, header, footer, noscript, template, the head; ruby readings
///   (`<rt>`, `<rp>`), so 罹<rt>り</rt>災 reads 罹災.
/// - Entities are decoded by the parser; the page never reaches the network.
/// - Location of each line: the element path from `body`, XPath style, with an index where an
///   element has siblings of the same name ("body/div[2]/p[3]"); table rows give one per cell.
enum HTMLExtractor {
    static let dropped: Set<String> = ["script", "style", "nav", "header", "footer", "noscript", "template", "head",
                                       "rt", "rp", "iframe", "object", "embed", "svg", "math", "select", "button", "canvas"]
    static let blocks: Set<String> = ["p", "div", "li", "dt", "dd", "ul", "ol", "dl", "blockquote", "pre", "address", "section",
                                      "article", "main", "aside", "figure", "figcaption", "form", "fieldset", "legend", "center",
                                      "body", "html", "hr", "table", "thead", "tbody", "tfoot", "caption", "details", "summary",
                                      "menu", "hgroup", "search"]

    static func extract(_ bytes: [UInt8], path: String) throws(IngestError) -> Document {
        let decoded = try decode(bytes)
        let utf8 = Document.utf8(decoded.scalars[...])
        let tree = try LibXML.parseHTML(utf8: utf8, name: "the page")
        return try extract(tree, path: path, format: .html, encoding: decoded.encoding)
    }

    /// An XML file: XHTML is read as a page (parsed by the XML parser, with its safety rules);
    /// any other XML vocabulary is refused by name.
    static func extractXHTML(_ bytes: [UInt8], path: String) throws(IngestError) -> Document {
        let decoded = try decode(bytes)
        let utf8 = Document.utf8(decoded.scalars[...])
        let tree = try LibXML.parseXML(utf8, part: "the XML document", encoding: "UTF-8")
        guard let root = tree.root, root.name.lowercased() == "html" else {
            throw .unsupportedFormat(.xml, "an XML document whose root is <\(tree.root?.name ?? "?")>, not XHTML; "
                + "plancov reads XHTML, DOCX, ODT and XLSX")
        }
        return try extract(tree, path: path, format: .html, encoding: decoded.encoding)
    }

    /// Walks a parsed page (from the HTML parser, or XHTML from the XML parser).
    static func extract(_ tree: XMLTree, path: String, format: DocumentFormat, encoding: String) throws(IngestError) -> Document {
        guard let root = tree.root else { throw .noText(format) }
        var walker = Walker()
        let body = root.isElement("html") ? (root.elements.first { $0.isElement("body") } ?? root) : root
        walker.walk(body, path: body.isElement("body") ? "body" : body.name)
        walker.flush()
        return try walker.text.document(path: path, format: format, encoding: encoding)
    }

    // MARK: - Charset

    static func decode(_ bytes: [UInt8]) throws(IngestError) -> DecodedText {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return try TextDecoder.decode(bytes)
        }
        if let declared = declaredCharset(bytes), let decoded = try? TextDecoder.decode(bytes, as: declared) {
            return decoded
        }
        return try TextDecoder.decode(bytes)
    }

    /// The charset a page declares in its first 4 KiB: `<meta charset=…>`, `<meta http-equiv
    /// content="…; charset=…">` or `<?xml … encoding="…"?>`, mapped to the name ICU decodes
    /// it by (Shift_JIS as Windows writes it, as browsers do).
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096).map { $0 < 0x80 ? ($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) : 0x20 }, as: UTF8.self)
        var name: Substring?
        if head.hasPrefix("<?xml"), let declaration = head.range(of: "?>"),
           let encoding = head[..<declaration.lowerBound].range(of: "encoding=") {
            name = head[encoding.upperBound...].drop { $0 == "\"" || $0 == "'" }.prefix { !"\"' ?".contains($0) }
        }
        var searchStart = head.startIndex
        while name == nil, let meta = head.range(of: "<meta", range: searchStart..<head.endIndex) {
            let end = head.range(of: ">", range: meta.upperBound..<head.endIndex)?.lowerBound ?? head.endIndex
            let tag = head[meta.upperBound..<end]
            if let charset = tag.range(of: "charset=") {
                name = tag[charset.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }.prefix { !"\"' ;/>".contains($0) }
            }
            searchStart = end
        }
        guard let name, !name.isEmpty else { return nil }
        switch name {
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932": return "windows-31j"
        case "euc-jp", "x-euc-jp", "eucjp": return "EUC-JP"
        case "iso-2022-jp", "csiso2022jp": return "ISO-2022-JP"
        case "utf-8", "utf8": return "UTF-8"
        // A page that says UTF-16 but was read as ASCII-compatible bytes is UTF-8 (HTML's rule).
        case "utf-16", "utf-16le", "utf-16be": return "UTF-8"
        default: return String(name)
        }
    }

    // MARK: - Walking

    struct Walker {
        var text = BlockText()
        var inline = [UInt32]()
        var inlineLocation: String?
        var preformatted = 0

        mutating func walk(_ node: XMLNode, path: String) {
            let names = indexedNames(node.elements)
            var elementIndex = 0
            for child in node.children {
                if child.isText {
                    appendText(child.content, location: path)
                    continue
                }
                guard child.isElement else { continue }
                let childPath = path + "/" + names[elementIndex]
                elementIndex += 1
                let name = child.name.lowercased()
                if HTMLExtractor.dropped.contains(name) { continue }
                if name.count == 2, name.first == "h", let level = Int(String(name.last!)), (1...6).contains(level) {
                    flush()
                    var collector = Walker()
                    collector.walk(child, path: childPath)
                    collector.flushInline()
                    text.addHeading(collector.inlineText, level: level, location: childPath)
                } else if name == "tr" {
                    flush()
                    var cells = [(text: [UInt32], location: String)]()
                    let cellNames = indexedNames(child.elements)
                    for (index, cell) in child.elements.enumerated() where cell.isElement("td") || cell.isElement("th") {
                        var collector = Walker()
                        collector.walk(cell, path: childPath + "/" + cellNames[index])
                        collector.flushInline()
                        cells.append((collector.inlineText, childPath + "/" + cellNames[index]))
                    }
                    text.addRow(cells)
                } else if name == "br" {
                    flush()
                } else if HTMLExtractor.blocks.contains(name) {
                    flush()
                    if name == "pre" { preformatted += 1 }
                    walk(child, path: childPath)
                    if name == "pre" { preformatted -= 1 }
                    flush(location: childPath)
                } else {
                    walk(child, path: path)
                }
            }
        }

        /// Text of a node, with HTML's whitespace collapsing (outside `<pre>`).
        mutating func appendText(_ string: String, location: String) {
            for scalar in string.unicodeScalars {
                let value = scalar.value
                if preformatted > 0, value == 0x0A {
                    flush(location: location)
                    continue
                }
                if inlineLocation == nil {
                    guard !(value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D || value == 0x0C) else { continue }
                    inlineLocation = location
                }
                if preformatted == 0, value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D || value == 0x0C {
                    if inline.last != 0x20 { inline.append(0x20) }
                } else {
                    inline.append(value)
                }
            }
        }

        mutating func flush(location: String? = nil) {
            if !inline.isEmpty { text.addLine(inline, location: inlineLocation ?? location ?? "") }
            inline = []
            inlineLocation = nil
        }

        /// For headings and cells: everything the collector saw, lines joined by spaces.
        var collected = [UInt32]()
        mutating func flushInline() {
            for value in text.scalars { collected.append(value == 0x0A || value == 0x09 ? 0x20 : value) }
            if !collected.isEmpty, !inline.isEmpty { collected.append(0x20) }
            collected += inline
            inline = []
        }
        var inlineText: [UInt32] { collected }

        /// XPath-style step names: "p" for an only child of its name, "p[3]" otherwise.
        func indexedNames(_ elements: [XMLNode]) -> [String] {
            var counts = [String: Int]()
            let names = elements.map { $0.name.lowercased() }
            for name in names { counts[name, default: 0] += 1 }
            var seen = [String: Int]()
            return names.map { name in
                guard counts[name]! > 1 else { return name }
                seen[name, default: 0] += 1
                return "\(name)[\(seen[name]!)]"
            }
        }
    }
}
