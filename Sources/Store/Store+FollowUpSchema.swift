import Foundation
import GRDB

extension Store {
    /// Migration 009: follow-up. Status history, SLA timers, reminders and escalations, satisfaction surveys.
    ///
    /// The tables are what `maildesk report` aggregates: one row per SLA target (`sla_timer`), one per follow-up mail
    /// decided (`followup_action`), one per survey (`csat`), one per status change (`thread_status_change`).
    static func createFollowUpSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Every change of a thread's status, written by a trigger whatever changed it (the customer's reply, an
                -- agent's #close, the command line, auto-close). `at` is the thread's updated_at of the same statement:
                -- every write that changes the status sets updated_at with it.
                CREATE TABLE thread_status_change (
                    id INTEGER PRIMARY KEY,
                    thread_id INTEGER NOT NULL REFERENCES thread(id),
                    old_status TEXT,
                    new_status TEXT NOT NULL,
                    at TEXT NOT NULL
                ) STRICT;
                CREATE INDEX thread_status_change_thread ON thread_status_change(thread_id, id);
                CREATE INDEX thread_status_change_status ON thread_status_change(new_status, at);
                CREATE TRIGGER thread_status_log AFTER UPDATE OF status ON thread WHEN OLD.status IS NOT NEW.status
                BEGIN
                    INSERT INTO thread_status_change (thread_id, old_status, new_status, at)
                    VALUES (NEW.id, OLD.status, NEW.status, NEW.updated_at);
                END;
                -- Threads from before: their present status, as of their last update.
                INSERT INTO thread_status_change (thread_id, old_status, new_status, at)
                    SELECT id, NULL, status, updated_at FROM thread WHERE status != 'open';

                -- The SLA policy that applies to the thread (its timers name it too).
                ALTER TABLE thread ADD COLUMN sla_policy TEXT;

                -- Threads whose timers must be computed again: any change of what they depend on marks them.
                CREATE TABLE followup_dirty (thread_id INTEGER PRIMARY KEY NOT NULL) STRICT;
                CREATE TRIGGER followup_dirty_new AFTER INSERT ON thread
                BEGIN INSERT OR IGNORE INTO followup_dirty (thread_id) VALUES (NEW.id); END;
                CREATE TRIGGER followup_dirty_changed AFTER UPDATE OF status, priority, category, updated_at, customer_id ON thread
                BEGIN INSERT OR IGNORE INTO followup_dirty (thread_id) VALUES (NEW.id); END;
                INSERT INTO followup_dirty (thread_id) SELECT id FROM thread WHERE status IN ('open', 'pending');

