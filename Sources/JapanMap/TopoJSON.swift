import Foundation

/// The parts of a TopoJSON topology (https://github.com/topojson/topojson-specification) that
/// the maps use: the quantized, delta-encoded arcs, decoded to longitude and latitude, and the
/// polygons of the first object's geometries with the properties of デジタル庁's files
/// (`prefecture_code`, `prefecture_name`; for municipalities `lg_code`, `city_name`,
/// `is_hoppo_city`).
///
/// Read with a small JSON reader of its own: Foundation's JSONSerialization took a third of a
/// second over the 1.3 MB of municipalities (86,000 points, each an array of two NSNumbers),
/// longer than a national run; the arcs here go straight into flat arrays.
struct TopoJSON {
    struct Geometry {
        let code: String
        let name: String
        let prefectureCode: String
        let prefecture: String
        let isNorthernTerritory: Bool
        /// Polygons, each a list of rings, each a list of arc indices (`~i`: arc i reversed).
        let polygons: [[[Int]]]
    }

    /// Arc `i` is `points[arcStarts[i]..<arcStarts[i + 1]]`, longitude and latitude.
    let points: [(longitude: Double, latitude: Double)]
    let arcStarts: [Int]
    let geometries: [Geometry]

    var arcCount: Int { arcStarts.count - 1 }

    func arc(_ index: Int) -> ArraySlice<(longitude: Double, latitude: Double)> {
        points[arcStarts[index]..<arcStarts[index + 1]]
    }

    /// `bytes` is read during the call only.
    init(_ bytes: UnsafeBufferPointer<UInt8>, source: String) throws(MapError) {
        func fail(_ message: String) -> MapError { MapError(source: source, message: message) }
        var reader = JSONReader(bytes)
        var quantized = [Int](), starts = [0]
        let root: JSONValue
        do {
            root = try reader.topology(arcs: &quantized, arcStarts: &starts)
        } catch {
            throw fail("is not valid JSON: \(error.message) at byte \(error.offset)")
        }
        guard case .string("Topology") = root["type"],
              let scale = root["transform"]?["scale"]?.numbers, let translate = root["transform"]?["translate"]?.numbers,
              scale.count == 2, translate.count == 2,
              case .object(let objects)? = root["objects"], objects.count == 1,
              case .array(let geometries)? = objects[0].1["geometries"] else {
            throw fail("is not a quantized TopoJSON topology with one collection of geometries")
        }
        var points = [(longitude: Double, latitude: Double)]()
        points.reserveCapacity(quantized.count / 2)
        for arc in 0..<(starts.count - 1) {
            var x = 0, y = 0
            for pair in stride(from: starts[arc], to: starts[arc + 1], by: 1) {
                x += quantized[2 * pair]
                y += quantized[2 * pair + 1]
                points.append((Double(x) * scale[0] + translate[0], Double(y) * scale[1] + translate[1]))
            }
        }
        self.points = points
        self.arcStarts = starts
        let arcCount = starts.count - 1
        var parsed = [Geometry]()
        for (number, geometry) in geometries.enumerated() {
            guard case .string(let prefectureCode)? = geometry["properties"]?["prefecture_code"],
                  case .string(let prefecture)? = geometry["properties"]?["prefecture_name"] else {
                throw fail("geometry \(number + 1) lacks prefecture_code or prefecture_name")
            }
            let polygons: [[[Int]]]
            switch (geometry["type"], geometry["arcs"]) {
            case (.string("Polygon")?, let arcs?): polygons = [arcs.list.map { $0.list.compactMap(\.integer) }]
            case (.string("MultiPolygon")?, let arcs?): polygons = arcs.list.map { $0.list.map { $0.list.compactMap(\.integer) } }
            default: throw fail("geometry \(number + 1) is neither a Polygon nor a MultiPolygon with arcs")
            }
            for ring in polygons.joined() {
                for index in ring where (index >= 0 ? index : ~index) >= arcCount {
                    throw fail("geometry \(number + 1) refers to arc \(index), past the \(arcCount) arcs")
                }
            }
            var code = prefectureCode, name = prefecture
            if case .string(let lgCode)? = geometry["properties"]?["lg_code"] { code = lgCode }
            if case .string(let city)? = geometry["properties"]?["city_name"] { name = city }
            var northern = false
            if case .bool(let value)? = geometry["properties"]?["is_hoppo_city"] { northern = value }
            parsed.append(Geometry(code: code, name: name, prefectureCode: prefectureCode, prefecture: prefecture,
                                   isNorthernTerritory: northern, polygons: polygons))
        }
        self.geometries = parsed
    }
}

/// A JSON value, for the small parts of a topology (everything but its arcs).
enum JSONValue {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    var list: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }

    var integer: Int? {
        if case .number(let value) = self, value == value.rounded(), abs(value) < 1e15 { return Int(value) }
        return nil
    }

    var numbers: [Double]? {
        let values = list.compactMap { value -> Double? in if case .number(let n) = value { return n } else { return nil } }
        return values.count == list.count ? values : nil
    }
}

struct JSONReadError: Error {
    let message: String
    let offset: Int
}

