import CICU
import Compare
import Register

/// What `plancov --version` prints. `number` is plancov's version, defined here and nowhere
/// else: `make deb` reads it from the first line of this output.
///
///     plancov 0.1.0
///     catalog: 自治体DX 標準化対象20業務・オンライン化推進手続 2026.11
///     register: 全国地方公共団体コード 2024-01-01 (令和6年1月1日), 1965 local governments
///     ICU 72.1
enum PlancovVersion {
    static let number = "0.1.0"

    /// The data built into the binary, one line each, as "label: name version": whoever reads a
    /// report needs to know which lists and which register it was made with.
    static var builtInData: [String] {
        let catalog = Catalog.bundledIdentity
        return ["catalog: \(catalog.name) \(catalog.version)", "register: \(Register.bundledSummary)"]
    }

    static var text: String {
        (["plancov \(number)"] + builtInData + ["ICU \(String(cString: plancov_icu_version()))"]).joined(separator: "\n")
    }
}
