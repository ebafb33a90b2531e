/// Figures of a report as the store counts them: each section's query returns one of these.

/// A count under a key (a kind, a category, a rating); `key` nil where the column is unset (not classified yet).
public struct CountRow: Codable, Sendable, Equatable {
    public var key: String?
    public var count: Int

    public init(key: String?, count: Int) {
        self.key = key
        self.count = count
    }

    /// Every key is written, an absent one as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(count, forKey: .count)
    }
}

/// Threads and messages of one week of the period.
public struct WeekVolume: Codable, Sendable, Equatable {
    public var week: String
    public var start: String
    public var end: String
    /// Threads opened (need and feedback; robots' threads are left out).
    public var newThreads: Int
    /// Mail from customers (not robots' mail, not agents').
    public var customerMessages: Int
    /// Answers agents sent.
    public var answers: Int

    public init(week: String, start: String, end: String, newThreads: Int, customerMessages: Int, answers: Int) {
        self.week = week
        self.start = start
        self.end = end
        self.newThreads = newThreads
        self.customerMessages = customerMessages
        self.answers = answers
    }
}

/// How many threads the period opened, by each of their labels, and week by week.
public struct VolumeFigures: Codable, Sendable, Equatable {
    /// Need and feedback threads opened in the period.
    public var threads: Int
    /// Every kind, robots' (`bulk`, `system`) included.
    public var byKind: [CountRow]
    public var byCategory: [CountRow]
    public var byPriority: [CountRow]
    public var byLanguage: [CountRow]
    public var byMailbox: [CountRow]
    public var weeks: [WeekVolume]
}

/// The distribution of one duration over a group of threads, in the report's hours (`ElapsedTime`).
public struct DurationRow: Codable, Sendable, Equatable {
    /// `first_response`, `resolution` or `age` (of a waiting thread).
    public var measure: String
    /// `all`, `owner`, `team` or `category`.
    public var dimension: String
    /// The owner's address, team or category; nil for `all` and for threads without one.
    public var key: String?
    public var count: Int
    /// Median and 90th percentile by linear interpolation between the closest ranks (numpy's default,
    /// Excel's PERCENTILE.INC): the median of 1, 2, 3, 4 hours is 2.5.
    public var medianHours: Double
    public var p90Hours: Double
    public var meanHours: Double
    public var maxHours: Double

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(measure, forKey: .measure)
        try c.encode(dimension, forKey: .dimension)
        try c.encode(key, forKey: .key)
        try c.encode(count, forKey: .count)
        try c.encode(medianHours, forKey: .medianHours)
        try c.encode(p90Hours, forKey: .p90Hours)
        try c.encode(meanHours, forKey: .meanHours)
        try c.encode(maxHours, forKey: .maxHours)
    }
}

/// Threads whose duration fell in `[fromHours, toHours)`; `toHours` nil for the open-ended last bin.
public struct HistogramBin: Codable, Sendable, Equatable {
    public var measure: String
    public var fromHours: Double
    public var toHours: Double?
    public var count: Int

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(measure, forKey: .measure)
        try c.encode(fromHours, forKey: .fromHours)
        try c.encode(toHours, forKey: .toHours)
        try c.encode(count, forKey: .count)
    }
}

/// First response (threads an agent first answered in the period) and resolution (threads resolved or closed
/// in the period), from each thread's creation.
public struct TimeFigures: Codable, Sendable, Equatable {
    public var durations: [DurationRow]
    public var histogram: [HistogramBin]
}

/// A thread waiting now, as the backlog lists its oldest.
public struct WaitingThread: Codable, Sendable, Equatable {
    public var id: Int64
    public var status: String
    /// Customer-written: escape it wherever it is shown.
    public var subject: String
    public var owner: String?
    public var category: String?
    public var createdAt: String
    public var ageHours: Double
    public var answered: Bool

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(status, forKey: .status)
        try c.encode(subject, forKey: .subject)
        try c.encode(owner, forKey: .owner)
        try c.encode(category, forKey: .category)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(ageHours, forKey: .ageHours)
        try c.encode(answered, forKey: .answered)
    }
}

/// Open and pending threads at the report's `now` (the store keeps the present state, not past ones).
public struct BacklogFigures: Codable, Sendable, Equatable {
    public var at: String
    public var open: Int
    public var pending: Int
    /// Open threads no agent has answered yet.
    public var unanswered: Int
    /// Ages (`measure` `age`) over all waiting threads, per owner and per team.
    public var ages: [DurationRow]
    public var ageHistogram: [HistogramBin]
    /// The longest-waiting threads, oldest first.
    public var oldest: [WaitingThread]
}

/// Feedback threads of one type, this period and the previous one of equal length.
public struct FeedbackTypeRow: Codable, Sendable, Equatable {
    /// `praise`, `complaint`, `suggestion`, or nil (feedback not typed yet).
    public var type: String?
    public var count: Int
    public var previousCount: Int
    /// Threads of the type with a rating the customer wrote ("4/5", "五星").
    public var rated: Int
    public var averageRating: Double?

    public init(type: String?, count: Int, previousCount: Int, rated: Int, averageRating: Double?) {
        self.type = type
        self.count = count
        self.previousCount = previousCount
        self.rated = rated
        self.averageRating = averageRating
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(count, forKey: .count)
        try c.encode(previousCount, forKey: .previousCount)
        try c.encode(rated, forKey: .rated)
        try c.encode(averageRating, forKey: .averageRating)
    }
}

/// Feedback threads opened in the period: their types and the ratings customers wrote in them.
public struct FeedbackFigures: Codable, Sendable, Equatable {
    public var types: [FeedbackTypeRow]
    public var rated: Int
    public var averageRating: Double?
    /// Ratings 1 to 5, each present (count 0 when nobody gave it).
    public var ratings: [CountRow]

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(types, forKey: .types)
        try c.encode(rated, forKey: .rated)
        try c.encode(averageRating, forKey: .averageRating)
        try c.encode(ratings, forKey: .ratings)
    }
}

/// The customer's words that opened a thread: its subject and first message.
public struct OpeningText: Sendable, Equatable {
    public var threadID: Int64
    public var subject: String
    public var text: String
}
