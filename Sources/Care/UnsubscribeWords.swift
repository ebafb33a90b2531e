/// Whether a customer's own words ask to stop care mail: the whole reply (quotes and signature already removed)
/// is one of the words people write — `unsubscribe`, `退订`, `取消订阅`, `TD` (the Chinese SMS convention) —
/// possibly with punctuation. A sentence that merely mentions the word is not a request.
public enum UnsubscribeWords {
    public static let words: Set<String> = [
        "unsubscribe", "unsubscribe me", "stop", "td", "退订", "退訂", "取消订阅",
        "取消訂閱", "退订邮件", "取消订阅邮件", "請取消訂閱", "请取消订阅", "请退订", "請退訂"
    ]

    public static func isRequest(_ text: String) -> Bool {
        let trimmed = text.lowercased().unicodeScalars.filter { scalar in
            !(scalar.properties.isWhitespace || scalar.properties.generalCategory.isPunctuation)
        }
        let compact = String(String.UnicodeScalarView(trimmed))
        return words.contains {
            String(String.UnicodeScalarView($0.unicodeScalars.filter { !$0.properties.isWhitespace })) == compact
        }
    }
}

private extension Unicode.GeneralCategory {
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            true
        default: false
        }
    }
}
