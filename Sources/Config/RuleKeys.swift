// The keys of a `[[rule]]` table in `config/rules.toml`. A condition or action left out does not take part, so
// only the flags have a default; every value the shipped file shows is its rule's own.

extension RuleDefinition {
    enum Keys {
        static let name = ConfigKey<String>(
            "name", default: nil, doc: "The rule's name, unique: events and the review queue cite it.")

        // Conditions: every one given must hold; a list holds when any item does.
        static let always = ConfigKey<Bool>(
            "always", default: false, doc: "true: the rule applies to every message (instead of conditions).")
        static let mailbox = ConfigKey<[String]>(
            "mailbox", default: nil, doc: "The mailboxes (by name) the message came to.")
        static let from = ConfigKey<[String]>(
            "from", default: nil, doc: "Sender address patterns, * matching any run of characters (*@example.com).")
        static let subjectContains = ConfigKey<[String]>(
            "subject_contains", default: nil, doc: "Text the subject contains (ignoring case).")
        static let bodyContains = ConfigKey<[String]>(
            "body_contains", default: nil, doc: "Text the body contains (ignoring case).")
        static let textContains = ConfigKey<[String]>(
            "text_contains", default: nil, doc: "Text the subject or the body contains (ignoring case).")
        static let subjectMatches = ConfigKey<String>(
            "subject_matches", default: nil, doc: "A regular expression (ICU) the subject matches, ignoring case.")
        static let bodyMatches = ConfigKey<String>(
            "body_matches", default: nil, doc: "A regular expression (ICU) the body matches, ignoring case.")
        static let header = ConfigKey<[String: [String]]>(
            "header", default: nil, doc: "Header name to substrings its value contains (\"*\": the header is present).")
        static let customerTag = ConfigKey<[String]>(
            "customer_tag", default: nil, doc: "Tags the sending customer has.")
        static let language = ConfigKey<[String]>(
            "language", default: nil, doc: "The message's language: zh, zh-Hant, en, ja, ko or und.")

        // Actions.
        static let setKind = ConfigKey<String>(
            "set_kind", oneOf: ThreadKind.names, default: nil, doc: "The thread's kind.")
        static let setFeedbackType = ConfigKey<String>(
            "set_feedback_type", oneOf: FeedbackType.names, default: nil, doc: "The feedback's type.")
        static let setCategory = ConfigKey<String>(
            "set_category", default: nil, doc: "The thread's category, one of [classification] categories.")
        static let setPriority = ConfigKey<String>(
            "set_priority", oneOf: ThreadPriority.names, default: nil, doc: "The thread's priority (final).")
        static let raisePriority = ConfigKey<String>(
            "raise_priority", oneOf: ThreadPriority.names, default: nil, doc: "The thread's priority at least.")
        static let assign = ConfigKey<String>(
            "assign", default: nil, doc: "The address of the [[agent]] the thread goes to.")
        static let tagCustomer = ConfigKey<[String]>(
            "tag_customer", default: nil, doc: "Tags given to the sending customer.")
        static let review = ConfigKey<Bool>(
            "review", default: false, doc: "true: the thread is flagged for review.")
        static let stop = ConfigKey<Bool>(
            "stop", default: false, doc: "true: no later rule applies.")

        static let conditions: [any DeclaredKey] = [
            always, mailbox, from, subjectContains, bodyContains, textContains, subjectMatches, bodyMatches, header,
            customerTag, language
        ]
        static let actions: [any DeclaredKey] = [
            setKind, setFeedbackType, setCategory, setPriority, raisePriority, assign, tagCustomer, review, stop
        ]
        static let all: [any DeclaredKey] = [name] + conditions + actions
    }
}
