import ArgumentParser

@main
struct Maildesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maildesk",
        abstract: "An email-driven helpdesk gateway.",
        subcommands: [Run.self, Doctor.self, Threads.self, Messages.self, Stats.self, Quarantine.self, Demo.self, Parse.self,
                      Classify.self, Classifier.self, Agents.self, Customers.self, Outbox.self, TemplatesCommand.self, Holidays.self,
                      Campaigns.self, CampaignCommand.self, CareCommand.self, Bench.self]
    )
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The gateway's configuration file.", valueName: "path"))
    var config: String = "config/maildesk.toml"
}

/// sysexits(3) codes, which MTAs and scripts understand.
enum ExitStatus {
    static let dataError = ExitCode(65)      // EX_DATAERR: the input is not what it should be
    static let noInput = ExitCode(66)        // EX_NOINPUT: a file cannot be read
    static let software = ExitCode(70)       // EX_SOFTWARE
    static let cantCreate = ExitCode(73)     // EX_CANTCREAT: the store cannot be created or opened
    static let tempFailure = ExitCode(75)    // EX_TEMPFAIL: try again later
    static let config = ExitCode(78)         // EX_CONFIG: the configuration is invalid
}
