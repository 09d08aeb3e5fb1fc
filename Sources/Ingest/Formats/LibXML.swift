import CLibXML2
import Foundation

/// libxml2, used the safe way for files from the internet.
///
/// Every parse runs with `XML_PARSE_NONET` (no network), without `XML_PARSE_NOENT` (entities are
/// never substituted), without `XML_PARSE_DTDLOAD` (no external DTD is read) and without
/// `XML_PARSE_HUGE` (libxml2's entity-expansion and depth limits stay on, so a "billion laughs"
/// file is refused by the parser itself). On top of that the external entity loader is replaced,
/// process-wide, by one that refuses everything, and an XML document that declares entities in a
/// DOCTYPE is refused outright: no DOCX, ODT, XLSX or XHTML file needs one.
enum LibXML {
    /// Initialises the parser once (libxml2 wants this before threads use it) and installs the
    /// refusing entity loader.
    static let ready: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    static let xmlOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        | XML_PARSE_NOCDATA.rawValue)
    static let htmlOptions = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)

    /// Parses an XML part (`part` names it in messages: "word/document.xml"). `encoding` overrides
    /// the document's own declaration when the caller has already decoded the bytes to UTF-8.
    static func parseXML(_ bytes: [UInt8], part: String, encoding: String? = nil) throws(IngestError) -> XMLTree {
        _ = ready
        guard bytes.count < Int(Int32.max) else { throw .malformedXML(part: part, reason: "the part is larger than 2 GB") }
        guard let context = xmlNewParserCtxt() else { throw .malformedXML(part: part, reason: "libxml2 could not allocate a parser") }
        defer { xmlFreeParserCtxt(context) }
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                xmlCtxtReadMemory(context, pointer, Int32(buffer.count), part, encoding, xmlOptions)
            }
        }
        guard let document else {
            let error = context.pointee.lastError
            let message = error.message.map { String(cString: $0).trimmingTrailingSpace() } ?? "unknown error"
            if error.code == Int32(XML_ERR_ENTITY_LOOP.rawValue) || message.localizedLowercase.contains("amplification") {
                throw .entityExpansion(part: part)
            }
            throw .malformedXML(part: part, reason: error.line > 0 ? "\(message) (line \(error.line))" : message)
        }
        let tree = XMLTree(document)
        if let declared = tree.entityDeclarations().first {
            throw .entityDeclaration(part: part, entity: declared)
        }
        return tree
    }

    /// Parses HTML that the caller has already decoded to UTF-8 (the page's own charset hints
    /// are ignored: they described the bytes before decoding).
    static func parseHTML(utf8 bytes: [UInt8], name: String) throws(IngestError) -> XMLTree {
        _ = ready
        guard bytes.count < Int(Int32.max) else { throw .malformedXML(part: name, reason: "the page is larger than 2 GB") }
        guard let context = htmlNewParserCtxt() else { throw .malformedXML(part: name, reason: "libxml2 could not allocate a parser") }
        defer { htmlFreeParserCtxt(context) }
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlCtxtReadMemory(context, pointer, Int32(buffer.count), name, "UTF-8", htmlOptions)
            }
        }
        guard let document else {
            let message = context.pointee.lastError.message.map { String(cString: $0).trimmingTrailingSpace() } ?? "unknown error"
            throw .malformedXML(part: name, reason: message)
        }
        return XMLTree(document)
    }
}

/// A parsed document, freed with its owner.
final class XMLTree {
    let document: xmlDocPtr
    init(_ document: xmlDocPtr) { self.document = document }
    deinit { xmlFreeDoc(document) }

    var root: XMLNode? { xmlDocGetRootElement(document) }

    /// The entities the document's internal DTD subset declares, described for a message:
    /// `external entity "xxe" (SYSTEM "file:///etc/passwd")` or `entity "lol"`.
    func entityDeclarations() -> [String] {
        var found = [String]()
        for dtd in [document.pointee.intSubset, document.pointee.extSubset] {
            var node = dtd?.pointee.children
            while let current = node {
                if current.pointee.type == XML_ENTITY_DECL {
                    let entity = UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlEntity.self)
                    let name = entity.pointee.name.map { String(cString: $0) } ?? "?"
                    if let system = entity.pointee.SystemID {
                        found.append("external entity \"\(name)\" (SYSTEM \"\(String(cString: system))\")")
                    } else {
                        found.append("entity \"\(name)\"")
                    }
                }
                node = current.pointee.next
            }
        }
        // External entities first: they are the ones that say what the file was after.
        return found.filter { $0.hasPrefix("external") } + found.filter { !$0.hasPrefix("external") }
    }
}

typealias XMLNode = UnsafeMutablePointer<xmlNode>

extension UnsafeMutablePointer where Pointee == xmlNode {
    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointee.type == XML_TEXT_NODE || pointee.type == XML_CDATA_SECTION_NODE }

    /// The local name (no prefix), as libxml2 stores it.
    var name: String { pointee.name.map { String(cString: $0) } ?? "" }

    /// True for an element with local name `local` (and namespace `namespace` when given).
    func isElement(_ local: String, _ namespace: String? = nil) -> Bool {
        guard pointee.type == XML_ELEMENT_NODE, let name = pointee.name else { return false }
        guard local.withCString({ strcmp($0, UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self)) }) == 0 else { return false }
        guard let namespace else { return true }
        guard let href = pointee.ns?.pointee.href else { return false }
        return namespace.withCString { strcmp($0, UnsafeRawPointer(href).assumingMemoryBound(to: CChar.self)) } == 0
    }

    var namespaceURI: String? { pointee.ns?.pointee.href.map { String(cString: $0) } }

    /// The element children, in order.
    var elements: [XMLNode] {
        var result = [XMLNode]()
        var node = pointee.children
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            node = current.pointee.next
        }
        return result
    }

    /// All children (elements, text, everything), in order.
    var children: [XMLNode] {
        var result = [XMLNode]()
        var node = pointee.children
        while let current = node {
            result.append(current)
            node = current.pointee.next
        }
        return result
    }

    /// The first element child named `local` (in `namespace` when given).
    func child(_ local: String, _ namespace: String? = nil) -> XMLNode? {
        var node = pointee.children
        while let current = node {
            if current.isElement(local, namespace) { return current }
            node = current.pointee.next
        }
        return nil
    }

    /// The value of attribute `local` (in `namespace` when given), read without allocation
    /// in libxml2 (no `xmlFree` needed).
    func attribute(_ local: String, _ namespace: String? = nil) -> String? {
        var attribute = pointee.properties
        while let current = attribute {
            if let name = current.pointee.name, String(cString: name) == local {
                let href = current.pointee.ns?.pointee.href.map { String(cString: $0) }
                if namespace == nil || href == namespace {
                    var text = ""
                    var child = current.pointee.children
                    while let node = child {
                        if let content = node.pointee.content { text += String(cString: content) }
                        child = node.pointee.next
                    }
                    return text
                }
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The text of a text or CDATA node.
    var content: String { pointee.content.map { String(cString: $0) } ?? "" }
}

extension String {
    func trimmingTrailingSpace() -> String {
        var scalars = Substring(self).unicodeScalars
        while let last = scalars.last, last == " " || last == "\n" || last == "\r" || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
