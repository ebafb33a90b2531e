import ArgumentParser
import Config

/// `--mailbox NAME`, for commands that work on one mailbox.
struct MailboxOption: ParsableArguments {
    @Option(
        name: .customLong("mailbox"),
        help: ArgumentHelp("The mailbox (its name in mailboxes/*.toml).", valueName: "name"))
    var name: String

    /// The named mailbox, or the error (every mailbox named, the closest suggested) and exit status 78: a name the
    /// configuration does not know is a configuration problem an MTA must not retry.
    func definition(in configuration: Configuration, config: String) throws -> MailboxDefinition {
        if let mailbox = configuration.mailbox(named: name) { return mailbox }
        let names = configuration.mailboxes.map(\.name)
        var message =
            "unknown mailbox '\(terminalSafe(name))': the mailboxes in \(configuration.gateway.mailboxesDirectory) "
            + "(from \(config)) are \(names.joined(separator: ", "))"
        if let guess = Suggestions.closest(to: name, among: names) { message += " — did you mean '\(guess)'?" }
        printError(message)
        throw ExitStatus.config
    }
}
