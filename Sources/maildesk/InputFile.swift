import Foundation

/// Reads a message file, or standard input for "-".
enum InputFile {
    struct Unreadable: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot read '\(path)': \(reason)" }
    }

    static func read(_ path: String) throws(Unreadable) -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Unreadable(path: path, reason: "no such file (check the path)")
        }
        if isDirectory.boolValue {
            throw Unreadable(path: path, reason: "it is a directory (give the message files inside it)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Unreadable(path: path, reason: "permission denied or I/O error (check the file's permissions)")
        }
        return Array(data)
    }
}

/// Writes to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("maildesk: " + message + "\n").utf8))
}
