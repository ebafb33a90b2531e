import Foundation
import Store

extension ServiceReport {
    /// The report laid out for people, in reading order: every format but JSON writes these.
    public var sections: [ReportSection] {
        [
            summarySection, volumeSection, timesSection, serviceLevelSection, agentsSection, backlogSection,
            satisfactionSection,
            feedbackSection, topicsSection
        ]
    }

    var summarySection: ReportSection {
        let all = { (measure: String) in self.times.durations.first { $0.measure == measure && $0.dimension == "all" } }
        let complaints = feedback.types.first { $0.type == "complaint" }?.count ?? 0
        var rows: [[ReportCell]] = [
            [.text("Threads opened"), .count(volumes.threads)],
            [.text("Customer messages"), .count(volumes.weeks.reduce(0) { $0 + $1.customerMessages })],
            [.text("Median first response"), .hours(all("first_response")?.medianHours)],
            [.text("Median resolution"), .hours(all("resolution")?.medianHours)],
            [.text("Waiting now"), .count(backlog.open + backlog.pending)],
            [.text("Complaints"), .count(complaints)]
        ]
        if let sla = serviceLevels.attainment.first(where: { $0.metric == "all" && $0.dimension == "all" }) {
            rows.append([.text("SLA targets met"), .share(sla.attainment)])
        }
        if let overdue = serviceLevels.overdueNow.first(where: { $0.key == "all" }), overdue.count > 0 {
            rows.append([.text("Overdue now"), .count(overdue.count)])
        }
        if let average = satisfaction.overall.average { rows.append([.text("Satisfaction (of 5)"), .rating(average)]) }
        if let average = feedback.averageRating { rows.append([.text("Average rating (of 5)"), .rating(average)]) }
        return ReportSection(
            id: "summary", title: "Summary", note: nil,
            tables: [
                ReportTable(
                    id: "summary", title: nil, columns: [column("measure"), column("value")], rows: rows, style: .cards)
            ])
    }

    var volumeSection: ReportSection {
        let weekly = ReportTable(
            id: "weekly", title: "Week by week",
            columns: [column("week"), column("new_threads"), column("customer_messages"), column("answers")],
            rows: volumes.weeks.map {
                [.text($0.week), .count($0.newThreads), .count($0.customerMessages), .count($0.answers)]
            },
            style: .columns([1, 2, 3]))
        func counts(_ id: String, _ title: String, _ rows: [CountRow], none: String) -> ReportTable {
            ReportTable(
                id: id, title: title, columns: [column(id), column("threads")],
                rows: rows.map { [.key($0.key, none: none), .count($0.count)] }, style: .bars(1))
        }
        return ReportSection(
            id: "volume", title: "Volume",
            note: "Threads opened in the period (robots' bulk and system threads only under kind); mail per ISO week.",
            tables: [
                weekly, counts("kind", "By kind", volumes.byKind, none: "(none)"),
                counts("category", "By category", volumes.byCategory, none: "(unclassified)"),
                counts("priority", "By priority", volumes.byPriority, none: "(unclassified)"),
                counts("language", "By language", volumes.byLanguage, none: "(unknown)"),
                counts("mailbox", "By mailbox", volumes.byMailbox, none: "(none)")
            ])
    }

    var timesSection: ReportSection {
        let distribution = ReportTable(
            id: "distribution", title: "Distribution",
            columns: [column("time"), column("first_responses"), column("resolutions")],
            rows: ReportSection.binLabels.indices.map { i in
                [.text(ReportSection.binLabels[i]), .count(bin("first_response", i)), .count(bin("resolution", i))]
            }, style: .columns([1, 2]))
        return ReportSection(
            id: "times", title: "Response and resolution times",
            note: "First response: threads an agent first answered in the period. Resolution: threads resolved or "
                + "closed in the period. Both from the thread's opening, in \(period.hours); median and 90th percentile.",
            tables: [
                durationTable("overall", "Overall", dimension: "all", none: "all threads"), distribution,
                durationTable("team", "By team", dimension: "team", none: "(no team)"),
                durationTable("category", "By category", dimension: "category", none: "(unclassified)")
            ])
    }

