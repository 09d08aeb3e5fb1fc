import Foundation

/// The few JSON writing primitives the reports need, into one growing byte buffer.
///
/// The buffer is its own, not an Array: a report is millions of small appends, and each
/// `Array.append(contentsOf:)` checked uniqueness and capacity through the generic path
/// (a fifth of the report's time, with the retains around it). A finished writer hands its
/// bytes over as a `Part` without copying them.
struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 20) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Rendered bytes, owned until the last reference goes.
    final class Part: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
        fileprivate init(_ base: UnsafeMutablePointer<UInt8>?, count: Int) {
            bytes = UnsafeRawBufferPointer(start: base, count: count)
        }
        deinit { bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() } }
        static let empty = Part(nil, count: 0)
    }

    /// A copy of the bytes written so far (for tests; rendering hands them over with `finish`).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes written so far, valid inside `body` only (a page handed to a file as it lies).
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Empties the buffer and keeps its memory, for the next page a worker renders: a new
    /// megabyte buffer per page is a megabyte of fresh pages for the kernel to fault in and zero.
    mutating func removeAll() { count = 0 }

    /// The bytes written, handed over.
    consuming func finish() -> Part {
        let part = Part(base, count: count)
        discard self
        return part
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress else { return }
        reserve(buffer.count)
        (base + count).update(from: source, count: buffer.count)
        count += buffer.count
    }

    /// Appends a literal as it is.
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    /// Appends `text` as it is (built at run time; a literal goes through `raw`).
    mutating func text(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// `,\n  "key": [` then one element a line, written by `element`, then `]`.
    mutating func lines<T>(_ key: String, _ values: [T], _ element: (inout JSONWriter, T) -> Void) {
        text(",\n  \"\(key)\": [")
        for (index, value) in values.enumerated() {
            if index == 0 { raw("\n    ") } else { raw(",\n    ") }
            element(&self, value)
        }
        if values.isEmpty { raw("]") } else { raw("\n  ]") }
    }

    /// Decimal digits straight into the buffer (a String per number was most of the cost).
    mutating func integer(_ value: Int) {
        if value < 0 { append(0x2D) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { digits in
            repeat {
                digits[count] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0
            while count > 0 { count -= 1; append(digits[count]) }
        }
    }

    /// A score as Swift prints a Double (1.0, 0.917): the common 1.0 without formatting.
    mutating func score(_ value: Double) {
        if value == 1 { raw("1.0") } else { text(String(value)) }
    }

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    mutating func strings(_ values: [String]) {
        append(0x5B)
        for (index, value) in values.enumerated() {
            if index > 0 { raw(", ") }
            string(value)
        }
        append(0x5D)
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else
    /// as UTF-8 (Japanese stays readable), U+2028/U+2029 escaped for JavaScript's sake.
    mutating func string(_ value: String) {
        append(0x22)
        // A native string is read where it lies; only another kind is copied first.
        if value.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            var value = value
            value.withUTF8 { escaped($0) }
        }
        append(0x22)
    }

    /// Appends `buffer` escaped. Runs without anything to escape (nearly all of a report)
    /// are found eight bytes at a time and copied whole.
    private mutating func escaped(_ buffer: UnsafeBufferPointer<UInt8>) {
        let count = buffer.count
        var runStart = 0
        var i = 0
        while i < count {
            // Skip eight bytes at once when none is below 0x20, '"', '\\' or 0xE2 (the
            // lead byte of U+2028/U+2029).
            while i + 8 <= count {
                let word = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if JSONWriter.mayNeedEscaping(word) { break }
                i += 8
            }
            if i >= count { break }
            let byte = buffer[i]
            let isSeparator = byte == 0xE2 && i + 2 < count && buffer[i + 1] == 0x80 && (buffer[i + 2] == 0xA8 || buffer[i + 2] == 0xA9)
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C || isSeparator else { i += 1; continue }
            append(UnsafeBufferPointer(rebasing: buffer[runStart..<i]))
            switch byte {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0xE2: if buffer[i + 2] == 0xA8 { raw("\\u2028") } else { raw("\\u2029") }; i += 2
            default:
                raw("\\u00")
                append(JSONWriter.hex[Int(byte >> 4)]); append(JSONWriter.hex[Int(byte & 0xF)])
            }
            i += 1
            runStart = i
        }
        append(UnsafeBufferPointer(rebasing: buffer[runStart..<count]))
    }

    /// Whether any byte of `word` is below 0x20 or is '"', '\\' or 0xE2 (it may be a false
    /// alarm, never a miss: the byte-by-byte test decides).
    @inline(__always)
    static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        let below20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below20 || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C)) || hasZero(word ^ (ones &* 0xE2))
    }

    static let hex = Array("0123456789abcdef".utf8)
}
