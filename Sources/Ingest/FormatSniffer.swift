/// Decides what a file is from its first bytes; the extension only breaks ties.
///
/// Municipal websites serve HTML error pages named .pdf and Word files named .doc; reading a
/// file for what it is, rather than what it is called, turns those into clear messages
/// instead of garbage.
public enum FormatSniffer {
    public static func sniff(_ bytes: [UInt8], fileExtension: String) -> DocumentFormat {
        let ext = fileExtension.lowercased()
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .ole }
        // Only text that starts with "<" (past a BOM, NULs and spaces) can be markup: most
        // plans are told apart without making a string of their head.
        let first = bytes.prefix(1024).first { $0 != 0 && $0 < 0x80 && !($0 == 0x20 || (0x09...0x0D).contains($0)) }
        if first != 0x3C { return ["md", "markdown"].contains(ext) ? .markdown : .text }
        let head = asciiHead(bytes)
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || (head.hasPrefix("<") && (head.contains("<html") || head.contains("<body"))) {
            return .html
        }
        if head.hasPrefix("<?xml") {
            return head.contains("<html") ? .html : .xml
        }
        if ["md", "markdown"].contains(ext) { return .markdown }
        return .text
    }

    /// Extensions of document formats whose content is never an HTML page (see
    /// `IngestError.mismatchedContent`), with the name the message gives them.
    static let documentExtensions = ["pdf": "PDF", "docx": "DOCX", "doc": "Word document", "odt": "ODT",
                                     "xlsx": "XLSX", "xls": "Excel workbook", "ods": "ODS", "pptx": "PPTX"]

    /// The first 1 KiB, lowercased, with a BOM, NULs (UTF-16) and leading whitespace dropped:
    /// enough to see a markup prologue in any of the encodings plancov reads.
    static func asciiHead(_ bytes: [UInt8]) -> String {
        var chars = [UInt8]()
        for byte in bytes.prefix(1024) where byte != 0 && byte < 0x80 {
            chars.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        let text = String(decoding: chars, as: UTF8.self)
        return String(text.drop(while: { $0.isWhitespace }))
    }
}
