import CResources
import Foundation

/// Japan's 47 prefectures or its municipalities as SVG shapes, ready to be drawn inline: each
/// area's outline as SVG path data in whole units of one shared grid.
///
/// The shapes come from デジタル庁's simplified 国土数値情報（行政区域データ）(国土交通省, 2025,
/// CC BY 4.0; `Resources/SOURCE.md`), TopoJSON files built into the binary. Every map drawn from
/// them must print `credit`.
///
/// How a map is made, once per process and level (`prefectures`, `municipalities`):
/// - the topology's arcs (borders shared by two areas are one arc) are decoded and projected
///   (equirectangular, longitude scaled by cos 36°, the latitude of Honshu's middle: right for
///   a country this narrow), then simplified arc by arc (Douglas–Peucker with `tolerance` grid
///   units), so two neighbours keep the same border and no gap opens between them;
/// - each area's rings are joined from their arcs and rounded to the grid; a ring that rounds
///   to fewer than three points is left out, and an area left with none is drawn as a small
///   square where it lies, so that every area stays on the map and can be pointed at;
/// - 沖縄県 is moved into a frame in the empty Sea of Japan at the top left, 小笠原諸島 into one in
///   the Pacific at the bottom right (both at the map's own scale); 南鳥島, 12° east of them, is
///   left out. `insets` gives their frames, to be drawn around them.
public struct JapanMap: Sendable {
    public struct Area: Sendable {
        /// The prefecture's 2-digit code (`11`), or the municipality's 6-digit 全国地方公共団体コード
        /// (`112275`; the wards of a 政令指定都市 are one area, under the city's code).
        public let code: String
        /// 埼玉県, 朝霞市.
        public let name: String
        public let prefectureCode: String
        public let prefecture: String
        /// One of the six 北方領土 villages (drawn, never counted among the 1,741 市区町村).
        public let isNorthernTerritory: Bool
        /// SVG path data (`M12 34l1-2…z`), in grid units.
        public let path: [UInt8]
        /// The smallest box around the area, in grid units: x, y, width, height.
        public let bounds: (x: Int, y: Int, width: Int, height: Int)
    }

    /// A frame drawn around the areas moved out of their place (沖縄県, 小笠原諸島).
    public struct Inset: Sendable {
        public let label: String
        public let x: Int, y: Int, width: Int, height: Int
    }

    public enum Level: Sendable { case prefectures, municipalities }

    public let level: Level
    /// In the order of the source file (by code).
    public let areas: [Area]
    public let width: Int
    public let height: Int
    public let insets: [Inset]

    /// The credit line CC BY 4.0 asks for, printed under every map.
    public static let credit = "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成（デジタル庁 policy-dashboard-assets の簡略化データ、CC BY 4.0）"
    public static let licenseURL = "https://creativecommons.org/licenses/by/4.0/deed.ja"

    /// The 47 prefectures (a small map: an entry page's).
    public static func prefectures() throws(MapError) -> JapanMap { try prefectureMap.get() }

    /// The 1,741 市区町村 and the six 北方領土 villages (a large map: a page of its own).
    public static func municipalities() throws(MapError) -> JapanMap { try municipalityMap.get() }

    private static let prefectureMap = Result { () throws(MapError) -> JapanMap in
        try JapanMap(resource: "ja_prefecture_area.json", level: .prefectures, unitsPerDegree: 40, tolerance: 0.45)
    }
    private static let municipalityMap = Result { () throws(MapError) -> JapanMap in
        try JapanMap(resource: "ja_municipality_area.json", level: .municipalities, unitsPerDegree: 160, tolerance: 0.4)
    }

    // MARK: - The frame

    /// The mainland frame, in degrees: Amami in the south, the 北方領土 in the east.
    static let west = 128.0, east = 149.0, south = 26.9, north = 45.6
    /// cos 36°: a degree of longitude against one of latitude.
    static let aspect = 0.809_017

