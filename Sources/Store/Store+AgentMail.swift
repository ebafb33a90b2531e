import FastJSON
import Foundation
import GRDB

/// One change an agent's command makes to a thread (`#close`, `#priority high`, …), already validated.
public enum ThreadCommandEffect: Sendable {
    case correction(ThreadCorrection)
    case queue(String)
    case tag(String)
    /// Closes the thread and marks its customer: their later threads are flagged for review.
    case spam
}

/// The answer relayed to the customer: its finished bytes (stored as the thread's outbound message and put in
/// the outbox) and what `threads show` lists.
public struct RelayedAnswer: Sendable {
    public var draft: OutboxDraft
    /// The bytes' SHA-256 in hex (the stored message's key).
    public var sha256: String
    public var fromAddress: String
    public var fromName: String?
    public var text: String
    public var html: String?

    public init(draft: OutboxDraft, sha256: String, fromAddress: String, fromName: String?, text: String, html: String?)
    {
        self.draft = draft
        self.sha256 = sha256
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.text = text
        self.html = html
    }
}

/// What the pipeline decided for one mail from an agent about a thread; written in one transaction.
public struct AgentMailDecision: Sendable {
    public var messageID: Int64
    public var threadID: Int64
    public var agent: String
    public var effects: [(effect: ThreadCommandEffect, command: String)]
    /// The answer to send, or nil (a note, commands only, or refused).
    public var answer: RelayedAnswer?
    /// The agent's mail is an internal note.
    public var note: Bool
    /// A mail back to the agent (what was not understood), with the reason logged.
    public var notice: OutboxDraft?
    public var refusal: String?

    public init(
        messageID: Int64, threadID: Int64, agent: String,
        effects: [(effect: ThreadCommandEffect, command: String)] = [],
        answer: RelayedAnswer? = nil, note: Bool = false, notice: OutboxDraft? = nil, refusal: String? = nil
    ) {
        self.messageID = messageID
        self.threadID = threadID
        self.agent = agent
        self.effects = effects
        self.answer = answer
        self.note = note
        self.notice = notice
        self.refusal = refusal
    }
}

/// What became of an agent's mail.
public struct AgentMailOutcome: Sendable, Equatable {
    public var relayed: Bool
    public var changes: [String]
    public var outboxIDs: [Int64]
}

extension Store {
    /// Records an agent's mail on its thread in one transaction: the message (author `agent`, done), every
    /// command's change with an event naming the agent, the relayed answer as the thread's outbound message and
    /// its outbox row, the thread's move to `pending` (unless a command set the status) and its first response
    /// time, and any notice to the agent. Nil when the message is no longer `parsed` (another process took it).
    public func recordAgentMail(_ decision: AgentMailDecision, at now: Date) throws -> AgentMailOutcome? {
        let at = Timestamp.string(now)
        return try write { db in
            guard try Self.state(db, decision.messageID) == .parsed else { return nil }
            guard
                try Int64.fetchOne(db, sql: "SELECT id FROM thread WHERE id = ?", arguments: [decision.threadID]) != nil
            else { throw StoreError.notFound("no thread \(decision.threadID)") }
            let actor = "agent \(decision.agent)"
            let relayed = decision.answer != nil
            try db.execute(
                sql: """
                    UPDATE message SET thread_id = ?, state = 'done', author = 'agent', agent = ?, internal = ? WHERE id = ?
                    """, arguments: [decision.threadID, decision.agent, !relayed, decision.messageID])
            try Self.log(
                db, at: at, actor: actor, .message, decision.messageID, "agent mail",
                decision.refusal.map { "thread \(decision.threadID): not relayed: \($0)" }
                    ?? (decision.note
                        ? "thread \(decision.threadID): internal note"
                        : relayed ? "thread \(decision.threadID): answer" : "thread \(decision.threadID): commands"))
            var changes: [String] = []
            var statusSet = false
            for (effect, command) in decision.effects {
                try Self.log(db, at: at, actor: actor, .thread, decision.threadID, "command", command)
                changes += try Self.applyEffect(db, effect, thread: decision.threadID, actor: actor, at: at)
                if case .correction(let c) = effect, c.status != nil { statusSet = true }
                if case .spam = effect { statusSet = true }
            }
            if decision.note {
                try Self.log(
                    db, at: at, actor: actor, .thread, decision.threadID, "note", "message \(decision.messageID)")
            }
            var outboxIDs: [Int64] = []
            if let answer = decision.answer {
                outboxIDs.append(
                    try Self.insertAnswer(db, answer, thread: decision.threadID, agent: decision.agent, at: at))
                if !statusSet {
                    changes += try Self.correctThread(
                        db, decision.threadID, ThreadCorrection(status: .pending),
                        actor: actor, at: at)
                }
                try db.execute(
                    sql: """
                        UPDATE thread SET first_response_at = coalesce(first_response_at, ?), last_agent_reply_at = ?,
                            updated_at = ? WHERE id = ?
                        """, arguments: [at, at, at, decision.threadID])
            }
            if let notice = decision.notice {
                let id = try Self.insertOutbox(db, notice, threadID: decision.threadID, at: at)
                outboxIDs.append(id)
                try Self.log(
                    db, at: at, actor: "agent-reply", .thread, decision.threadID, "notice queued",
                    "outbox \(id) to \(decision.agent): \(decision.refusal ?? "")")
            }
            return AgentMailOutcome(relayed: relayed, changes: changes, outboxIDs: outboxIDs)
        }
    }

