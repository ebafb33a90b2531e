import FastJSON
import MIME

extension JSONText {
    /// The `to_json`/`cc_json` column of a message: `[{"name":…,"address":…}]`.
    static func addresses(_ values: [Address]) -> String {
        objects(values.map { ["name": $0.name, "address": $0.address] })
    }
}
