import Foundation

/// The parts of a TopoJSON topology (https://github.com/topojson/topojson-specification) that
/// the maps use: the quantized, delta-encoded arcs, decoded to longitude and latitude, and the
/// polygons of the first object's geometries with the properties of デジタル庁's files
/// (`prefecture_code`, `prefecture_name`; for municipalities `lg_code`, `city_name`,
/// `is_hoppo_city`).
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

    let arcs: [[(longitude: Double, latitude: Double)]]
    let geometries: [Geometry]

    init(_ data: Data, source: String) throws(MapError) {
        func fail(_ message: String) -> MapError { MapError(source: source, message: message) }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail("is not a JSON object")
        }
        guard root["type"] as? String == "Topology",
              let transform = root["transform"] as? [String: Any],
              let scale = transform["scale"] as? [Double], let translate = transform["translate"] as? [Double],
              scale.count == 2, translate.count == 2,
              let arcs = root["arcs"] as? [[[Int]]],
              let objects = root["objects"] as? [String: Any], objects.count == 1,
              let collection = objects.values.first as? [String: Any],
              let geometries = collection["geometries"] as? [[String: Any]] else {
            throw fail("is not a quantized TopoJSON topology with one collection of geometries")
        }
        self.arcs = arcs.map { arc in
            var x = 0, y = 0
            return arc.map { delta in
                x += delta.count > 0 ? delta[0] : 0
                y += delta.count > 1 ? delta[1] : 0
                return (longitude: Double(x) * scale[0] + translate[0], latitude: Double(y) * scale[1] + translate[1])
            }
        }
        var parsed = [Geometry]()
        for (number, geometry) in geometries.enumerated() {
            guard let properties = geometry["properties"] as? [String: Any],
                  let prefectureCode = properties["prefecture_code"] as? String,
                  let prefecture = properties["prefecture_name"] as? String else {
                throw fail("geometry \(number + 1) lacks prefecture_code or prefecture_name")
            }
            let polygons: [[[Int]]]
            switch geometry["type"] as? String {
            case "Polygon": polygons = [(geometry["arcs"] as? [[Int]]) ?? []]
            case "MultiPolygon": polygons = (geometry["arcs"] as? [[[Int]]]) ?? []
            default: throw fail("geometry \(number + 1) is neither a Polygon nor a MultiPolygon")
            }
            for ring in polygons.joined() {
                for index in ring where (index >= 0 ? index : ~index) >= arcs.count {
                    throw fail("geometry \(number + 1) refers to arc \(index), past the \(arcs.count) arcs")
                }
            }
            let code = properties["lg_code"] as? String ?? prefectureCode
            let name = properties["city_name"] as? String ?? prefecture
            parsed.append(Geometry(code: code, name: name, prefectureCode: prefectureCode, prefecture: prefecture,
                                   isNorthernTerritory: properties["is_hoppo_city"] as? Bool ?? false, polygons: polygons))
        }
        self.geometries = parsed
    }
}
