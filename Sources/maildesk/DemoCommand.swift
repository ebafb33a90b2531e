import ArgumentParser
import Config
import Foundation
import MIME

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the embedded demo.", subcommands: [Reset.self, AgentReply.self])

    /// The files `demo agent-reply` drops into a demo Maildir start with this (ignored by git, removed by reset).
    static let agentReplyPrefix = "demo-agent-reply-"

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the store so the demo can run again from scratch.",
            discussion:
                "Removes the SQLite database named by [store] path (and its -wal, -shm and .lock files). The demo Maildir is left as it is (its mailbox keeps its mail: after_import = \"keep\")."
        )
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let cwd = FileManager.default.currentDirectoryPath
            let configuration = try loadConfiguration(global)
            let path = ConfigPaths.absolute(configuration.gateway.store.path, workingDirectory: cwd)
            var removed = 0
            for suffix in ["", "-wal", "-shm", ".lock"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.removeItem(atPath: path + suffix)
                removed += 1
            }
            // The agents' replies the demo wrote into its Maildirs go too: the sample mail stays as cloned.
            for mailbox in configuration.mailboxes {
                guard case .maildir(let folder) = mailbox.source else { continue }
                let new = ConfigPaths.absolute(folder, workingDirectory: cwd) + "/new"
                for name in (try? FileManager.default.contentsOfDirectory(atPath: new)) ?? []
                where name.hasPrefix(Demo.agentReplyPrefix) {
                    try FileManager.default.removeItem(atPath: new + "/" + name)
                    removed += 1
                }
            }
            let kept = configuration.mailboxes.filter { $0.afterImport != .keep }.map(\.name)
            print(
                removed > 0
                    ? "removed \(configuration.gateway.store.path)"
                    : "nothing to remove: \(configuration.gateway.store.path) does not exist")
            if !kept.isEmpty {
                print(
                    "note: mailboxes \(kept.joined(separator: ", ")) mark imported mail as seen; their messages will not be fetched again"
                )
            }
        }
    }
}

extension Demo {
    /// `demo agent-reply THREAD --text T`: plays the agent. Writes into the demo Maildir the reply an agent's mail
    /// client would send to the thread's notification (To its Reply-To, the notification quoted below the text),
    /// so that the next `maildesk run --once` relays it to the customer, as it would a real agent's mail.
    struct AgentReply: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agent-reply",
            abstract: "Write an agent's reply to a thread's notification into the demo Maildir (then run --once).",
            discussion: """
                The reply comes From the agent the notification went to, To the notification's Reply-To (the \
                agent-reply address, signed for this thread and this agent), with the notification quoted below \
                the text, as mail clients write it. Commands may open the text: "#priority high\\n#close", \
                "#note\\n…". The file is named \(Demo.agentReplyPrefix)…; `demo reset` removes it.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The thread id (as `threads list` shows it).") var thread: Int64
        @Option(help: "The agent's text (\\n starts a new line).") var text: String
        @Option(help: "Write as this address instead of the notified agent (to see a refusal).") var from: String?

        func run() throws {
            let gateway = try Gateway.open(global)
            let notifications = try gateway.store.outbox(state: nil, limit: 0)
                .filter {
                    $0.threadId == thread && $0.kind == "notification" && $0.template?.hasSuffix("agent_notice") != true
                }
            guard let entry = notifications.max(by: { $0.id < $1.id }),
                let bytes = try gateway.store.outboxMessage(entry.id)?.bytes,
                let notification = try? MessageParser.parse(bytes),
                let replyTo = notification.replyTo.first?.address
            else {
                printError(
                    "thread \(thread) has no agent notification (see `maildesk outbox list`; is notify_agents on?)")
                throw ExitStatus.dataError
            }
            guard
                let mailbox = gateway.configuration.mailboxes.first(where: {
                    if case .maildir = $0.source { return true } else { return false }
                }), case .maildir(let folder) = mailbox.source
            else {
                printError(
                    "no Maildir mailbox is configured: `demo agent-reply` writes into one (see mailboxes/demo.toml)")
                throw ExitStatus.config
            }
            let agent = from ?? notification.to.first?.address ?? ""
            let name = gateway.configuration.routing.agents.first { $0.address == agent.lowercased() }?.name
            let body = text.replacingOccurrences(of: "\\n", with: "\n")
            let quoted = notification.text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "> " + $0 }.joined(separator: "\n")
            let date = Date()
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss +0000"
            let unique = "\(Int(date.timeIntervalSince1970))-\(UInt32.random(in: 0...UInt32.max))"
            // (UTF-8 in the header, as clients that speak SMTPUTF8 write it)
            let from = name.map { "\"\($0.filter { $0 != "\"" && $0 != "\\" && !$0.isNewline })\" <\(agent)>" } ?? agent
            let subject = (notification.subject ?? "").filter { !$0.isNewline }
            let header =
                [
                    "From: \(from)", "To: \(replyTo)", "Subject: Re: \(subject)",
                    "Date: \(formatter.string(from: date))", "Message-ID: <demo-reply-\(unique)@agent.example>"
                ] + (notification.messageID.map { ["In-Reply-To: <\($0)>"] } ?? []) + [
                    "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"
                ]
            let raw =
                (header + [
                    "", body, "",
                    "On \(formatter.string(from: notification.date ?? date)), \(gateway.configuration.outboundFrom) wrote:",
                    quoted, ""
                ]).joined(separator: "\r\n")
            let directory = ConfigPaths.absolute(folder, workingDirectory: gateway.workingDirectory)
            let file = "\(directory)/new/\(Demo.agentReplyPrefix)\(thread)-\(unique)"
            let temporary = "\(directory)/tmp/\(Demo.agentReplyPrefix)\(thread)-\(unique)"
            try? FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: Data(raw.utf8)) else {
                printError("cannot write \(temporary) (check the folder's permissions)")
                throw ExitStatus.cantCreate
            }
            try FileManager.default.moveItem(atPath: temporary, toPath: file)
            let shown =
                file.hasPrefix(gateway.workingDirectory + "/")
                ? String(file.dropFirst(gateway.workingDirectory.count + 1)) : file
            print("wrote \(shown): from \(agent) to \(replyTo)")
            print("next: maildesk run --once   (relays it to the customer; see maildesk threads show \(thread))")
        }
    }
}
