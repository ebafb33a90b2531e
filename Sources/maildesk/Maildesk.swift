import ArgumentParser

@main
struct Maildesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maildesk",
        abstract: "An email-driven helpdesk gateway.",
        subcommands: [
            Run.self, Deliver.self, Import.self, Doctor.self, Threads.self, Messages.self, Stats.self, Quarantine.self,
            Demo.self, Parse.self,
            Classify.self, Classifier.self, Agents.self, Customers.self, Outbox.self, TemplatesCommand.self,
            Holidays.self,
            Campaigns.self, CampaignCommand.self, CareCommand.self, FollowUpCommand.self, ReportCommand.self,
            Bench.self,
            Status.self
        ]
    )
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The gateway's configuration file.", valueName: "path"))
    var config: String = "config/maildesk.toml"
}

/// sysexits(3) codes, which MTAs and scripts understand.
enum ExitStatus {
    static let dataError = ExitCode(65)  // EX_DATAERR: the input is not what it should be
    static let noInput = ExitCode(66)  // EX_NOINPUT: a file cannot be read
    static let software = ExitCode(70)  // EX_SOFTWARE
    static let cantCreate = ExitCode(73)  // EX_CANTCREAT: the store cannot be created or opened
    static let tempFailure = ExitCode(75)  // EX_TEMPFAIL: try again later
    static let config = ExitCode(78)  // EX_CONFIG: the configuration is invalid
}

/// Text a customer wrote, made harmless for a terminal: escape sequences (`ESC]0;…BEL` retitles the window,
/// `ESC[2J` clears it) and every other control character but newline and tab become U+FFFD. Human output only;
/// JSON escapes them anyway.
func terminalSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isUnsafeForTerminal) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        out.append(isUnsafeForTerminal(scalar) ? "\u{FFFD}" : scalar)
    }
    return String(out)
}

private func isUnsafeForTerminal(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v == 0x0A || v == 0x09 { return false }
    // C0, DEL, C1 (0x9B is a one-byte CSI), and the bidirectional overrides that reorder what is shown.
    return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
}