/// A strict reader of JSON text (RFC 8259) over bytes, which must outlive it (the built-in
/// maps are static data, read in place). Integers and plain strings, nearly everything outside
/// the arcs, take a short way: with it the municipalities' 1.3 MB is read in 10 ms, not 15.
struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The top-level object, with its `arcs` member read into flat arrays (two integers a
    /// point, and where each arc starts) instead of values; the member itself is left out.
    mutating func topology(arcs: inout [Int], arcStarts: inout [Int]) throws(JSONReadError) -> JSONValue {
        skipSpace()
        try expect(UInt8(ascii: "{"))
        var members = [(String, JSONValue)]()
        skipSpace()
        if peek() == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipSpace()
            let key = try string()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            if key == "arcs" {
                try flatArcs(&arcs, &arcStarts)
            } else {
                members.append((key, try value()))
            }
            skipSpace()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"))
            skipSpace()
            guard position == bytes.count else { throw JSONReadError(message: "text after the top-level object", offset: position) }
            return .object(members)
        }
    }

    /// `[[[x, y], …], …]`: integers only.
    private mutating func flatArcs(_ arcs: inout [Int], _ starts: inout [Int]) throws(JSONReadError) {
        try expect(UInt8(ascii: "["))
        skipSpace()
        if peek() == UInt8(ascii: "]") { position += 1; return }
        while true {
            skipSpace()
            try expect(UInt8(ascii: "["))
            skipSpace()
            if peek() != UInt8(ascii: "]") {
                while true {
                    skipSpace()
                    try expect(UInt8(ascii: "["))
                    skipSpace()
                    arcs.append(try integer())
                    skipSpace()
                    try expect(UInt8(ascii: ","))
                    skipSpace()
                    arcs.append(try integer())
                    skipSpace()
                    try expect(UInt8(ascii: "]"))
                    skipSpace()
                    if peek() == UInt8(ascii: ",") { position += 1; continue }
                    break
                }
            }
            try expect(UInt8(ascii: "]"))
            starts.append(arcs.count / 2)
            skipSpace()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    mutating func value() throws(JSONReadError) -> JSONValue {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "{"):
            position += 1
            var members = [(String, JSONValue)]()
            skipSpace()
            if peek() == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                members.append((key, try value()))
                skipSpace()
                if peek() == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "}"))
                return .object(members)
            }
        case UInt8(ascii: "["):
            position += 1
            var values = [JSONValue]()
            skipSpace()
            if peek() == UInt8(ascii: "]") { position += 1; return .array(values) }
            while true {
                values.append(try value())
                skipSpace()
                if peek() == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .array(values)
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        default: return .number(try number())
        }
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws(JSONReadError) {
        guard position < bytes.count, bytes[position] == byte else { throw expected(byte) }
        position += 1
    }

    @inline(never)
    private func expected(_ byte: UInt8) -> JSONReadError {
        JSONReadError(message: "expected \(Character(UnicodeScalar(byte)))", offset: position)
    }

    private mutating func word(_ text: StaticString) throws(JSONReadError) {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count,
              text.withUTF8Buffer({ Array($0) }) == Array(bytes[position..<(position + count)]) else {
            throw JSONReadError(message: "expected \(text)", offset: position)
        }
        position += count
    }

    private mutating func integer() throws(JSONReadError) -> Int {
        let start = position
        var negative = false
        if peek() == UInt8(ascii: "-") { negative = true; position += 1 }
        var value = 0, digits = 0
        while let byte = peek(), byte >= 0x30, byte <= 0x39, digits < 18 {
            value = value * 10 + Int(byte - 0x30)
            position += 1
            digits += 1
        }
        if digits > 0 {
            guard let next = peek() else { return negative ? -value : value }
            switch next {
            case 0x30...0x39, UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: return negative ? -value : value
            }
        }
        throw JSONReadError(message: "expected an integer", offset: start)
    }

    private mutating func number() throws(JSONReadError) -> Double {
        let start = position
        // Nearly every number outside the arcs is an arc index: a small integer, read without
        // making a string for `Double(_:)`.
        if let value = try? integer(), value.magnitude < 1 << 53 { return Double(value) }
        position = start
        while let byte = peek(), (byte >= 0x30 && byte <= 0x39) || [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(byte) {
            position += 1
        }
        guard position > start, let value = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw JSONReadError(message: "expected a value", offset: start)
        }
        return value
    }

    private mutating func string() throws(JSONReadError) -> String {
        let start = position
        try expect(UInt8(ascii: "\""))
        // Nearly every string is plain: no escape, no control character.
        var end = position
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self) else {
                throw JSONReadError(message: "a string that is not UTF-8", offset: start)
            }
            position = end + 1
            return text
        }
        var out = [UInt8]()
        while let byte = peek() {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else {
                    throw JSONReadError(message: "a string that is not UTF-8", offset: start)
                }
                return text
            case UInt8(ascii: "\\"):
                guard let escape = peek() else { break }
                position += 1
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count, var code = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16) else {
                        throw JSONReadError(message: "a bad \\u escape", offset: position)
                    }
                    position += 4
                    // A surrogate pair: the low half follows as \uXXXX.
                    if (0xD800..<0xDC00).contains(code), position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"),
                       bytes[position + 1] == UInt8(ascii: "u"),
                       let low = UInt32(String(decoding: bytes[(position + 2)..<(position + 6)], as: UTF8.self), radix: 16),
                       (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        position += 6
                    }
                    out.append(contentsOf: String(UnicodeScalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
                default: out.append(escape)
                }
            case ..<0x20:
                throw JSONReadError(message: "a control character in a string", offset: position - 1)
            default:
                out.append(byte)
            }
        }
        throw JSONReadError(message: "a string that does not end", offset: start)
    }
}
