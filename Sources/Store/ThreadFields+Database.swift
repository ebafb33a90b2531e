import GRDB
@_exported import ThreadFields

// Thread fields are stored as their names (TEXT columns), so rows read and write them as the enums themselves.
extension ThreadKind: DatabaseValueConvertible {}
extension RobotThreadKind: DatabaseValueConvertible {}
extension FeedbackType: DatabaseValueConvertible {}
extension ThreadPriority: DatabaseValueConvertible {}
extension ThreadStatus: DatabaseValueConvertible {}
