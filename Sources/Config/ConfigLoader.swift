import Foundation
import Occasions

/// Loads and validates the gateway's configuration: the config file and every mailbox definition.
public enum ConfigLoader {
    /// The config file used when `--config` is not given.
    public static let defaultConfigPath = "config/maildesk.toml"

    /// Loads `configPath` and every mailbox definition, resolving relative paths against the process's working
    /// directory; throws every problem found, one line each.
    public static func load(configPath: String = defaultConfigPath) throws(ConfigErrors) -> Configuration {
        try load(configPath: configPath, workingDirectory: ConfigPaths.currentDirectory)
    }

    /// Loads `configPath` and every mailbox definition, resolving relative paths (for reading only: the result
    /// keeps them as written) against `workingDirectory`; throws every problem found, one line each.
    public static func load(configPath: String, workingDirectory: String) throws(ConfigErrors) -> Configuration {
        let log = Diagnostics()
        let text: String
        switch ConfigFiles.readText(at: ConfigPaths.absolute(configPath, workingDirectory: workingDirectory)) {
        case .success(let value): text = value
        case .failure(let problem):
            let fix =
                problem == .missing
                ? " (create it, see config/maildesk.toml in the repository, or pass --config PATH)" : ""
            throw ConfigErrors([ConfigError(file: configPath, message: problem.message + fix)])
        }
        let document: TOMLDocument
        switch TOMLDocument.parse(text, file: configPath) {
        case .success(let value): document = value
        case .failure(let error): throw ConfigErrors([error])
        }

        let (gateway, mailboxesUsable) = GatewayConfigReader.read(document, log: log)
        var mailboxes: [MailboxDefinition] = []
        let context = Context(workingDirectory: workingDirectory, configDocument: document, log: log)
        if mailboxesUsable {
            mailboxes = loadMailboxes(in: gateway.mailboxesDirectory, context: context)
        }
        var routing = Configuration.Routing()
        let categories = gateway.classification.categories
        if let file = gateway.assignment.agentsFile,
            let agentsDocument = loadOptional(
                file, defaultPath: AssignmentSettings.defaultAgentsFile,
                key: ["assignment", "agents"], context: context)
        {
            (routing.agents, routing.teams) = AgentsReader.read(agentsDocument, categories: categories, log: log)
        }
        if let file = gateway.classification.rulesFile,
            let rulesDocument = loadOptional(
                file, defaultPath: ClassificationSettings.defaultRulesFile,
                key: ["classification", "rules"], context: context)
        {
            let names = RulesReader.Context(
                categories: categories, mailboxes: mailboxes.map(\.name),
                agents: routing.agents.map(\.address))
            routing.rules = RulesReader.read(rulesDocument, context: names, log: log)
        }
        var holidays = HolidayCatalogue.builtIn
        if let file = gateway.care.occasionsFile,
            let occasionsDocument = loadOptional(
                file, defaultPath: CareSettings.defaultOccasionsFile,
                key: ["care", "occasions"], context: context)
        {
            holidays = OccasionsReader.read(occasionsDocument, log: log)
        }
        checkDefaultLocale(gateway.outbound, context: context)
        let campaigns = loadCampaigns(in: gateway.care.campaigns, holidays: holidays, context: context)
        var serviceLevels: ServiceLevels?
        if let file = gateway.followUp.slaFile,
            let slaDocument = loadOptional(
                file, defaultPath: FollowUpSettings.defaultSLAFile,
                key: ["followup", "sla"], context: context)
        {
            let names = ServiceLevelsReader.Context(
                categories: categories, mailboxes: mailboxes.map(\.name),
                teams: routing.teams.map(\.name), holidays: holidays)
            serviceLevels = ServiceLevelsReader.read(slaDocument, context: names, log: log)
        }
        if !log.errors.isEmpty { throw ConfigErrors(ordered(log.errors, configFile: configPath)) }
        return Configuration(
            gateway: gateway, mailboxes: mailboxes, routing: routing, campaigns: campaigns,
            serviceLevels: serviceLevels, holidays: holidays)
    }

