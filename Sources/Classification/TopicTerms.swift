/// The terms of a text that can name a topic: English words (keyed by their stem, shown as written) and
/// Chinese character bigrams (Chinese has no spaces; two characters are the usual length of a word, and
/// `DistinctiveTerms` joins the bigrams of longer words back into phrases). Single Chinese characters, numbers
/// and function words are left out: they name nothing. Built on `Tokenizer`, so the classifier and the reports
/// cut text alike.
public enum TopicTerms {
    /// Each term of `text` once: key (what counts) → the form to show.
    public static func terms(in text: String) -> [String: String] {
        var terms: [String: String] = [:]
        for token in Tokenizer.tokens(cleaned(text)) {
            let scalars = Array(token.unicodeScalars)
            if scalars.allSatisfy(Tokenizer.isCJK) {
                guard scalars.count == 2 else { continue }
                terms[token] = token
            } else if !scalars.contains(where: Tokenizer.isCJK), scalars.allSatisfy({ $0.properties.isAlphabetic }),
                token.count >= 3, !englishFunctionWords.contains(token)
            {
                // The longest form written: a subject cut short ("damag") must not name the topic.
                let key = Tokenizer.stem(token)
                if (terms[key]?.count ?? 0) < token.count { terms[key] = token }
            }
        }
        return terms
    }

    /// `text` with Chinese function words and characters replaced by spaces: they end a run of characters, so
    /// no bigram straddles them (快递一直没有更新 gives 快递 and 更新, not 直没 or 有更).
    public static func cleaned(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: Tokenizer.isCJK) else { return text }
        var out = text
        for word in functionBigrams where out.contains(word) { out = out.replacingOccurrences(of: word, with: " ") }
        return String(String.UnicodeScalarView(out.unicodeScalars.map { functionCharacters.contains($0) ? " " : $0 }))
    }

    /// Characters that make a bigram grammar rather than a topic (的, 了, 吗, pronouns, 这/那, 是).
    static let functionCharacters = Set("的了吗呢吧啊呀哦嗯您你我他她它们是这那个么嘛".unicodeScalars)

    /// Words that carry no topic: adverbs, conjunctions, greetings (没有, 已经, 非常, 请问).
    static let functionBigrams: Set<String> = [
        "没有", "已经", "可以", "什么", "怎么", "还是", "但是", "因为", "所以", "如果", "一直", "非常", "现在", "今天",
        "请问", "谢谢", "你好", "您好", "麻烦", "一下", "一个", "这个", "那个", "时候", "应该", "需要", "希望", "知道", "问题"
    ]

    /// Adverbs and numbers that may sit inside a phrase but never begin or end a topic (物流太 is 物流, 也太慢 is 太慢,
    /// 两个星期 is not 已经两).
    static let edgeCharacters = Set("太也很都还又就才再最更真好挺一二两三四五六七八九十几多".unicodeScalars)

    /// English words that occur in every kind of mail, complaint or not.
    static let englishFunctionWords: Set<String> = [
        "the", "and", "for", "you", "your", "yours", "our", "ours", "are", "was", "were", "has", "have", "had", "not",
        "but", "with", "this", "that", "these", "those", "from", "they", "them", "their", "there", "here", "what",
        "when", "where", "which", "who", "why", "how", "can", "could", "would", "should", "will", "shall", "may",
        "might", "must", "been", "being", "does", "did", "done", "just", "also", "very", "too", "any", "all", "some",
        "about", "into", "onto", "than", "then", "its", "don", "didn", "isn", "doesn", "hello",
        "dear", "regards", "thanks", "thank", "please", "best", "sincerely", "hey", "get", "got", "one", "again",
        "still", "yet", "now", "only", "even", "because", "since", "after", "before", "over", "out", "off",
        "whom", "him", "her", "his", "hers", "she", "mine", "myself",
        "sent", "team", "customer", "support"
    ]
}