    var agentsSection: ReportSection {
        var table = durationTable("agents", nil, dimension: "owner", none: "(unassigned)", backlog: true)
        table.columns[0] = column("agent")
        return ReportSection(
            id: "agents", title: "Agents",
            note: "Per owner (the thread's assignee); waiting: open and pending threads they own now.",
            tables: [table])
    }

    var backlogSection: ReportSection {
        let all = backlog.ages.first { $0.dimension == "all" }
        let counts = ReportTable(
            id: "backlog", title: nil,
            columns: [
                column("open"), column("pending"), column("unanswered"), column("median_age"), column("p90_age"),
                column("oldest")
            ],
            rows: [
                [
                    .count(backlog.open), .count(backlog.pending), .count(backlog.unanswered), .hours(all?.medianHours),
                    .hours(all?.p90Hours), .hours(all?.maxHours)
                ]
            ], keyed: false)
        let ages = ReportTable(
            id: "age", title: "Waiting for", columns: [column("waiting"), column("threads")],
            rows: backlog.ageHistogram.enumerated().map { i, bin in
                [.text(ReportSection.binLabels[i]), .count(bin.count)]
            },
            style: .bars(1))
        let oldest = ReportTable(
            id: "oldest", title: "Waiting longest",
            columns: [
                column("thread"), column("status"), column("subject"), column("owner"), column("category"),
                column("waiting"), column("answered")
            ],
            rows: backlog.oldest.map {
                [
                    .text("#\($0.id)"), .text($0.status), .text($0.subject), .key($0.owner, none: "(unassigned)"),
                    .key($0.category, none: "(unclassified)"), .hours($0.ageHours), .text($0.answered ? "yes" : "no")
                ]
            })
        return ReportSection(
            id: "backlog", title: "Waiting now",
            note: "Open and pending threads at \(period.now) (the store keeps the present state only).",
            tables: [counts, ages, oldest])
    }

    var feedbackSection: ReportSection {
        let types = ReportTable(
            id: "types", title: nil,
            columns: [
                column("type"), column("threads"), column("previous_period"), column("rated"), column("average_rating")
            ],
            rows: feedback.types.map {
                [
                    .key($0.type, none: "(untyped)"), .count($0.count), .count($0.previousCount), .count($0.rated),
                    .rating($0.averageRating)
                ]
            }, style: .bars(1))
        let ratings = ReportTable(
            id: "ratings", title: "Ratings customers wrote", columns: [column("rating"), column("threads")],
            rows: feedback.ratings.reversed().map { row in
                let stars = String(repeating: "★", count: Int(row.key ?? "") ?? 0)
                return [ReportCell(shown: stars, value: row.key ?? "", numeric: false, magnitude: 0), .count(row.count)]
            },
            style: .bars(1))
        var note = "Feedback threads opened in the period, the previous period of equal length beside them."
        if let average = feedback.averageRating {
            note += " Average rating \(ReportCell.decimal(average, 2)) of 5 from \(feedback.rated) rated threads."
        }
        return ReportSection(id: "feedback", title: "Feedback", note: note, tables: [types, ratings])
    }

    var topicsSection: ReportSection {
        let topics = complaintTopics
        let table = ReportTable(
            id: "topics", title: nil,
            columns: [
                column("term"), column("complaints"), column("share"), column("previous_period"),
                column("previous_share"), column("trend")
            ],
            rows: topics.terms.map {
                [
                    .text($0.term), .count($0.complaints), .share($0.share), .count($0.previousComplaints),
                    .share($0.previousShare), .text($0.trend)
                ]
            }, style: .bars(1), empty: "no term stands out")
        return ReportSection(
            id: "topics", title: "Complaint topics",
            note:
                "Terms that set this period's complaints apart from all its mail (\(topics.complaintsRead) complaints "
                + "read against \(topics.backgroundRead) threads), and the previous period's \(topics.previousComplaintsRead) complaints.",
            tables: [table])
    }

