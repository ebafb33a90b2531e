import Config
import Foundation
import Testing

enum SLAFileCase: ErrorCaseFile { static let prefix = "config/sla.toml:" }

/// config/sla.toml: the shipped file loads, and each mistake is named at its line with the fix.
@Suite struct ServiceLevelsTests {
    static let hours = "[[business_hours]]\nname = \"sh\"\ntimezone = \"Asia/Shanghai\"\n"
    static let policy = "[[policy]]\nname = \"p\"\n"

    static let cases: [ErrorCase<SLAFileCase>] = [
        .init(
            policy + "first_response = \"4 hours\"\n",
            "3: 'first_response' must be business time such as \"4h\", \"30m\" or \"1h30m\", got \"4 hours\""),
        .init(
            policy + "resolution = \"3d\"\n",
            "3: 'resolution' must be business time such as \"4h\", \"30m\" or \"1h30m\", got \"3d\" — targets count business hours, not days: write \"27h\" for three 9-hour business days"
        ),
        .init(
            policy + "first_respons = \"4h\"\n",
            "1: policy 'p' has no target — add first_response, next_response or resolution, e.g. first_response = \"4h\"",
            "3: unknown key 'first_respons' in [[policy]] #1 — did you mean 'first_response'?"),
        .init(
            policy + "priority = [\"critical\"]\nresolution = \"8h\"\n",
            "3: unknown priority 'critical' (urgent, high, normal or low)"),
        .init(
            policy + "category = [\"tech\"]\nresolution = \"8h\"\n",
            "3: unknown category 'tech' (the categories are sales, technical, after_sales, billing, other; more can be added in [classification] categories) — did you mean 'technical'?"
        ),
        .init(
            policy + "mailbox = [\"suport\"]\nresolution = \"8h\"\n",
            "3: unknown mailbox 'suport' (the mailboxes are support) — did you mean 'support'?"),
        .init(
            hours + policy + "business_hours = \"shanghai\"\nresolution = \"8h\"\n",
            "6: unknown business hours 'shanghai' (defined: sh)"),
        .init(
            hours + "holidays = [\"spring_festivl+6\"]\n",
            "4: unknown holiday 'spring_festivl' — did you mean 'spring_festival'? (a holiday id from `maildesk holidays --year Y`, optionally +N days after it, or a date YYYY-MM-DD)"
        ),
        .init(
            hours + "holidays = [\"2027-10-07..2027-10-01\"]\n",
            "4: '2027-10-07..2027-10-01': the range must run forward and span at most a year"),
        .init(
            hours + "hours = [\"9:00-18:00\"]\n",
            "4: '9:00-18:00' is not a span of the day HH:MM-HH:MM, e.g. \"09:00-18:00\" (24:00 ends at midnight)"),
        .init(
            hours + "hours = [\"09:00-13:00\", \"12:00-18:00\"]\n",
            "4: '12:00-18:00' overlaps 09:00-13:00 — list each span of the day once"),
        .init(
            hours + "days = [\"mon\", \"fry\"]\n", "4: unknown day 'fry' — write mon, tue, wed, thu, fri, sat or sun"),
        .init(
            "[[business_hours]]\nname = \"sh\"\ntimezone = \"GMT+8\"\n",
            "3: unknown time zone 'GMT+8': write an IANA zone such as Asia/Shanghai, Europe/Berlin or America/New_York"),
        .init(hours + "teams = [\"Tech\"]\n", "4: unknown team 'Tech' (no [[team]] in the agents file)"),
        .init(
            "[escalation]\nescalate_to = \"boss\"\n",
            "2: 'escalate_to' must be \"supervisor\" (the owner's supervisor in agents.toml, else the team queue) or \"queue\" (the team queue)"
        ),
        .init("[escalation]\nremind_at_percent = 120\n", "2: 'remind_at_percent' must be between 0 and 99, got 120"),
        .init(
            "[csat]\non_low_score = \"reopne\"\n",
            "2: 'on_low_score' must be \"reopen\" (the thread opens again) or \"notify\" (the supervisor is told) — did you mean 'reopen'?"
        ),
        .init(
            "[pending]\nremind_after = 3\n",
            "2: unknown key 'remind_after' in [pending] — did you mean 'remind_after_days'?"),
        .init(
            "[[policies]]\nname = \"x\"\n",
            "1: unknown table [[policies]] — did you mean [[policy]]? (this file holds [[business_hours]] and [[policy]] tables and [escalation], [pending], [csat])"
        ),
        .init(
            "remind_at_percent = 80\n",
            "1: unknown key 'remind_at_percent' — this file has no top-level keys: put settings under [escalation], [pending] or [csat]"
        )
    ]

    @Test(arguments: cases)
    func slaFile(_ c: ErrorCase<SLAFileCase>) {
        let sandbox = Sandbox.make()
        sandbox.write("config/sla.toml", c.toml)
        #expect(sandbox.errorLines() == c.expected)
    }

    @Test func theShippedFileLoadsWithItsPoliciesHoursAndHolidays() throws {
        let sandbox = Sandbox.make()
        sandbox.write(
            "config/sla.toml", try String(contentsOfFile: repositoryRoot + "/config/sla.toml", encoding: .utf8))
        sandbox.write(
            "config/agents.toml", try String(contentsOfFile: repositoryRoot + "/config/agents.toml", encoding: .utf8))
        let levels = try #require(try sandbox.load().serviceLevels)
        #expect(levels.policies.map(\.name) == ["urgent", "vip", "high", "normal"])
        #expect(levels.policies[0].firstResponse == 60)
        #expect(levels.policies[3].resolution == 40 * 60)
        #expect(levels.calendars.first?.timezone == "Asia/Shanghai")
        #expect(
            levels.calendars.first?.hours == [ClockInterval(start: 540, end: 720), ClockInterval(start: 780, end: 1080)]
        )
        #expect(levels.calendars.first?.holidays.contains(.occasion(id: "spring_festival", extraDays: 6)) == true)
        #expect(levels.escalation == EscalationSettings())
        #expect(levels.pending == PendingSettings())
        #expect(levels.csat == SurveySettings())
        // First match wins; a VIP's normal thread gets the vip policy.
        #expect(
            levels.policy(priority: "normal", category: "billing", customerTags: ["vip"], mailbox: "support")?.name
                == "vip")
        #expect(levels.policy(priority: "low", category: nil, customerTags: [], mailbox: "support")?.name == "normal")
    }

    @Test func withoutTheDefaultFileThereIsNoFollowUpAndAMissingNamedFileIsAnError() throws {
        #expect(try Sandbox.make().load().serviceLevels == nil)
        let named = Sandbox.make(config: "[followup]\nsla = \"config/levels.toml\"\n")
        #expect(named.errorLines().first?.hasPrefix("config/maildesk.toml:2: config/levels.toml: not found") == true)
        let off = Sandbox.make(config: "[followup]\nsla = \"\"\n")
        off.write("config/sla.toml", "[csat]\nenabled = maybe\n")
        #expect(try off.load().serviceLevels == nil)
    }
}