                -- One row per SLA target of a thread (first response, each next response, each resolution), computed
                -- from the thread's history by the follow-up stage. A stopped timer is history and never recomputed.
                --   state: running (due_at: when it breaches; remind_at: when the owner is reminded), paused (the thread
                --   waits on the customer), met, breached (stopped after its due time), cancelled (settled before
                --   its event, in time). business_seconds: business time used (so far, or in all once stopped).
                --   breached_at: when the target was passed, when known (stopped late, or paused after the due time);
                --   a running timer is breached when due_at <= now.
                CREATE TABLE sla_timer (
                    id INTEGER PRIMARY KEY,
                    thread_id INTEGER NOT NULL REFERENCES thread(id),
                    metric TEXT NOT NULL CHECK (metric IN ('first_response', 'next_response', 'resolution')),
                    cycle INTEGER NOT NULL CHECK (cycle >= 1),
                    policy TEXT NOT NULL,
                    calendar TEXT NOT NULL,
                    target_minutes INTEGER NOT NULL CHECK (target_minutes > 0),
                    state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'met', 'breached', 'cancelled')),
                    started_at TEXT NOT NULL,
                    due_at TEXT,
                    remind_at TEXT,
                    paused_at TEXT,
                    stopped_at TEXT,
                    breached_at TEXT,
                    business_seconds INTEGER NOT NULL DEFAULT 0,
                    updated_at TEXT NOT NULL,
                    UNIQUE (thread_id, metric, cycle)
                ) STRICT;
                CREATE INDEX sla_timer_due ON sla_timer(state, due_at);
                CREATE INDEX sla_timer_remind ON sla_timer(state, remind_at);
                CREATE INDEX sla_timer_metric ON sla_timer(metric, started_at);
                CREATE INDEX sla_timer_stopped ON sla_timer(metric, stopped_at);

                -- Each follow-up mail decided, once (UNIQUE thread, kind, key): written in the transaction of its outbox
                -- row, so a restart or a second process never sends it twice.
                --   kind: sla_reminder / sla_escalation (key: metric:cycle of the timer), pending_reminder / auto_close
                --   (key: when the wait began), csat_alert (key: survey:<csat id>).
                --   state: queued (outbox_id set), done (acted without mail: closed silently), skipped (reason).
                CREATE TABLE followup_action (
                    id INTEGER PRIMARY KEY,
                    thread_id INTEGER NOT NULL REFERENCES thread(id),
                    kind TEXT NOT NULL CHECK (kind IN ('sla_reminder', 'sla_escalation', 'pending_reminder', 'auto_close', 'csat_alert')),
                    key TEXT NOT NULL,
                    timer_id INTEGER REFERENCES sla_timer(id),
                    state TEXT NOT NULL CHECK (state IN ('queued', 'done', 'skipped')),
                    recipient TEXT,
                    outbox_id INTEGER REFERENCES outbox(id),
                    reason TEXT,
                    at TEXT NOT NULL,
                    UNIQUE (thread_id, kind, key)
                ) STRICT;
                CREATE INDEX followup_action_kind ON followup_action(kind, at);

                -- One satisfaction survey per thread, decided when it is resolved: sent (outbox_id, the survey's
                -- Message-ID) or skipped (reason). The answer fills score (1-5), comment, answered_at; a low score's
                -- consequence is low_action. agent, category, priority, language are the thread's at resolution.
                CREATE TABLE csat (
                    id INTEGER PRIMARY KEY,
                    thread_id INTEGER NOT NULL UNIQUE REFERENCES thread(id),
                    customer_id INTEGER REFERENCES customer(id),
                    agent TEXT,
                    category TEXT,
                    priority TEXT,
                    language TEXT,
                    state TEXT NOT NULL CHECK (state IN ('sent', 'skipped')),
                    reason TEXT,
                    template TEXT,
                    outbox_id INTEGER REFERENCES outbox(id),
                    survey_message_id TEXT,
                    resolved_at TEXT,
                    created_at TEXT NOT NULL,
                    score INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 5),
                    comment TEXT,
                    answer_message_id INTEGER REFERENCES message(id),
                    answered_at TEXT,
                    low_action TEXT CHECK (low_action IS NULL OR low_action IN ('reopened', 'notified'))
                ) STRICT;
                CREATE INDEX csat_survey_message ON csat(survey_message_id);
                CREATE INDEX csat_agent ON csat(agent, created_at);
                CREATE INDEX csat_category ON csat(category, created_at);
                CREATE INDEX csat_answered ON csat(answered_at);
                CREATE INDEX csat_answer_message ON csat(answer_message_id);
                -- Threads settled before surveys existed never get one.
                INSERT INTO csat (thread_id, customer_id, agent, category, priority, language, state, reason, created_at)
                    SELECT id, customer_id, assignee, category, priority, language, 'skipped',
                        'resolved before satisfaction surveys', updated_at
                    FROM thread WHERE status IN ('resolved', 'closed');

                -- Customers who do not want satisfaction surveys (`customers set ADDRESS survey_opt_out=true`).
                ALTER TABLE customer ADD COLUMN survey_opt_out_at TEXT;
                """)
        // Follow-up mail to customers and satisfaction surveys are purposes of their own.
        try widenCheck(
            db, table: "outbox", from: "purpose IN ('acknowledgement', 'notification', 'reply', 'care')",
            to: "purpose IN ('acknowledgement', 'notification', 'reply', 'care', 'followup', 'survey')")
    }
}