    /// First response and resolution side by side per key of `dimension` (and, for owners, what waits now).
    private func durationTable(
        _ id: String, _ title: String?, dimension: String, none: String,
        backlog withBacklog: Bool = false
    ) -> ReportTable {
        let rows = times.durations.filter { $0.dimension == dimension }
        let ages = withBacklog ? self.backlog.ages.filter { $0.dimension == dimension } : []
        var keys: [String?] = []
        for row in rows + ages where !keys.contains(where: { $0 == row.key }) { keys.append(row.key) }
        func find(_ list: [DurationRow], _ measure: String, _ key: String?) -> DurationRow? {
            list.first { $0.measure == measure && $0.key == key }
        }
        func answered(_ key: String?) -> Int { find(rows, "first_response", key)?.count ?? 0 }
        keys.sort { (answered($0), $1 ?? "") > (answered($1), $0 ?? "") }
        var columns = [
            column(dimension), column("answered"), column("first_response_median"), column("first_response_p90"),
            column("resolved"), column("resolution_median"), column("resolution_p90")
        ]
        if withBacklog { columns += [column("waiting"), column("oldest_waiting")] }
        return ReportTable(
            id: id, title: title, columns: columns,
            rows: keys.map { key in
                let first = find(rows, "first_response", key), resolved = find(rows, "resolution", key)
                var cells: [ReportCell] = [
                    .key(key, none: none), .count(first?.count ?? 0), .hours(first?.medianHours),
                    .hours(first?.p90Hours), .count(resolved?.count ?? 0), .hours(resolved?.medianHours),
                    .hours(resolved?.p90Hours)
                ]
                if withBacklog {
                    let age = find(ages, "age", key)
                    cells += [.count(age?.count ?? 0), .hours(age?.maxHours)]
                }
                return cells
            })
    }

    private func bin(_ measure: String, _ index: Int) -> Int {
        times.histogram.filter { $0.measure == measure }.dropFirst(index).first?.count ?? 0
    }

    func column(_ id: String) -> ReportColumn { ReportColumn(id: id, title: ReportSection.titles[id] ?? id) }
}

extension ReportSection {
    /// The histogram bins' names, in `HistogramBin` order.
    static let binLabels = ["< 1 h", "1–4 h", "4–8 h", "8–24 h", "1–3 d", "3–7 d", "≥ 7 d"]

    static let titles = [
        "measure": "Measure", "value": "Value", "week": "Week", "new_threads": "New threads",
        "customer_messages": "Customer messages", "answers": "Answers", "kind": "Kind", "category": "Category",
        "priority": "Priority", "language": "Language", "mailbox": "Mailbox", "threads": "Threads", "time": "Time",
        "first_responses": "First responses", "resolutions": "Resolutions", "all": "Threads", "team": "Team",
        "owner": "Owner", "agent": "Agent", "answered": "Answered", "first_response_median": "First response median",
        "first_response_p90": "First response p90", "resolved": "Resolved", "resolution_median": "Resolution median",
        "resolution_p90": "Resolution p90", "waiting": "Waiting", "oldest_waiting": "Oldest waiting", "open": "Open",
        "pending": "Pending", "unanswered": "Unanswered", "median_age": "Median age", "p90_age": "p90 age",
        "oldest": "Oldest", "thread": "Thread", "status": "Status", "subject": "Subject", "type": "Type",
        "previous_period": "Previous period", "rated": "Rated", "average_rating": "Average rating", "rating": "Rating",
        "term": "Term", "complaints": "Complaints", "share": "Share", "previous_share": "Previous share",
        "trend": "Trend",
        "metric": "Target", "policy": "Policy", "met": "Met", "breached": "Breached", "attainment": "Met in time",
        "due": "Due", "overdue": "Overdue", "surveys": "Surveys sent", "answered_surveys": "Answered",
        "response_rate": "Response rate", "average": "Average (of 5)", "satisfied": "Satisfied (4–5)",
        "low": "Low (1–2)", "score": "Score", "comment": "Comment", "action": "Then"
    ]
}
