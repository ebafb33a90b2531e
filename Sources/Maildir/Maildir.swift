import Glibc
import Foundation

/// A Maildir (new/, cur/, tmp/) as a mail source: lists what is waiting, reads it, and marks or moves it
/// after the store has committed it. Never deletes a message.
public struct Maildir: Sendable {
    public let root: URL

    public init(path: String) {
        root = URL(fileURLWithPath: path)
    }

    /// One message file.
    public struct Entry: Sendable, Hashable {
        /// The Maildir unique name: the file name without its `:2,FLAGS` info, stable across flag changes.
        public var uniqueName: String
        public var path: URL
        /// `new` or `cur`.
        public var folder: String
        /// The info flags (`S` seen, `R` replied, ...), empty in new/.
        public var flags: String
    }

    public struct Missing: Error, CustomStringConvertible {
        public var path: String
        public var description: String {
            "Maildir '\(path)' not found or without new/ and cur/ (check the url in the mailbox definition)"
        }
    }

    /// Messages in new/, and in cur/ those without the S (seen) flag, in arrival (file name) order.
    /// cur/ is read on every pass: another mail client may move unread mail there before maildesk sees it.
    public func pending() throws -> [Entry] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root.appendingPathComponent("new").path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else { throw Missing(path: root.path) }
        var entries: [Entry] = []
        for folder in ["new", "cur"] {
            let directory = root.appendingPathComponent(folder)
            guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else { continue }
            for name in names where !name.hasPrefix(".") {
                let (unique, flags) = Self.split(name)
                if folder == "cur" && flags.contains("S") { continue }
                let path = directory.appendingPathComponent(name)
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: path.path, isDirectory: &isDir), !isDir.boolValue else { continue }
                entries.append(
                    Entry(uniqueName: unique, path: path, folder: folder, flags: folder == "new" ? "" : flags))
            }
        }
        return entries.sorted { ($0.uniqueName, $0.folder) < ($1.uniqueName, $1.folder) }
    }

    public func read(_ entry: Entry) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: entry.path))
    }

    /// Moves the message to cur/ with the S flag added (the Maildir convention for "read").
    public func markSeen(_ entry: Entry) throws {
        let flags = String(Set(entry.flags + "S").sorted())
        let target = root.appendingPathComponent("cur").appendingPathComponent("\(entry.uniqueName):2,\(flags)")
        try rename(entry.path, to: target)
    }

    /// Moves the message into the Maildir++ folder `.FOLDER` (created if missing), marked seen.
    public func move(_ entry: Entry, toFolder folder: String) throws {
        let sub = root.appendingPathComponent(".\(folder)")
        for part in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(
                at: sub.appendingPathComponent(part), withIntermediateDirectories: true)
        }
        let flags = String(Set(entry.flags + "S").sorted())
        try rename(
            entry.path, to: sub.appendingPathComponent("cur").appendingPathComponent("\(entry.uniqueName):2,\(flags)"))
    }

    /// rename(2): atomic; a source that is already gone (moved by an earlier run or another process) is fine.
    private func rename(_ from: URL, to: URL) throws {
        if from == to { return }
        if Glibc.rename(from.path, to.path) != 0 {
            let code = errno
            if code == ENOENT && !FileManager.default.fileExists(atPath: from.path) { return }
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }

    /// `1700000000.M1P1.host:2,RS` → ("1700000000.M1P1.host", "RS").
    static func split(_ name: String) -> (String, String) {
        guard let colon = name.lastIndex(of: ":") else { return (name, "") }
        let info = name[name.index(after: colon)...]
        let flags = info.hasPrefix("2,") ? String(info.dropFirst(2)) : ""
        return (String(name[..<colon]), flags)
    }
}
