import Foundation
import Store

extension ServiceReport {
    /// SLA attainment per target and group, what is overdue now and the longest-overdue threads.
    var serviceLevelSection: ReportSection {
        let names = [
            "all": "All targets", "first_response": "First response", "next_response": "Next response",
            "resolution": "Resolution"
        ]
        let rows = serviceLevels.attainment
        let overall = ReportTable(
            id: "targets", title: nil,
            columns: [column("metric"), column("met"), column("breached"), column("attainment"), column("overdue")],
            rows: rows.filter { $0.dimension == "all" }.map { row in
                [
                    .text(names[row.metric] ?? row.metric), .count(row.met), .count(row.breached),
                    .share(row.attainment),
                    .count(overdueNow(row.metric))
                ]
            }, style: .bars(3), empty: "no SLA target was due or met in the period (config/sla.toml)")
        func groups(_ dimension: String, _ title: String, none: String) -> ReportTable {
            ReportTable(
                id: dimension, title: title,
                columns: [column(dimension), column("met"), column("breached"), column("attainment")],
                rows: rows.filter { $0.metric == "all" && $0.dimension == dimension }.map { row in
                    [.key(row.key, none: none), .count(row.met), .count(row.breached), .share(row.attainment)]
                })
        }
        let overdue = ReportTable(
            id: "overdue", title: "Overdue now",
            columns: [
                column("thread"), column("subject"), column("metric"), column("policy"), column("owner"),
                column("due"), column("overdue")
            ],
            rows: serviceLevels.overdue.map {
                [
                    .text("#\($0.thread)"), .text($0.subject), .text(names[$0.metric] ?? $0.metric), .text($0.policy),
                    .key($0.owner, none: "(unassigned)"), .text($0.dueAt), .hours($0.overdueHours)
                ]
            }, empty: "nothing is overdue")
        return ReportSection(
            id: "sla", title: "Service levels",
            note: "SLA targets decided in the period: met when answered or resolved in time, breached when their due "
                + "time passed (counted once, in the period it passed). Overdue: past due and still running at \(period.now).",
            tables: [
                overall, groups("owner", "By owner", none: "(unassigned)"),
                groups("policy", "By policy", none: "(none)"),
                groups("team", "By team", none: "(no team)"), groups("category", "By category", none: "(unclassified)"),
                overdue
            ])
    }

    /// Satisfaction surveys: response rate, scores, per agent and category, and the low scores.
    var satisfactionSection: ReportSection {
        let s = satisfaction
        let overall = ReportTable(
            id: "csat", title: nil,
            columns: [
                column("surveys"), column("answered_surveys"), column("response_rate"), column("answers"),
                column("average"), column("satisfied"), column("low")
            ],
            rows: [
                [
                    .count(s.overall.surveys), .count(s.overall.answeredSurveys), .share(s.overall.responseRate),
                    .count(s.overall.answers), .rating(s.overall.average), .share(s.overall.satisfied),
                    .count(s.overall.low)
                ]
            ],
            keyed: false)
        let scores = ReportTable(
            id: "scores", title: "Scores", columns: [column("score"), column("answers")],
            rows: s.scores.reversed().map { row in
                [
                    ReportCell(
                        shown: "\(row.key ?? "") " + String(repeating: "★", count: Int(row.key ?? "") ?? 0),
                        value: row.key ?? "", numeric: false, magnitude: 0), .count(row.count)
                ]
            }, style: .bars(1))
        func groups(_ id: String, _ title: String, _ rows: [SatisfactionRow], none: String) -> ReportTable {
            ReportTable(
                id: id, title: title,
                columns: [
                    column(id), column("surveys"), column("response_rate"), column("answers"), column("average"),
                    column("satisfied"), column("low")
                ],
                rows: rows.map {
                    [
                        .key($0.key, none: none), .count($0.surveys), .share($0.responseRate), .count($0.answers),
                        .rating($0.average), .share($0.satisfied), .count($0.low)
                    ]
                }, style: .bars(4))
        }
        let low = ReportTable(
            id: "low", title: "Low scores",
            columns: [
                column("thread"), column("score"), column("agent"), column("category"), column("comment"),
                column("action")
            ],
            rows: s.lowScores.map {
                [
                    .text("#\($0.thread)"), .count($0.score), .key($0.owner, none: "(unassigned)"),
                    .key($0.category, none: "(unclassified)"), .text($0.comment ?? ""), .text($0.action ?? "")
                ]
            }, empty: "no score of 1 or 2")
        var agents = groups("agent", "By agent", s.byOwner, none: "(unassigned)")
        agents.columns[0] = column("agent")
        return ReportSection(
            id: "satisfaction", title: "Customer satisfaction",
            note: "Surveys sent when threads were resolved in the period, and how many customers answered them (by "
                + "\(period.now)); scores of the answers received in the period, per agent who resolved the thread.",
            tables: [
                overall, scores, agents, groups("category", "By category", s.byCategory, none: "(unclassified)"), low
            ])
    }

    private func overdueNow(_ metric: String) -> Int {
        serviceLevels.overdueNow.first { $0.key == metric }?.count ?? 0
    }
}
