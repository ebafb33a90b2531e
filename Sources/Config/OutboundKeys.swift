extension SMTPSettings {
    enum Keys {
        static let url = ConfigKey<String>(
            "url", default: "file:var/outbox",
            doc: "Where outbound mail goes: smtp://HOST[:PORT], smtps://HOST[:PORT] or file:FOLDER.")
        static let user = ConnectionKeys.Keys.user
        static let passwordEnv = ConnectionKeys.Keys.passwordEnv
        /// Absent: the first mailbox's address; the shipped file names the demo's.
        static let from = ConfigKey<String>(
            "from", default: nil, shipped: "support@maildesk.example", doc: "The address customers see in From.")
        static let fromName = ConfigKey<String>(
            "from_name", default: "Support", shipped: "Lumo Support", doc: "The display name in From.")
        static let envelopeFrom = ConfigKey<String>(
            "envelope_from", default: nil, doc: "The envelope sender (MAIL FROM), where bounces go; absent: from.")
        static let startTLS = ConnectionKeys.Keys.startTLS
        static let tlsCAFile = ConnectionKeys.Keys.tlsCAFile
        static let tlsVerify = ConnectionKeys.Keys.tlsVerify
        static let allowInsecure = ConnectionKeys.Keys.allowInsecure
        static let connectTimeout = ConnectionKeys.Keys.connectTimeout
        static let timeout = ConnectionKeys.Keys.timeout.defaulting(to: 60)
        static let connections = ConfigKey<Int>(
            "connections", in: 1...16, default: 2,
            doc: "Parallel connections of the send stage to the SMTP server, each its own handle and thread.")
        static let writeEnvelope = ConfigKey<Bool>(
            "write_envelope", default: false,
            doc: "file: transport: also write each message's envelope as <name>.json beside its .eml.")

        static let all: [any DeclaredKey] = [
            url, user, passwordEnv, from, fromName, envelopeFrom, startTLS, tlsCAFile, tlsVerify, allowInsecure,
            connectTimeout, timeout, connections, writeEnvelope
        ]

        /// The keys that only an SMTP server uses (refused with a `file:` transport).
        static let serverOnly: [any DeclaredKey] = [
            user, passwordEnv, startTLS, tlsCAFile, tlsVerify, allowInsecure, connections
        ]
    }
}

extension OutboundSettings {
    enum Keys {
        static let templates = ConfigKey<String>(
            "templates", default: "templates", doc: "Templates: <folder>/<locale>/<name>.txt (+ optional .html).")
        static let defaultLocale = ConfigKey<String>(
            "default_locale", default: "en", doc: "The locale used when the thread's language has no templates.")
        static let acknowledge = ConfigKey<Bool>(
            "acknowledge", default: true, doc: "Acknowledge each new thread once.")
        static let notifyAgents = ConfigKey<Bool>(
            "notify_agents", default: true, doc: "Tell agents (or the team queue) about each thread they get.")
        static let maxAutoRepliesPerDay = ConfigKey<Int>(
            "max_auto_replies_per_day", in: 0...1_000, default: 3,
            doc: "Automated replies to one address in 24 hours at most: the backstop against mail loops.")
        static let maxAutoRepliesPerDomainPerDay = ConfigKey<Int>(
            "max_auto_replies_per_domain_per_day", in: 0...1_000_000, default: 200,
            doc: "Automated replies to one domain in 24 hours at most (against backscatter).")
        static let maxAutoRepliesPerHour = ConfigKey<Int>(
            "max_auto_replies_per_hour", in: 0...1_000_000, default: 200,
            doc: "Automated replies to anyone in an hour at most.")
        static let maxAutoRepliesTotalPerDay = ConfigKey<Int>(
            "max_auto_replies_total_per_day", in: 0...10_000_000, default: 2_000,
            doc: "Automated replies to anyone in 24 hours at most.")
        static let trustAuthservID = ConfigKey<String>(
            "trust_authserv_id", default: "",
            doc: "The receiving server whose Authentication-Results are believed; empty: the topmost header.")
        static let requireAlignedReturnPath = ConfigKey<Bool>(
            "require_aligned_return_path", default: true,
            doc: "Without Authentication-Results, acknowledge only when the Return-Path and From domains match.")
        static let giveUpAfterHours = ConfigKey<Int>(
            "give_up_after_hours", in: 1...720, default: 48,
            doc: "A message still refused with 4xx (or unreachable) after this many hours is given up.")
        static let companyName = ConfigKey<String>(
            "company_name", default: "maildesk", shipped: "Lumo", doc: "The company's name in templates.")

        static let all: [any DeclaredKey] = [
            templates, defaultLocale, acknowledge, notifyAgents, maxAutoRepliesPerDay, maxAutoRepliesPerDomainPerDay,
            maxAutoRepliesPerHour, maxAutoRepliesTotalPerDay, trustAuthservID, requireAlignedReturnPath,
            giveUpAfterHours, companyName
        ]
    }
}