    /// Where rings out of the frame are moved, by their prefecture and where they lie.
    struct Placement: Sendable {
        let label: String
        /// The frame around the moved rings, in degrees before moving: west, south, east, north.
        let box: (Double, Double, Double, Double)
        /// Degrees of longitude and latitude added.
        let shift: (Double, Double)
        let applies: @Sendable (_ prefectureCode: String, _ longitude: Double, _ latitude: Double) -> Bool
    }

    static let placements = [
        Placement(label: "沖縄県", box: (122.8, 23.9, 131.5, 28.0), shift: (5.2, 17.5)) { code, _, _ in code == "47" },
        Placement(label: "小笠原諸島", box: (140.7, 24.1, 142.4, 27.85), shift: (5.5, 4.9)) { code, longitude, latitude in
            code == "13" && latitude < 28.5 && longitude < 150
        },
    ]

    /// 南鳥島: too far east for any frame.
    static func isLeftOut(prefectureCode: String, longitude: Double, latitude: Double) -> Bool {
        prefectureCode == "13" && latitude < 28.5 && longitude >= 150
    }

    // MARK: - Making a map

    init(resource: String, level: Level, unitsPerDegree k: Double, tolerance: Double) throws(MapError) {
        var size = 0
        guard let base = plancov_resource(resource, &size) else {
            throw MapError(source: resource, message: "the built-in map is missing from this build")
        }
        let topology = try TopoJSON(UnsafeBufferPointer(start: base, count: size), source: resource)
        self.level = level
        let kx = k * JapanMap.aspect
        // Grid position of a longitude and latitude (y grows southwards).
        func grid(_ longitude: Double, _ latitude: Double) -> (Double, Double) {
            ((longitude - JapanMap.west) * kx, (JapanMap.north - latitude) * k)
        }
        width = Int(((JapanMap.east - JapanMap.west) * kx).rounded(.up))
        height = Int(((JapanMap.north - JapanMap.south) * k).rounded(.up))
        insets = JapanMap.placements.map { placement in
            let (x0, y0) = grid(placement.box.0 + placement.shift.0, placement.box.3 + placement.shift.1)
            let (x1, y1) = grid(placement.box.2 + placement.shift.0, placement.box.1 + placement.shift.1)
            return Inset(label: placement.label, x: Int(x0.rounded()), y: Int(y0.rounded()),
                         width: Int((x1 - x0).rounded()), height: Int((y1 - y0).rounded()))
        }

        // Every arc projected to the grid (not yet rounded) and simplified once.
        let arcs: [[(x: Double, y: Double)]] = (0..<topology.arcCount).map { index in
            JapanMap.simplify(topology.arc(index).map { point in
                let (x, y) = grid(point.longitude, point.latitude)
                return (x: x, y: y)
            }, tolerance: tolerance)
        }

        var areas = [Area]()
        areas.reserveCapacity(topology.geometries.count)
        for geometry in topology.geometries {
            var path = PathData()
            var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min
            var firstPoint: (Int, Int)?
            for polygon in geometry.polygons {
                for ring in polygon {
                    var points = [(x: Double, y: Double)]()
                    for index in ring {
                        // Each arc after the first starts where the last ended: that point once.
                        let skip = points.isEmpty ? 0 : 1
                        if index >= 0 {
                            points += arcs[index].dropFirst(skip)
                        } else {
                            points += arcs[~index].reversed().dropFirst(skip)
                        }
                    }
                    guard !points.isEmpty else { continue }
                    // Where the ring lies decides whether it moves.
                    let meanX = points.reduce(0) { $0 + $1.x } / Double(points.count)
                    let meanY = points.reduce(0) { $0 + $1.y } / Double(points.count)
                    let longitude = meanX / kx + JapanMap.west, latitude = JapanMap.north - meanY / k
                    if JapanMap.isLeftOut(prefectureCode: geometry.prefectureCode, longitude: longitude, latitude: latitude) { continue }
                    var shift = (0.0, 0.0)
                    if let placement = JapanMap.placements.first(where: { $0.applies(geometry.prefectureCode, longitude, latitude) }) {
                        shift = (placement.shift.0 * kx, -placement.shift.1 * k)
                    }
                    var rounded = [(Int, Int)]()
                    rounded.reserveCapacity(points.count)
                    for point in points {
                        let p = (Int((point.x + shift.0).rounded()), Int((point.y + shift.1).rounded()))
                        if let last = rounded.last, last == p { continue }
                        rounded.append(p)
                    }
                    if rounded.count > 1, rounded.first! == rounded.last! { rounded.removeLast() }
                    if firstPoint == nil, let first = rounded.first { firstPoint = first }
                    guard rounded.count >= 3 else { continue }
                    path.ring(rounded)
                    for (x, y) in rounded {
                        minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                    }
                }
            }
            if path.isEmpty, let (x, y) = firstPoint {
                // Too small for the grid: a square of two units, so it can still be seen and pointed at.
                path.ring([(x - 1, y - 1), (x + 1, y - 1), (x + 1, y + 1), (x - 1, y + 1)])
                (minX, minY, maxX, maxY) = (x - 1, y - 1, x + 1, y + 1)
            }
            guard !path.isEmpty else { continue }
            areas.append(Area(code: geometry.code, name: geometry.name, prefectureCode: geometry.prefectureCode,
                              prefecture: geometry.prefecture, isNorthernTerritory: geometry.isNorthernTerritory,
                              path: path.bytes, bounds: (minX, minY, maxX - minX, maxY - minY)))
        }
        self.areas = areas
    }

