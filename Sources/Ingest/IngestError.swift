/// Why a file could not be read. Every case names the reason in words a user can act on;
/// the file itself is named by whoever reports the error (see `IngestFailure`).
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String)
    case notAFile
    case tooLarge(size: Int, limit: Int)
    case empty
    case binary(String)
    case undecodable(encoding: String, byteOffset: Int)
    case unsupportedFormat(DocumentFormat, String)
    case manifest(String)

    public var description: String {
        switch self {
        case .unreadable(let reason): return "cannot be read: \(reason)"
        case .notAFile: return "is not a regular file"
        case .tooLarge(let size, let limit):
            return "is too large (\(size) bytes; the limit is \(limit) bytes, see --max-file-size)"
        case .empty: return "is empty"
        case .binary(let what): return "is not text: \(what)"
        case .undecodable(let encoding, let offset):
            return "cannot be decoded: invalid \(encoding) byte sequence at byte \(offset)"
        case .unsupportedFormat(let format, let hint):
            return "is \(format.rawValue.uppercased()), which this version cannot read: \(hint)"
        case .manifest(let reason): return "manifest error: \(reason)"
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
