import Foundation

/// Reads a register file: a JSON array of flat objects whose values are strings (or null),
/// as `index.json` of local-gov-code-jp is. Written for that one shape rather than through
/// JSONDecoder, which took 8 ms of every run for the 1,965 rows (a fifth of what identifying
/// a national batch's plans costs); this reads them in well under one.
enum RegisterFile {
    struct ShapeError: Error {
        let message: String
    }

    /// The rows, each a dictionary of its string fields (null fields absent).
    static func rows(_ data: Data) throws(ShapeError) -> [[String: String]] {
        let result = data.withUnsafeBytes { raw in
            var parser = Parser(bytes: raw.bindMemory(to: UInt8.self))
            return Result { () throws(ShapeError) in try parser.array() }
        }
        return try result.get()
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { at = 3 }
        }

        func fail(_ what: String) -> ShapeError { ShapeError(message: "\(what) at byte \(at)") }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(ShapeError) {
            skipSpace()
            guard at < bytes.count, bytes[at] == byte else { throw fail("expected \(what)") }
            at += 1
        }

        mutating func array() throws(ShapeError) -> [[String: String]] {
            try expect(UInt8(ascii: "["), "a JSON array of rows")
            var rows = [[String: String]]()
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return rows }
            while true {
                rows.append(try object())
                skipSpace()
                guard at < bytes.count else { throw fail("unterminated array") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "]") { at += 1; break }
                throw fail("expected , or ]")
            }
            skipSpace()
            guard at == bytes.count else { throw fail("text after the array") }
            return rows
        }

        mutating func object() throws(ShapeError) -> [String: String] {
            try expect(UInt8(ascii: "{"), "an object for each row")
            var row = [String: String]()
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return row }
            while true {
                skipSpace()
                let key = try string()
                try expect(UInt8(ascii: ":"), ":")
                skipSpace()
                if at + 4 <= bytes.count, bytes[at] == UInt8(ascii: "n"), bytes[at + 1] == UInt8(ascii: "u") {
                    at += 4   // null
                } else {
                    row[key] = try string()
                }
                skipSpace()
                guard at < bytes.count else { throw fail("unterminated object") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "}") { at += 1; return row }
                throw fail("expected , or }")
            }
        }

        mutating func string() throws(ShapeError) -> String {
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw fail("expected a string (values are strings or null)") }
            at += 1
            let start = at
            var escaped = false
            while at < bytes.count, bytes[at] != UInt8(ascii: "\"") {
                if bytes[at] == UInt8(ascii: "\\") { escaped = true; at += 1 }
                at += 1
            }
            guard at < bytes.count else { throw fail("unterminated string") }
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<at])
            at += 1
            guard escaped else { return String(decoding: raw, as: UTF8.self) }
            // Rare: let Foundation undo the escapes of this one string.
            var quoted = [UInt8(ascii: "\"")]
            quoted += raw
            quoted.append(UInt8(ascii: "\""))
            guard let value = try? JSONSerialization.jsonObject(with: Data(quoted), options: .fragmentsAllowed) as? String else {
                throw fail("a string with a bad escape")
            }
            return value
        }
    }
}