    /// Douglas–Peucker: the points of `line` that keep it within `tolerance` of itself; the
    /// ends always stay.
    static func simplify(_ line: [(x: Double, y: Double)], tolerance: Double) -> [(x: Double, y: Double)] {
        guard line.count > 2 else { return line }
        var keep = [Bool](repeating: false, count: line.count)
        keep[0] = true
        keep[line.count - 1] = true
        var stack = [(0, line.count - 1)]
        let limit = tolerance * tolerance
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            let a = line[first], b = line[last]
            let dx = b.x - a.x, dy = b.y - a.y
            let length = dx * dx + dy * dy
            var farthest = first, distance = 0.0
            for index in (first + 1)..<last {
                let p = line[index]
                let d: Double
                if length == 0 {
                    d = (p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y)
                } else {
                    let cross = dx * (p.y - a.y) - dy * (p.x - a.x)
                    d = cross * cross / length
                }
                if d > distance { distance = d; farthest = index }
            }
            if distance > limit {
                keep[farthest] = true
                stack.append((first, farthest))
                stack.append((farthest, last))
            }
        }
        var kept = [(x: Double, y: Double)]()
        for index in line.indices where keep[index] { kept.append(line[index]) }
        return kept
    }
}

/// SVG path data, written compactly: an absolute move, then relative lines (`M12 34l3-1 0 2…z`).
struct PathData {
    private(set) var bytes = [UInt8]()
    var isEmpty: Bool { bytes.isEmpty }

    mutating func ring(_ points: [(Int, Int)]) {
        guard let first = points.first else { return }
        bytes.append(UInt8(ascii: "M"))
        number(first.0, afterLetter: true)
        number(first.1, afterLetter: false)
        var previous = first
        for (index, point) in points.enumerated().dropFirst() {
            if index == 1 { bytes.append(UInt8(ascii: "l")) }
            number(point.0 - previous.0, afterLetter: index == 1)
            number(point.1 - previous.1, afterLetter: false)
            previous = point
        }
        bytes.append(UInt8(ascii: "z"))
    }

    /// A number, with a space before it unless a letter or its own minus sign separates it.
    private mutating func number(_ value: Int, afterLetter: Bool) {
        if value >= 0, !afterLetter { bytes.append(0x20) }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // Digits straight into the bytes, not through a String for each of some 200,000 numbers.
        var magnitude = value.magnitude, divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: magnitude / divisor) + 0x30)
            magnitude %= divisor
            divisor /= 10
        } while divisor > 0
    }
}

/// A map that cannot be read (a build without the data, or a damaged file).
public struct MapError: Error, Sendable, CustomStringConvertible {
    public let source: String
    public let message: String
    public var description: String { "\(source): \(message)" }
}