    /// `[outbound] default_locale` must name a folder of the templates (the locales are what `templates/` holds, not
    /// a fixed list). A templates folder that cannot be listed is left to the answer stage, which reports it.
    private static func checkDefaultLocale(_ outbound: OutboundSettings, context: Context) {
        let folder = ConfigPaths.absolute(outbound.templates, workingDirectory: context.workingDirectory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let locales = names.filter { ConfigFiles.entry(at: folder + "/" + $0) == .folder && !$0.hasPrefix(".") }
            .sorted()
        let document = context.configDocument
        guard let line = document.index.line(for: ["outbound", "default_locale"]), !locales.isEmpty,
            !locales.contains(outbound.defaultLocale)
        else { return }
        context.log.add(
            document.file, line: line,
            "'default_locale' \"\(outbound.defaultLocale)\" has no folder in \(outbound.templates)/ (the locales there: "
                + locales.joined(separator: ", ") + ")"
                + (Suggestions.closest(to: outbound.defaultLocale, among: locales).map { " — did you mean '\($0)'?" }
                    ?? ""))
    }

    /// What loading the mailbox definitions needs to know.
    private struct Context {
        let workingDirectory: String
        let configDocument: TOMLDocument
        let log: Diagnostics

        /// Records a problem about the mailboxes folder, at the config file's `mailboxes` line when it is set.
        func folderProblem(_ message: String) {
            log.add(configDocument.file, line: configDocument.index.line(for: ["mailboxes"]), message)
        }

        /// " (relative to the working directory …)" for a relative path, else "".
        func relativeNote(_ path: String) -> String {
            path.hasPrefix("/") ? "" : " (relative to the working directory \(workingDirectory))"
        }
    }

    /// Every definition in `directory`, in file-name order; problems are recorded, bad files left out.
    private static func loadMailboxes(in directory: String, context: Context) -> [MailboxDefinition] {
        let absolute = ConfigPaths.absolute(directory, workingDirectory: context.workingDirectory)
        let shown = ConfigPaths.folderDisplay(directory)
        switch ConfigFiles.entry(at: absolute) {
        case .missing:
            context.folderProblem(
                "mailboxes folder \(shown) not found\(context.relativeNote(directory)) — create it "
                    + "with one *.toml per watched mailbox, or set mailboxes = \"PATH\" in \(context.configDocument.file)"
            )
            return []
        case .file:
            context.folderProblem("mailboxes \(shown) is a file, not a folder of *.toml mailbox definitions")
            return []
        case .folder: break
        }
        let names: [String]
        switch ConfigFiles.definitionNames(in: absolute) {
        case .success(let value): names = value
        case .failure(let problem):
            context.folderProblem("mailboxes folder \(shown) \(problem.message)")
            return []
        }
        if names.isEmpty {
            context.folderProblem(
                "no mailbox definitions in \(shown) — add one, e.g. "
                    + ConfigPaths.join(directory, "support.toml"))
            return []
        }

        var mailboxes: [MailboxDefinition] = []
        var firstUse: [String: (file: String, line: Int?)] = [:]
        for name in names {
            let file = ConfigPaths.join(directory, name)
            guard let (mailbox, document) = loadMailbox(file: file, absolute: absolute + "/" + name, context: context)
            else { continue }
            let line = document.index.line(for: ["name"])
            if let first = firstUse[mailbox.name] {
                let at = first.file + (first.line.map { ":\($0)" } ?? "")
                context.log.add(
                    file, line: line,
                    "mailbox name '\(mailbox.name)' is already used by \(at) — "
                        + "names must be unique across files: rename one of them")
                continue
            }
            firstUse[mailbox.name] = (file, line)
            mailboxes.append(mailbox)
        }
        return mailboxes
    }

    /// Every campaign in `directory` (absent default folder: none), by file name; a name used twice is an error.
    private static func loadCampaigns(in directory: String, holidays: HolidayCatalogue, context: Context)
        -> [CampaignDefinition]
    {
        let absolute = ConfigPaths.absolute(directory, workingDirectory: context.workingDirectory)
        guard ConfigFiles.entry(at: absolute) == .folder else {
            if directory != CareSettings.defaultCampaigns {
                context.log.add(
                    context.configDocument.file, line: context.configDocument.index.line(for: ["care", "campaigns"]),
                    "campaigns folder \(directory) not found\(context.relativeNote(directory)) — create it or fix campaigns in [care]"
                )
            }
            return []
        }
        guard case .success(let names) = ConfigFiles.definitionNames(in: absolute) else {
            context.log.add(
                context.configDocument.file, line: nil,
                "campaigns folder \(directory) cannot be listed (check its permissions)")
            return []
        }
        var campaigns: [CampaignDefinition] = []
        for name in names {
            let file = ConfigPaths.join(directory, name)
            let text: String
            switch ConfigFiles.readText(at: absolute + "/" + name) {
            case .success(let value): text = value
            case .failure(let problem):
                context.log.add(file, line: nil, problem.message)
                continue
            }
            switch TOMLDocument.parse(text, file: file) {
            case .failure(let error): context.log.add(error)
            case .success(let document):
                guard let campaign = CampaignReader.read(document, holidays: holidays, log: context.log) else {
                    continue
                }
                if let first = campaigns.first(where: { $0.name == campaign.name }) {
                    context.log.add(
                        file, line: document.index.line(for: ["name"]),
                        "campaign name '\(campaign.name)' is already used by \(first.file) — rename one of them")
                    continue
                }
                campaigns.append(campaign)
            }
        }
        return campaigns
    }

    /// A rules or agents file, parsed; nil when it has a problem (recorded) or is the default file and absent.
    private static func loadOptional(_ file: String, defaultPath: String, key: [String], context: Context)
        -> TOMLDocument?
    {
        let absolute = ConfigPaths.absolute(file, workingDirectory: context.workingDirectory)
        let text: String
        switch ConfigFiles.readText(at: absolute) {
        case .success(let value): text = value
        case .failure(let problem):
            if problem == .missing && file == defaultPath { return nil }
            context.log.add(
                context.configDocument.file, line: context.configDocument.index.line(for: key),
                "\(file): \(problem.message)\(context.relativeNote(file)) — create it or fix "
                    + "\(key.last ?? "the path") in [\(key.first ?? "")]")
            return nil
        }
        switch TOMLDocument.parse(text, file: file) {
        case .success(let document): return document
        case .failure(let error):
            context.log.add(error)
            return nil
        }
    }

    /// One definition file read, parsed, validated and its Maildir (or CA file) checked; nil when it has a problem.
    private static func loadMailbox(file: String, absolute: String, context: Context)
        -> (MailboxDefinition, TOMLDocument)?
    {
        let text: String
        switch ConfigFiles.readText(at: absolute) {
        case .success(let value): text = value
        case .failure(let problem):
            context.log.add(file, line: nil, problem.message)
            return nil
        }
        let document: TOMLDocument
        switch TOMLDocument.parse(text, file: file) {
        case .success(let value): document = value
        case .failure(let error):
            context.log.add(error)
            return nil
        }
        guard let mailbox = MailboxReader.read(document, log: context.log) else { return nil }
        switch mailbox.source {
        case .maildir(let path):
            let folder = ConfigPaths.absolute(path, workingDirectory: context.workingDirectory)
            let urlLine = document.index.line(for: ["url"])
            if ConfigFiles.entry(at: folder) != .folder {
                context.log.add(
                    file, line: urlLine,
                    "Maildir \(ConfigPaths.folderDisplay(path)) not found"
                        + "\(context.relativeNote(path)) — create it with cur/, new/ and tmp/ inside, or fix the path")
                return nil
            }
            if ConfigFiles.entry(at: folder + "/new") != .folder || ConfigFiles.entry(at: folder + "/cur") != .folder {
                context.log.add(
                    file, line: urlLine,
                    "\(ConfigPaths.folderDisplay(path)) is not a Maildir "
                        + "(it needs cur/, new/ and tmp/ folders inside)")
                return nil
            }
        case .pipe:
            break
        case .imap(let settings):
            // The server is not contacted while loading: that needs neither the network nor the password.
            if let path = settings.tlsCAFile {
                let caLine = document.index.line(for: ["tls_ca_file"])
                switch ConfigFiles.entry(at: ConfigPaths.absolute(path, workingDirectory: context.workingDirectory)) {
                case .file: break
                case .missing:
                    context.log.add(
                        file, line: caLine,
                        "CA file \(path) not found\(context.relativeNote(path)) — "
                            + "give the PEM bundle of the CA that signed the server's certificate, or remove tls_ca_file"
                    )
                    return nil
                case .folder:
                    context.log.add(
                        file, line: caLine,
                        "CA file \(path) is a folder: give one PEM file holding the "
                            + "CA certificates")
                    return nil
                }
            }
        }
        return (mailbox, document)
    }

    /// The config file's problems first, then each other file's in the order found; within a file, by line.
    private static func ordered(_ errors: [ConfigError], configFile: String) -> [ConfigError] {
        var files: [String] = [configFile]
        for error in errors where !files.contains(error.file) { files.append(error.file) }
        return files.flatMap { file in
            errors.enumerated().filter { $0.element.file == file }
                .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
                .map(\.element)
        }
    }
}
