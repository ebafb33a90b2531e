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
        let mailboxes = GatewayConfig.Keys.mailboxes
        if let value = root.string(mailboxes) {
            if let problem = FieldChecks.path(mailboxes.name, value) {
                root.fail(mailboxes, problem)
                mailboxesUsable = false
            } else {
                config.mailboxesDirectory = value
            }
        } else if root.has(mailboxes) {
            mailboxesUsable = false
        }

        let storePath = StoreSettings.Keys.path
        if let store = sections["store"], let path = store.string(storePath) {
            if let problem = FieldChecks.path(storePath.name, path) {
                store.fail(storePath, problem)
            } else {
                config.store.path = path
            }
        }

        if let threading = sections["threading"] {
            readThreading(threading, into: &config.threading)
        }

        if let parser = sections["parser"] {
            typealias Keys = ParserSettings.Keys
            let old = config.parser
            config.parser.maxMessageBytes = parser.integer(Keys.maxMessageBytes) ?? old.maxMessageBytes
            config.parser.maxDepth = parser.integer(Keys.maxDepth) ?? old.maxDepth
            config.parser.maxParts = parser.integer(Keys.maxParts) ?? old.maxParts
            config.parser.maxHeaderFields = parser.integer(Keys.maxHeaderFields) ?? old.maxHeaderFields
        }

        if let run = sections["run"] {
            typealias Keys = RunSettings.Keys
            config.run.interval = run.integer(Keys.interval) ?? config.run.interval
            config.run.scheduleInterval = run.integer(Keys.scheduleInterval) ?? config.run.scheduleInterval
            config.run.shutdownGrace = run.integer(Keys.shutdownGrace) ?? config.run.shutdownGrace
            if let format = run.string(Keys.logFormat) {
                if let known = RunSettings.LogFormat(rawValue: format) {
                    config.run.logFormat = known
                } else {
                    run.fail(Keys.logFormat, "'log_format' must be \"text\" or \"json\", got \"\(format)\"")
                }
            }
            if let level = run.string(Keys.logLevel) {
                if RunSettings.logLevels.contains(level) {
                    config.run.logLevel = level
                } else {
                    run.fail(
                        Keys.logLevel,
                        "'log_level' must be one of \(RunSettings.logLevels.joined(separator: ", ")), got \"\(level)\"")
                }
            }
        }
        if let classification = sections["classification"] {
            readClassification(classification, into: &config.classification)
        }
        if let assignment = sections["assignment"] {
            typealias Keys = AssignmentSettings.Keys
            if let path = assignment.string(Keys.agents) {
                if path.isEmpty {
                    config.assignment.agentsFile = nil
                } else if let problem = FieldChecks.path(Keys.agents.name, path) {
                    assignment.fail(Keys.agents, problem)
                } else {
                    config.assignment.agentsFile = path
                }
            }
            let old = config.assignment
            config.assignment.rebalanceUnavailable =
                assignment.bool(Keys.rebalanceUnavailable) ?? old.rebalanceUnavailable
            config.assignment.sticky = assignment.bool(Keys.sticky) ?? old.sticky
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
        typealias Keys = ClassificationSettings.Keys
        if let categories = table.strings(Keys.categories) {
            var seen = Set<String>()
            var valid = true
            for category in categories {
                if !FieldChecks.isMailboxName(category) {
                    table.fail(Keys.categories, "category '\(category)' must be lowercase letters, digits, '-' and '_'")
                    valid = false
                } else if !seen.insert(category).inserted {
                    table.fail(Keys.categories, "category '\(category)' is listed twice")
                    valid = false
                }
            }
            if categories.isEmpty {
                table.fail(
                    Keys.categories,
                    "'categories' must list at least one category (the last one is the fallback,"
                        + " e.g. \"other\")")
                valid = false
            }
            if valid { settings.categories = categories }
        }
        settings.threshold = table.number(Keys.threshold) ?? settings.threshold
        if let tags = table.strings(Keys.vipTags) {
            settings.vipTags = tags.map { $0.lowercased() }
        }
        settings.retrainHours = table.integer(Keys.retrainHours) ?? settings.retrainHours
        if let path = table.string(Keys.trainingData) {
            if let problem = FieldChecks.path(Keys.trainingData.name, path) {
                table.fail(Keys.trainingData, problem)
            } else {
                settings.trainingData = path
            }
        }
        if let path = table.string(Keys.rules) {
            if path.isEmpty {
                settings.rulesFile = nil
            } else if let problem = FieldChecks.path(Keys.rules.name, path) {
                table.fail(Keys.rules, problem)
            } else {
                settings.rulesFile = path
            }
        }
    }

    /// `[threading]`: the subject window, the secret's variable name and the Message-ID domain.
    private static func readThreading(_ table: TableReader, into settings: inout ThreadingSettings) {
        typealias Keys = ThreadingSettings.Keys
        settings.subjectWindowDays = table.integer(Keys.subjectWindowDays) ?? settings.subjectWindowDays
        if let name = table.string(Keys.secretEnv) {
            if let problem = FieldChecks.environmentName(Keys.secretEnv.name, name) {
                table.fail(Keys.secretEnv, problem)
            } else {
                settings.secretEnv = name
            }
        }
        if let domain = table.string(Keys.domain), !domain.isEmpty {
            if let problem = FieldChecks.domain(Keys.domain.name, domain) {
                table.fail(Keys.domain, problem + " (or leave it empty to use the first mailbox's domain)")
            } else {
                settings.domain = domain
            }
        }
    }
}
