/// The terms of a text that can name a topic: English words (keyed by their stem, shown as written) and Chinese
/// words as character bigrams and trigrams (Chinese has no spaces; a bigram is the usual length of a word, a
/// trigram joins the bigrams of a longer one). Single Chinese characters, numbers, and function words are left
/// out: they name nothing. Built on `Tokenizer`, so the classifier and the reports cut text alike.
public enum TopicTerms {
    /// Each term of `text` once: key (what counts) → the form to show.
    public static func terms(in text: String) -> [String: String] {
        var terms: [String: String] = [:]
        let tokens = Tokenizer.tokens(text)
        for (i, token) in tokens.enumerated() {
            let scalars = Array(token.unicodeScalars)
            if scalars.allSatisfy(Tokenizer.isCJK) {
                guard scalars.count == 2, !scalars.contains(where: { functionCharacters.contains($0) }) else { continue }
                if terms[token] == nil { terms[token] = token }
                // The tokenizer writes a run "abc" as a, ab, b, bc, c: a bigram two tokens on that shares its
                // middle character continues the same run.
                if i + 2 < tokens.count {
                    let next = Array(tokens[i + 2].unicodeScalars)
                    if next.count == 2, next[0] == scalars[1], next.allSatisfy(Tokenizer.isCJK),
                       !functionCharacters.contains(next[1]) {
                        let trigram = token + String(next[1])
                        if terms[trigram] == nil { terms[trigram] = trigram }
                    }
                }
            } else if scalars.contains(where: Tokenizer.isCJK) {
                continue
            } else {
                guard token.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }), token.count >= 3,
                      !englishFunctionWords.contains(token) else { continue }
                let key = Tokenizer.stem(token)
                if terms[key] == nil { terms[key] = token }
            }
        }
        return terms
    }

    /// Characters that make a bigram grammar rather than a topic (的, 了, 吗, pronouns, 这/那, 是).
    static let functionCharacters = Set("的了吗呢吧啊呀哦嗯您你我他她它们是这那个么嘛".unicodeScalars)

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
        "sent", "team", "customer", "support",
    ]
}
