import ArgumentParser
import Config
import Foundation
import Glibc
import Pipeline
import Store

/// `maildesk deliver`: the MTA side door. Stores one message from standard input the way the pollers store
/// theirs (raw bytes and ledger row in one transaction), and answers in sysexits so the MTA knows whether to
/// retry. The stages after storing run on the next `maildesk run` pass: a delivery then costs one transaction,
/// not a pipeline (templates, model) per message, and never competes with the daemon for the store.
struct Deliver: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Store one message piped in by an MTA (Postfix pipe, Exim, procmail) on standard input.",
        discussion: """
            Exit status: 0 once the message is committed, and 0 again when the MTA retries the same bytes (nothing \
            is stored twice); 75 when the store is unavailable or locked longer than --lock-timeout (the MTA \
            retries later); 65 when standard input is empty; 78 for a configuration error or an unknown mailbox. \
            Input that is not mail is stored in quarantine and exits 0. Input longer than 4 × [parser] \
            max_message_bytes cannot be kept whole: its first part is stored in quarantine for the operator and the \
            exit status is 65, so the MTA returns the message to its sender instead of counting it delivered. The \
            message is parsed, threaded and answered by the next `maildesk run` pass.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var mailbox: MailboxOption

    @Option(
        help: ArgumentHelp(
            "The envelope recipient (Postfix ${original_recipient}), recorded as a Delivered-To field.",
            valueName: "address"))
    var recipient: String?

    @Option(
        help: ArgumentHelp(
            "Seconds to wait for another maildesk process's write before exiting 75.", valueName: "seconds"))
    var lockTimeout: Double = 30

    func validate() throws {
        if let recipient {
            // It becomes a header line: no line breaks or other control characters, within a line's length.
            if recipient.isEmpty || recipient.utf8.count > 900
                || recipient.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
            {
                throw ValidationError("--recipient must be one address of at most 900 bytes without control characters")
            }
        }
        if !(lockTimeout > 0 && lockTimeout <= 3600) {
            throw ValidationError(
                "--lock-timeout must be between 0 and 3600 seconds (the MTA itself times out a delivery)")
        }
    }

    func run() throws {
        let configuration = try loadConfiguration(global)
        let mailbox = try self.mailbox.definition(in: configuration, config: global.config)
        let delivery: Delivery
        do {
            delivery = try Delivery.read(
                STDIN_FILENO, limit: Pipeline.fetchLimit(configuration.gateway.parser),
                recipient: recipient)
        } catch {
            printError("cannot read the message on standard input: \(error)")
            throw ExitStatus.tempFailure
        }
        guard delivery.inputBytes > 0 else {
            printError("no message on standard input: nothing stored")
            throw ExitStatus.dataError
        }
        let path = ConfigPaths.absolute(
            configuration.gateway.store.path, workingDirectory: FileManager.default.currentDirectoryPath)
        let recorded: (outcome: FetchOutcome, quarantined: String?)
        do {
            let store = try Store(path: path, busyTimeout: lockTimeout)
            recorded = try delivery.record(
                in: store, mailbox: mailbox.name,
                limits: Pipeline.limits(configuration.gateway.parser), at: Date())
        } catch {
            // Whatever keeps the store from committing (a lock, a full disk, a permission) is worth a retry:
            // the MTA keeps the message meanwhile, where a permanent failure would bounce it.
            if Store.isLocked(error) {
                printError(
                    "the store \(configuration.gateway.store.path) stayed locked by another process for "
                        + "\(lockTimeout) s (--lock-timeout): nothing stored; the MTA will retry")
            } else {
                printError(
                    "cannot store the message in \(configuration.gateway.store.path): \(error); nothing stored, "
                        + "the MTA will retry (check [store] path in \(global.config) and the folder's permissions)")
            }
            throw ExitStatus.tempFailure
        }
        switch recorded.outcome {
        case .stored(let id):
            if let reason = recorded.quarantined {
                print("message \(id) stored in quarantine (\(reason); see `maildesk quarantine list`)")
            } else {
                print("message \(id) stored for mailbox \(mailbox.name)")
            }
        case .duplicate(let id):
            print(
                "message \(id) already stored (the same bytes arrived before): recorded once more for \(mailbox.name)")
        case .alreadyImported:
            print("already delivered to \(mailbox.name): nothing stored twice")
        }
        // Only part of it could be kept: the MTA must not count it delivered, or the rest would be lost. It
        // returns the message to its sender with this line.
        if delivery.isCut {
            printError(
                "the message has \(delivery.inputBytes) bytes, more than maildesk keeps (\(delivery.raw.count): 4 × "
                    + "[parser] max_message_bytes); its first part is in quarantine, the whole message goes back to the sender "
                    + "(raise max_message_bytes in \(global.config) to accept such mail)")
            throw ExitStatus.dataError
        }
    }
}
