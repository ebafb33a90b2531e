import Foundation

/// The file system as the loader sees it: reading text files and listing mailbox definitions.
enum ConfigFiles {
    /// What is at a path.
    enum Entry { case missing, file, folder }

    /// What is at `absolutePath` (symbolic links followed).
    static func entry(at absolutePath: String) -> Entry {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolutePath, isDirectory: &isFolder) else { return .missing }
        return isFolder.boolValue ? .folder : .file
    }

    /// The UTF-8 text of the file at `absolutePath`, or the problem ("not found", …) as a message.
    static func readText(at absolutePath: String) -> Result<String, ConfigProblem> {
        switch entry(at: absolutePath) {
        case .missing: return .failure(ConfigProblem("not found"))
        case .folder: return .failure(ConfigProblem("is a folder, not a file"))
        case .file: break
        }
        guard let data = FileManager.default.contents(atPath: absolutePath) else {
            return .failure(ConfigProblem("cannot be read (check its permissions)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ConfigProblem("is not UTF-8 text (save it as UTF-8)"))
        }
        return .success(text)
    }

    /// The names of the `*.toml` files in the folder at `absolutePath`, sorted; hidden files and folders are skipped.
    static func definitionNames(in absolutePath: String) -> Result<[String], ConfigProblem> {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: absolutePath)
        } catch {
            return .failure(ConfigProblem("cannot be listed (check its permissions)"))
        }
        return .success(names.filter { name in
            name.hasSuffix(".toml") && !name.hasPrefix(".")
                && entry(at: absolutePath + "/" + name) == .file
        }.sorted())
    }
}
