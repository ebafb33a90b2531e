// The keys of `config/maildesk.toml`'s top level and of the sections whose settings types hold no reader of
// their own; the other sections declare theirs beside their settings type.

extension GatewayConfig {
    enum Keys {
        static let mailboxes = ConfigKey<String>(
            "mailboxes", default: "mailboxes",
            doc: "Folder of mailbox definitions: one *.toml file per watched mailbox.")

        static let all: [any DeclaredKey] = [mailboxes]
    }
}

extension StoreSettings {
    enum Keys {
        static let path = ConfigKey<String>(
            "path", default: "var/maildesk.sqlite", doc: "The SQLite database; it is created on first use.")

        static let all: [any DeclaredKey] = [path]
    }
}

extension ThreadingSettings {
    enum Keys {
        static let subjectWindowDays = ConfigKey<Int>(
            "subject_window_days", in: 1...3650, default: 30,
            doc: "Days within which a reply with no usable headers may still join a thread by its subject.")
        static let secretEnv = ConfigKey<String>(
            "secret_env", default: "MAILDESK_SECRET",
            doc: "Name of the environment variable holding the HMAC secret for reply tokens.")
        static let domain = ConfigKey<String>(
            "domain", default: "",
            doc: "Domain for maildesk's own Message-IDs; empty: the domain of the first mailbox's address.")

        static let all: [any DeclaredKey] = [subjectWindowDays, secretEnv, domain]
    }
}

extension ParserSettings {
    enum Keys {
        static let maxMessageBytes = ConfigKey<Int>(
            "max_message_bytes", in: 1...Int.max, default: 52_428_800,
            doc: "Largest message parsed, in bytes; the rest is kept as an undecoded attachment.")
        static let maxDepth = ConfigKey<Int>(
            "max_depth", in: 1...Int.max, default: 64, doc: "Deepest MIME nesting parsed.")
        static let maxParts = ConfigKey<Int>(
            "max_parts", in: 1...Int.max, default: 2_000, doc: "Most MIME parts parsed in one message.")
        static let maxHeaderFields = ConfigKey<Int>(
            "max_header_fields", in: 1...Int.max, default: 2_000,
            doc: "Most header fields parsed in one header section.")

        static let all: [any DeclaredKey] = [maxMessageBytes, maxDepth, maxParts, maxHeaderFields]
    }
}

extension RunSettings {
    enum Keys {
        static let interval = ConfigKey<Int>(
            "interval", in: 1...Int.max, default: 5,
            doc: "Seconds between passes of `maildesk run` when nothing is new.")
        static let scheduleInterval = ConfigKey<Int>(
            "schedule_interval", in: 1...86_400, default: 60,
            doc: "Seconds between runs of the follow-up and care stages.")
        static let shutdownGrace = ConfigKey<Int>(
            "shutdown_grace", in: 0...3_600, default: 10,
            doc: "Seconds SIGTERM leaves for sending due mail before the service exits.")
        static let logFormat = ConfigKey<String>(
            "log_format", oneOf: LogFormat.allCases.map(\.rawValue), default: "text",
            doc: "\"text\" (key=value) or \"json\" (one object per line).")
        static let logLevel = ConfigKey<String>(
            "log_level", oneOf: RunSettings.logLevels, default: "info", doc: "The least severe level logged.")

        static let all: [any DeclaredKey] = [interval, scheduleInterval, shutdownGrace, logFormat, logLevel]
    }
}

// `ClassificationSettings` lives in Routing, which knows no TOML; its keys are declared here, where it is read.
extension ClassificationSettings {
    enum Keys {
        static let categories = ConfigKey<[String]>(
            "categories", default: ["sales", "technical", "after_sales", "billing", "other"],
            doc: "The categories a thread may get; the last one is the fallback.")
        static let threshold = ConfigKey<Double>(
            "threshold", in: 0...1, default: 0.4,
            doc: "Below this confidence the model's category and priority fall back and the thread is flagged.")
        static let vipTags = ConfigKey<[String]>(
            "vip_tags", default: ["vip"], doc: "Customer tags that raise a thread's priority to at least high.")
        static let rules = ConfigKey<String>(
            "rules", default: "config/rules.toml", doc: "Rules applied before the model, in order (\"\" for none).")
        static let trainingData = ConfigKey<String>(
            "training_data", default: "config/training", doc: "Labelled examples the model is trained on.")
        static let retrainHours = ConfigKey<Int>(
            "retrain_hours", in: 0...8_760, default: 24,
            doc: "Hours between the service's retraining on threads agents corrected or confirmed (0: never).")

        static let all: [any DeclaredKey] = [categories, threshold, vipTags, rules, trainingData, retrainHours]
    }
}
