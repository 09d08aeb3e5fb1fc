import Compare

/// The words and marks reports print for a status or a match kind: presentation, kept with
/// the reports, so that Compare says only what a status means.
extension CellStatus {
    /// One-character marks for tables, and their Japanese legend.
    public var symbol: String {
        switch self {
        case .listed: return "●"
        case .mentioned: return "○"
        case .group: return "△"
        case .absent: return "-"
        case .notInForce: return "未"
        }
    }

    /// The word used in Japanese reports.
    public var japanese: String {
        switch self {
        case .listed: return "掲載"
        case .mentioned: return "言及"
        case .group: return "一括言及"
        case .absent: return "記載なし"
        case .notInForce: return "計画時点で対象外"
        }
    }

    public static var legend: String {
        allCases.map { "\($0.symbol) \($0.rawValue) (\($0.japanese))" }.joined(separator: "  ")
    }
}

extension MatchKind {
    /// The word used in Japanese reports.
    public var japanese: String {
        switch self {
        case .exact: return "完全一致"
        case .variant: return "表記ゆれ"
        case .fuzzy: return "類似一致"
        }
    }
}
