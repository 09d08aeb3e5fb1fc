import Testing
@testable import Report

/// `ReportSummary.score`: two decimals at most, no trailing zeros, as `%.2f` then trimmed would give.
struct ScoreTextTests {
    @Test func scoresHaveTwoDecimalsAtMostAndNoTrailingZeros() {
        let cases: [(Double, String)] = [(1, "1"), (0.93, "0.93"), (0.9, "0.9"), (0.05, "0.05"), (0.876, "0.88"),
                                         (0.999, "1"), (0, "0"), (0.104, "0.1"), (2.5, "2.5"), (-0.25, "-0.25")]
        for (value, text) in cases { #expect(ReportSummary.score(value) == text, "\(value)") }
    }
}
