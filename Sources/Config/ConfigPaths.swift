import Foundation

/// Path helpers: config paths are relative to the process's working directory, never to the config file's folder.
public enum ConfigPaths {
    /// The process's current working directory.
    public static var currentDirectory: String { FileManager.default.currentDirectoryPath }

    /// `path` made absolute against `workingDirectory`, with `.`/`..` segments and repeated slashes removed.
    public static func absolute(_ path: String, workingDirectory: String) -> String {
        let joined = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `name` inside `directory`, as a user would write it (`mailboxes` + `a.toml` → `mailboxes/a.toml`).
    public static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty || directory == "." { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// `directory` with one trailing slash, for messages (`mailboxes` → `mailboxes/`).
    static func folderDisplay(_ directory: String) -> String {
        directory.hasSuffix("/") ? directory : directory + "/"
    }
}