    /// Mail from an agent's address that may not speak for the company (no valid token for them): kept, done,
    /// on no thread, with the reason; and the notice to the agent when one is due.
    public func refuseAgentMail(
        messageID: Int64, agent: String, reason: String, notice: OutboxDraft?,
        at now: Date
    ) throws -> Bool {
        let at = Timestamp.string(now)
        return try write { db in
            guard try Self.state(db, messageID) == .parsed else { return false }
            try db.execute(
                sql: "UPDATE message SET state = 'done', author = 'agent', agent = ?, internal = 1 WHERE id = ?",
                arguments: [agent, messageID])
            try Self.log(db, at: at, actor: "agent-reply", .message, messageID, "agent mail refused", reason)
            if let notice {
                let id = try Self.insertOutbox(db, notice, threadID: nil, at: at)
                try Self.log(
                    db, at: at, actor: "agent-reply", .message, messageID, "notice queued", "outbox \(id) to \(agent)")
            }
            return true
        }
    }

    /// Notices (mails saying why nothing was relayed) sent to `agent` since `since`: the rate limit's count.
    public func agentNotices(to agent: String, since: Date) throws -> Int {
        try read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM outbox WHERE to_address = ? AND created_at >= ? AND template LIKE '%/agent_notice'
                    """, arguments: [agent.lowercased(), Timestamp.string(since)]) ?? 0
        }
    }

    /// The customer's latest message on a thread (what an answer replies to) and the thread's facts.
    public func answerContext(thread id: Int64) throws -> AnswerContext? {
        try read { db in
            guard
                let t = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT t.id, t.token, t.subject, t.mailbox, t.language, t.status, t.assignee, t.queue,
                            c.address, c.name
                        FROM thread t LEFT JOIN customer c ON c.id = t.customer_id WHERE t.id = ?
                        """, arguments: [id])
            else { return nil }
            let last = try Row.fetchOne(
                db,
                sql: """
                    SELECT message_id, references_json, subject FROM message
                    WHERE thread_id = ? AND direction = 'in' AND author = 'customer'
                    ORDER BY coalesce(date, received_at) DESC, id DESC LIMIT 1
                    """, arguments: [id])
            return AnswerContext(
                threadID: t["id"], token: t["token"], subject: t["subject"], mailbox: t["mailbox"],
                language: t["language"], status: t["status"], assignee: t["assignee"], queue: t["queue"],
                customerAddress: t["address"], customerName: t["name"],
                lastMessageID: last?["message_id"], lastReferences: Self.jsonStrings(last?["references_json"]))
        }
    }

    private static func insertAnswer(
        _ db: Database, _ answer: RelayedAnswer, thread: Int64, agent: String,
        at: String
    ) throws -> Int64 {
        let bytes = answer.draft.bytes
        let sha = answer.sha256
        try db.execute(
            sql: """
                INSERT INTO raw_message (sha256, size, bytes, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                """, arguments: [sha, bytes.count, Data(bytes), at])
        let mailbox = try String.fetchOne(db, sql: "SELECT mailbox FROM thread WHERE id = ?", arguments: [thread]) ?? ""
        try db.execute(
            sql: """
                INSERT INTO message (sha256, mailbox, direction, state, message_id, subject, from_address, from_name,
                    to_json, text, html, thread_id, received_at, date, author, agent)
                VALUES (?, ?, 'out', 'done', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'agent', ?)
                """,
            arguments: [
                sha, mailbox, answer.draft.messageID, answer.draft.subject, answer.fromAddress,
                answer.fromName, addressesJSON(answer.draft.recipients),
                answer.text, answer.html, thread, at, at, agent
            ])
        let outMessage = db.lastInsertedRowID
        let id = try insertOutbox(db, answer.draft, threadID: thread, at: at)
        try log(
            db, at: at, actor: "agent \(agent)", .thread, thread, "answered",
            "message \(outMessage), outbox \(id) to \(answer.draft.recipients.joined(separator: ", "))")
        return id
    }

    /// `[{"address":"…"}]`, the shape of `to_json`.
    private static func addressesJSON(_ addresses: [String]) -> String {
        JSONText.objects(addresses.map { ["address": $0] })
    }

    private static func applyEffect(
        _ db: Database, _ effect: ThreadCommandEffect, thread: Int64, actor: String,
        at: String
    ) throws -> [String] {
        switch effect {
        case .correction(let correction):
            return try correctThread(db, thread, correction, actor: actor, at: at)
        case .queue(let queue):
            try db.execute(
                sql: """
                    UPDATE thread SET assignee = NULL, queue = ?, reassign = 0, updated_at = ? WHERE id = ?
                    """, arguments: [queue, at, thread])
            try log(db, at: at, actor: actor, .thread, thread, "queued", "\(queue): set by \(actor)")
            return ["queue: \(queue)"]
        case .tag(let tag):
            let old = jsonStrings(
                try String.fetchOne(
                    db, sql: "SELECT tags_json FROM thread WHERE id = ?",
                    arguments: [thread]))
            guard !old.contains(tag) else { return [] }
            try db.execute(
                sql: "UPDATE thread SET tags_json = ?, updated_at = ? WHERE id = ?",
                arguments: [jsonArray(old + [tag]), at, thread])
            return ["tag: +\(tag)"]
        case .spam:
            var changes = try correctThread(db, thread, ThreadCorrection(status: .closed), actor: actor, at: at)
            try db.execute(
                sql: """
                    UPDATE customer SET spam = 1 WHERE id = (SELECT customer_id FROM thread WHERE id = ?)
                    """, arguments: [thread])
            if db.changesCount > 0 {
                let customer = try Int64.fetchOne(
                    db, sql: "SELECT customer_id FROM thread WHERE id = ?", arguments: [thread])
                try log(db, at: at, actor: actor, .customer, customer ?? 0, "marked spam", "thread \(thread)")
                changes.append("customer: spam")
            }
            return changes
        }
    }
}

