import Foundation
import CResources

extension Catalog {
    /// The text of the bundled catalog, `Resources/catalog.yaml`, as built into the binary
    /// (Sources/CResources): no file is read, so plancov runs wherever it is copied.
    static func bundledYAML() throws(CatalogError) -> String {
        var size = 0
        guard let bytes = plancov_resource("catalog.yaml", &size) else {
            throw CatalogError(source: "catalog.yaml", message: "is not built into this plancov (Sources/CResources/resources.c)")
        }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: size), as: UTF8.self)
    }

    /// The bundled catalog's `name` and `version`, for `plancov --version`, without loading it.
    ///
    /// Every run builds its version text (swift-argument-parser asks for it up front), and parsing
    /// the whole catalog is milliseconds; this reads only the two top-level lines, `name: …` and
    /// `version: …` (a quoted or plain scalar, an optional trailing comment). A test checks that
    /// it agrees with `bundled()`. Empty strings when the lines are missing.
    public static var bundledIdentity: (name: String, version: String) {
        guard let yaml = try? bundledYAML() else { return ("", "") }
        var name = "", version = ""
        for line in yaml.split(separator: "\n") where !line.hasPrefix(" ") && !line.hasPrefix("#") {
            if name.isEmpty, line.hasPrefix("name:") {
                name = topLevelScalar(line.dropFirst("name:".count))
            } else if version.isEmpty, line.hasPrefix("version:") {
                version = topLevelScalar(line.dropFirst("version:".count))
            }
            if !name.isEmpty && !version.isEmpty { break }
        }
        return (name, version)
    }

    /// `"2026.11"`, `'2026.11'` or `2026.11 # comment` → 2026.11.
    private static func topLevelScalar(_ text: Substring) -> String {
        let value = text.trimmingCharacters(in: .whitespaces)
        if let quote = value.first, quote == "\"" || quote == "'",
           let end = value.dropFirst().firstIndex(of: quote) {
            return String(value[value.index(after: value.startIndex)..<end])
        }
        let plain = value.range(of: " #").map { value[..<$0.lowerBound] } ?? Substring(value)
        return plain.trimmingCharacters(in: .whitespaces)
    }
}
