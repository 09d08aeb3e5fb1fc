/// Why a file could not be read. Every case names the reason in words a user can act on;
/// the file itself is named by whoever reports the error (see `IngestFailure`).
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String)
    case notAFile
    case tooLarge(size: Int, limit: Int)
    /// A line longer than `--max-line-length` characters.
    case lineTooLong(line: Int, length: Int, limit: Int)
    /// Reading the file took longer than `--file-timeout` seconds.
    case timedOut(seconds: Double)
    case empty
    case binary(String)
    case undecodable(encoding: String, byteOffset: Int)
    case unsupportedFormat(DocumentFormat, String)
    case manifest(String)
    /// The format was read but holds no text at all (an empty Word file, an empty sheet).
    case noText(DocumentFormat)
    /// The content is another format than the extension says, in a way that means the file is
    /// not the document it claims to be (an HTML error page saved as `plan.pdf`).
    case mismatchedContent(found: DocumentFormat, claimed: String)
    /// A zip archive (DOCX, ODT, XLSX) that cannot be opened or read: truncated or damaged.
    case brokenArchive(String)
    /// A zip archive refused before extraction: too many entries, too much uncompressed data,
    /// or a compression ratio no real document has.
    case zipBomb(String)
    /// An XML part (or an HTML page) libxml2 cannot parse.
    case malformedXML(part: String, reason: String)
    /// An XML part whose entities expand past libxml2's limits ("billion laughs").
    case entityExpansion(part: String)
    /// An XML part that declares entities in a DOCTYPE (external ones can read local files).
    case entityDeclaration(part: String, entity: String)
    /// A PDF with pages but no text layer: a scan.
    case noTextLayer(pages: Int)
    /// A PDF with no text layer that OCR (`--ocr`) read and found no text on either.
    case noTextFound(pages: Int)
    /// A PDF that MuPDF cannot read.
    case brokenPDF(String)
    /// A PDF that needs a password to open.
    case encryptedPDF
    /// A PDF whose text layer is mostly characters its fonts map to nothing readable (U+FFFD,
    /// private-use code points): fonts without a Unicode map; `percent` of its characters.
    case garbledText(percent: Int)
    /// An external tool plancov needs is not installed.
    case toolMissing(tool: String, install: String)
    /// An external tool failed or ran past its time limit.
    case toolFailed(tool: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let reason): return "cannot be read: \(reason)"
        case .notAFile: return "is not a regular file"
        case .tooLarge(let size, let limit):
            return "is too large (\(size) bytes; the limit is \(limit) bytes, see --max-file-size)"
        case .lineTooLong(let line, let length, let limit):
            return "has a line too long to be a plan's (line \(line): \(length) characters; the limit is \(limit), see --max-line-length)"
        case .timedOut(let seconds):
            let shown = seconds == seconds.rounded() ? "\(Int(seconds))" : "\(seconds)"
            return "took more than \(shown) s to read and was abandoned (see --file-timeout)"
        case .empty: return "is empty"
        case .binary(let what): return "is not text: \(what)"
        case .undecodable(let encoding, let offset):
            return "cannot be decoded: invalid \(encoding) byte sequence at byte \(offset)"
        case .unsupportedFormat(let format, let hint):
            return "is \(format.rawValue.uppercased()), which this version cannot read: \(hint)"
        case .manifest(let reason): return "manifest error: \(reason)"
        case .noText(let format): return "is a \(format.rawValue.uppercased()) file with no text in it"
        case .mismatchedContent(let found, let claimed):
            return "is an \(found.rawValue.uppercased()) page, not the \(claimed) its name says "
                + "(probably a web server's error or login page saved under the document's name); "
                + "download the document again, or rename the file to .html if the page itself is the plan"
        case .brokenArchive(let reason): return "is a damaged zip archive (DOCX, ODT and XLSX files are zip archives): \(reason)"
        case .zipBomb(let reason): return "is refused as a zip bomb: \(reason)"
        case .malformedXML(let part, let reason): return "cannot be parsed: \(part) is not well-formed XML: \(reason)"
        case .entityExpansion(let part):
            return "is refused: \(part) expands XML entities past libxml2's limits (a \"billion laughs\" attack)"
        case .entityDeclaration(let part, let entity):
            return "is refused: \(part) declares its own XML entities in a DOCTYPE (\(entity)); "
                + "plancov never expands or loads them, and real documents do not declare them"
        case .noTextLayer(let pages):
            return "is a PDF with no text layer (\(pages) page\(pages == 1 ? "" : "s"), no text): it is probably a scan; "
                + "read it with --ocr (Tesseract reads pages with no text layer)"
        case .noTextFound(let pages):
            return "is a PDF with no text layer (\(pages) page\(pages == 1 ? "" : "s")), and OCR found no text on \(pages == 1 ? "it" : "them") either"
        case .brokenPDF(let reason): return "is not a readable PDF: \(reason)"
        case .encryptedPDF:
            return "is an encrypted PDF that needs a password to open; save a copy without the password (for example "
                + "`qpdf --password=PASSWORD --decrypt IN.pdf OUT.pdf`) and read that"
        case .garbledText(let percent):
            return "is a PDF whose text cannot be read: \(percent)% of its characters are glyphs its fonts map to no "
                + "Unicode character (private-use or unknown code points, fonts without a Unicode map)"
        case .toolMissing(let tool, let install): return "needs `\(tool)`, which is not installed: \(install)"
        case .toolFailed(let tool, let reason): return "could not be read: \(tool) \(reason)"
        }
    }
}

/// A file that failed, with its reason: becomes one stderr line and one `errors` entry.
public struct IngestFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let error: IngestError
    public init(path: String, error: IngestError) {
        self.path = path
        self.error = error
    }
    public var description: String { "\(path): \(error)" }
}
