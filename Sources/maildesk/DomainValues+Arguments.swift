import ArgumentParser
import Config
import Store

// Options that take a domain value (a thread field, an outbox state) list the values in --help and refuse others
// with the list.
extension ThreadKind: ExpressibleByArgument {}
extension FeedbackType: ExpressibleByArgument {}
extension ThreadPriority: ExpressibleByArgument {}
extension ThreadStatus: ExpressibleByArgument {}
extension OutboxState: ExpressibleByArgument {}
