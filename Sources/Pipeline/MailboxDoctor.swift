import Config
import Curl
import Foundation
import IMAP
import Maildir

/// Checks that every configured mailbox can be read, and says how to fix the ones that cannot.
public struct MailboxDoctor {
    public struct Check: Sendable, Codable {
        public var mailbox: String
        public var ok: Bool
        public var line: String
    }

    let configuration: Configuration
    let workingDirectory: String
    let environment: [String: String]

    public init(
        configuration: Configuration, workingDirectory: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.configuration = configuration
        self.workingDirectory = workingDirectory
        self.environment = environment
    }

    public func run() -> [Check] {
        configuration.mailboxes.map(check)
    }

    func check(_ mailbox: MailboxDefinition) -> Check {
        switch mailbox.source {
        case .maildir(let path):
            let maildir = Maildir(path: ConfigPaths.absolute(path, workingDirectory: workingDirectory))
            do {
                let pending = try maildir.pending()
                return Check(
                    mailbox: mailbox.name, ok: true,
                    line: "mailbox \(mailbox.name): ok — Maildir \(path), \(pending.count) message(s) waiting")
            } catch {
                return Check(mailbox: mailbox.name, ok: false, line: "mailbox \(mailbox.name): \(error)")
            }
        case .pipe:
            return Check(
                mailbox: mailbox.name, ok: true,
                line: "mailbox \(mailbox.name): ok — delivered by an MTA through `maildesk deliver`")
        case .imap(let settings):
            guard let password = configuration.password(for: settings, environment: environment) else {
                return Check(
                    mailbox: mailbox.name, ok: false,
                    line:
                        "mailbox \(mailbox.name): environment variable \(settings.passwordEnv) is not set (export it with the password of \(settings.user))"
                )
            }
            let account = IMAPAccount(
                implicitTLS: settings.tls, host: settings.host, port: settings.port,
                mailbox: settings.mailbox, user: settings.user, password: password,
                caFile: settings.tlsCAFile, verifyTLS: settings.tlsVerify,
                startTLS: settings.startTLS,
                connectTimeout: settings.connectTimeout, timeout: settings.timeout)
            do {
                let session = try IMAPSession(account)
                let status = try session.status()
                var line =
                    "mailbox \(mailbox.name): ok — \(settings.displayURL) as \(settings.user): \(status.messages) message(s), \(status.unseen) unseen, UIDVALIDITY \(status.uidValidity)"
                if !settings.tlsVerify { line += " (warning: tls_verify = false)" }
                if !settings.tls && settings.startTLS != .required { line += " (warning: STARTTLS not required)" }
                return Check(mailbox: mailbox.name, ok: true, line: line)
            } catch {
                return Check(
                    mailbox: mailbox.name, ok: false,
                    line: Pipeline.describe(error, mailbox: mailbox, settings: settings))
            }
        }
    }
}
