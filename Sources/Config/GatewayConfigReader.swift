/// Reads `config/maildesk.toml` into a `GatewayConfig`, recording every problem.
enum GatewayConfigReader {
    /// The settings (defaults where a key is absent or wrong) and whether `mailboxes` is usable.
    static func read(_ document: TOMLDocument, log: Diagnostics) -> (config: GatewayConfig, mailboxesUsable: Bool) {
        let root = TableReader(document: document, log: log)
        root.rejectUnknownKeys(GatewaySchema.root, root: GatewaySchema.root)
        var sections: [String: TableReader] = [:]
        for (name, schema) in GatewaySchema.root.tables {
            sections[name] = root.table(name)
            sections[name]?.rejectUnknownKeys(schema, root: GatewaySchema.root)
        }

        var config = GatewayConfig(file: document.file)
        var mailboxesUsable = true
        if let value = root.string("mailboxes") {
            if let problem = FieldChecks.path("mailboxes", value) {
                root.fail("mailboxes", problem)
                mailboxesUsable = false
            } else {
                config.mailboxesDirectory = value
            }
        } else if root.has("mailboxes") {
            mailboxesUsable = false
        }

        if let store = sections["store"], let path = store.string("path") {
            if let problem = FieldChecks.path("path", path) {
                store.fail("path", problem)
            } else {
                config.store.path = path
            }
        }

        if let threading = sections["threading"] {
            readThreading(threading, into: &config.threading)
        }

        if let parser = sections["parser"] {
            let positive = 1...Int.max
            let old = config.parser
            config.parser.maxMessageBytes = parser.integer("max_message_bytes", in: positive) ?? old.maxMessageBytes
            config.parser.maxDepth = parser.integer("max_depth", in: positive) ?? old.maxDepth
            config.parser.maxParts = parser.integer("max_parts", in: positive) ?? old.maxParts
            config.parser.maxHeaderFields = parser.integer("max_header_fields", in: positive) ?? old.maxHeaderFields
        }

        if let run = sections["run"] {
            config.run.interval = run.integer("interval", in: 1...Int.max) ?? config.run.interval
            config.run.scheduleInterval =
                run.integer("schedule_interval", in: 1...86_400) ?? config.run.scheduleInterval
            config.run.shutdownGrace = run.integer("shutdown_grace", in: 0...3_600) ?? config.run.shutdownGrace
            if let format = run.string("log_format") {
                if let known = RunSettings.LogFormat(rawValue: format) {
                    config.run.logFormat = known
                } else {
                    run.fail("log_format", "'log_format' must be \"text\" or \"json\", got \"\(format)\"")
                }
            }
            if let level = run.string("log_level") {
                if RunSettings.logLevels.contains(level) {
                    config.run.logLevel = level
                } else {
                    run.fail(
                        "log_level",
                        "'log_level' must be one of \(RunSettings.logLevels.joined(separator: ", ")), got \"\(level)\"")
                }
            }
        }
        if let classification = sections["classification"] {
            readClassification(classification, into: &config.classification)
        }
        if let assignment = sections["assignment"] {
            if let path = assignment.string("agents") {
                if path.isEmpty {
                    config.assignment.agentsFile = nil
                } else if let problem = FieldChecks.path("agents", path) {
                    assignment.fail("agents", problem)
                } else {
                    config.assignment.agentsFile = path
                }
            }
            let old = config.assignment
            config.assignment.rebalanceUnavailable =
                assignment.bool("rebalance_unavailable") ?? old.rebalanceUnavailable
            config.assignment.sticky = assignment.bool("sticky") ?? old.sticky
        }
        if let smtp = sections["smtp"] { OutboundReader.readSMTP(smtp, into: &config.smtp) }
        if let outbound = sections["outbound"] { OutboundReader.readOutbound(outbound, into: &config.outbound) }
        if let agents = sections["agents"] { AgentReplySettings.read(agents, into: &config.agents) }
        if let robots = sections["robots"] { RobotSettings.read(robots, into: &config.robots) }
        if let care = sections["care"] { CareSettings.read(care, into: &config.care) }
        if let followUp = sections["followup"] { FollowUpSettings.read(followUp, into: &config.followUp) }
        if let status = sections["status"] { StatusSettings.read(status, into: &config.status) }
        if let http = sections["http"] { config.http = HTTPSettings.read(http) }
        return (config, mailboxesUsable)
    }

    /// `[classification]`: the categories, the confidence threshold, the VIP tags and the rules file.
    private static func readClassification(_ table: TableReader, into settings: inout ClassificationSettings) {
        if let categories = table.strings("categories") {
            var seen = Set<String>()
            var valid = true
            for category in categories {
                if !FieldChecks.isMailboxName(category) {
                    table.fail("categories", "category '\(category)' must be lowercase letters, digits, '-' and '_'")
                    valid = false
                } else if !seen.insert(category).inserted {
                    table.fail("categories", "category '\(category)' is listed twice")
                    valid = false
                }
            }
            if categories.isEmpty {
                table.fail(
                    "categories",
                    "'categories' must list at least one category (the last one is the fallback,"
                        + " e.g. \"other\")")
                valid = false
            }
            if valid { settings.categories = categories }
        }
        settings.threshold = table.number("threshold", in: 0...1) ?? settings.threshold
        if let tags = table.strings("vip_tags") {
            settings.vipTags = tags.map { $0.lowercased() }
        }
        if let path = table.string("training_data") {
            if let problem = FieldChecks.path("training_data", path) {
                table.fail("training_data", problem)
            } else {
                settings.trainingData = path
            }
        }
        if let path = table.string("rules") {
            if path.isEmpty {
                settings.rulesFile = nil
            } else if let problem = FieldChecks.path("rules", path) {
                table.fail("rules", problem)
            } else {
                settings.rulesFile = path
            }
        }
    }

    /// `[threading]`: the subject window, the secret's variable name and the Message-ID domain.
    private static func readThreading(_ table: TableReader, into settings: inout ThreadingSettings) {
        settings.subjectWindowDays = table.integer("subject_window_days", in: 1...3650) ?? settings.subjectWindowDays
        if let name = table.string("secret_env") {
            if let problem = FieldChecks.environmentName("secret_env", name) {
                table.fail("secret_env", problem)
            } else {
                settings.secretEnv = name
            }
        }
        if let domain = table.string("domain"), !domain.isEmpty {
            if let problem = FieldChecks.domain("domain", domain) {
                table.fail("domain", problem + " (or leave it empty to use the first mailbox's domain)")
            } else {
                settings.domain = domain
            }
        }
    }
}
