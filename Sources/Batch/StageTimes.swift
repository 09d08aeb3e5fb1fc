import Foundation

/// Time per stage of a batch, summed over its workers: CPU seconds of the calling threads for
/// the stages that compute (a busy machine does not inflate them the way wall time would),
/// wall seconds for reading (which waits for extractors) and for the matrix and the report
/// (built on every core). What `plancov compare --timings` prints.
public final class StageTimes: @unchecked Sendable {
    public enum Stage: String, CaseIterable, Sendable {
        case read = "read, decode, outline (wall)"
        case normalize = "normalize"
        case identity = "identity"
        case exact = "exact match"
        case fuzzy = "fuzzy pass"
        case evidence = "evidence and status"
        case matrix = "matrix (wall)"
        /// Timed by the caller that writes the reports.
        case report = "report writing (wall)"
    }

    private let lock = NSLock()
    private var seconds = [Stage: Double]()

    public init() {}

    public func add(_ stage: Stage, _ value: Double) {
        lock.lock(); defer { lock.unlock() }
        seconds[stage, default: 0] += value
    }

    /// One line per stage: its seconds and its share of the total.
    public func report() -> String {
        lock.lock(); defer { lock.unlock() }
        let total = seconds.values.reduce(0, +)
        return Stage.allCases.map { stage in
            let value = seconds[stage] ?? 0
            let name = stage.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0)
            return "plancov: timing \(name)" + String(format: " %7.3f s  %5.1f%%", value, total > 0 ? value / total * 100 : 0)
        }.joined(separator: "\n")
    }
}