/// A thread as an agent's answer needs it.
public struct AnswerContext: Sendable {
    public var threadID: Int64
    public var token: String?
    public var subject: String
    public var mailbox: String
    public var language: String?
    public var status: String
    public var assignee: String?
    public var queue: String?
    public var customerAddress: String?
    public var customerName: String?
    /// The Message-ID of the customer's latest message, and its References.
    public var lastMessageID: String?
    public var lastReferences: [String]
}

/// The parts of an agent's mail that an answer relays: its text, HTML and files.
public struct AgentMailContent: Sendable {
    public struct File: Sendable {
        public var filename: String
        public var contentType: String
        public var contentID: String?
        public var inline: Bool
        public var bytes: [UInt8]
    }

    public var text: String
    public var html: String?
    public var files: [File]
}

extension Store {
    /// What an agent wrote in message `id`: text, HTML and files (the blobs read in chunks).
    public func agentMailContent(_ id: Int64) throws -> AgentMailContent? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT text, html FROM message WHERE id = ?", arguments: [id])
            else { return nil }
            let files = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.filename, a.content_type, a.content_id, a.disposition, b.rowid AS blob
                    FROM message_attachment a JOIN attachment_blob b ON b.sha256 = a.sha256
                    WHERE a.message_id = ? ORDER BY a.position
                    """, arguments: [id]
            ).map { file in
                AgentMailContent.File(
                    filename: file["filename"], contentType: file["content_type"],
                    contentID: file["content_id"], inline: file["disposition"] == "inline",
                    bytes: try Self.readBlob(
                        db, table: "attachment_blob", column: "bytes",
                        rowID: file["blob"]))
            }
            return AgentMailContent(text: row["text"] ?? "", html: row["html"], files: files)
        }
    }
}

extension Store {
    /// Whether the message came only from `maildesk threads reply|note` (`submitAgentMail`: a `file` sighting
    /// named `cli-…`; no mailbox writes those), so no receiving server vouched for it and none had to.
    public func submittedOnCommandLine(messageID: Int64) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM ingest_ledger l JOIN message m ON m.sha256 = l.sha256
                        WHERE m.id = ? AND l.source = 'file' AND l.item LIKE 'cli-%')
                        AND NOT EXISTS (SELECT 1 FROM ingest_ledger l JOIN message m ON m.sha256 = l.sha256
                        WHERE m.id = ? AND NOT (l.source = 'file' AND l.item LIKE 'cli-%'))
                    """, arguments: [messageID, messageID]) ?? false
        }
    }

    /// The first `limit` bytes of a message as fetched (its header section, for fields the parse stage does not
    /// keep as columns).
    public func rawStart(messageID: Int64, limit: Int = 65_536) throws -> [UInt8] {
        try read { db in
            let data = try Data.fetchOne(
                db,
                sql: """
                    SELECT substr(r.bytes, 1, ?) FROM message m JOIN raw_message r ON r.sha256 = m.sha256 WHERE m.id = ?
                    """, arguments: [limit, messageID])
            return data.map { [UInt8]($0) } ?? []
        }
    }
}
