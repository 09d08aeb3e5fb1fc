import CLibXML2
import Foundation

/// A thin Swift face on libxml2's `xmlTextWriter`, the one way the HTML and XLSX reports
/// write markup: element names and fixed markup come from code, every text and attribute
/// value goes through libxml2, which escapes `& < > "` (and line breaks in attributes).
///
/// Characters XML cannot carry at all (C0 controls other than tab, line feed and carriage
/// return, lone surrogates, U+FFFE, U+FFFF) are dropped first: a form feed from a PDF
/// extraction would otherwise make the workbook unreadable ("repair" prompts) or the page
/// ill-formed.
///
/// Not thread-safe; one writer per report. Errors from libxml2 (out of memory only, for a
/// memory buffer) are reported by `finish()`.
final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var failed = false

    init() {
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`, for XML parts (not HTML).
    func startDocument() {
        check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", "yes"))
    }

    /// Opens `<name>`; its attributes follow with `attribute`, before any content.
    func start(_ name: String) {
        check(xmlTextWriterStartElement(writer, name))
    }

    func attribute(_ name: String, _ value: String) {
        check(xmlTextWriterWriteAttribute(writer, name, XMLWriter.clean(value)))
    }

    /// Escaped character data.
    func text(_ value: String) {
        guard !value.isEmpty else { return }
        check(xmlTextWriterWriteString(writer, XMLWriter.clean(value)))
    }

    /// Closes the innermost element, as `<x/>` when it is empty.
    func end() {
        check(xmlTextWriterEndElement(writer))
    }

    /// Closes the innermost element with an end tag even when it is empty (HTML needs
    /// `<td></td>`, `<script></script>`, never `<td/>`).
    func fullEnd() {
        check(xmlTextWriterFullEndElement(writer))
    }

    /// `<name attributes…>text</name>` in one call.
    func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text value: String = "", full: Bool = true) {
        start(name)
        for (key, attributeValue) in attributes { attribute(key, attributeValue) }
        text(value)
        if full { fullEnd() } else { end() }
    }

    /// Markup written as is. Only for constants of the code (the doctype, the style sheet,
    /// the inline script), never for text from a plan.
    func raw(_ markup: StaticString) {
        check(xmlTextWriterWriteRaw(writer, String(describing: markup)))
    }

    /// Closes every open element and returns the bytes written.
    func finish() throws -> Data {
        check(xmlTextWriterEndDocument(writer))
        check(xmlTextWriterFlush(writer))
        guard !failed, let content = xmlBufferContent(buffer) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "libxml2 could not write the report"])
        }
        return Data(bytes: content, count: Int(xmlBufferLength(buffer)))
    }

    private func check(_ result: Int32) {
        if result < 0 { failed = true }
    }

    /// `text` without the characters XML 1.0 forbids.
    static func clean(_ text: String) -> String {
        func allowed(_ value: UInt32) -> Bool {
            value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
        }
        guard !text.unicodeScalars.allSatisfy({ allowed($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where allowed(scalar.value) { out.append(scalar) }
        return String(out)
    }
}
