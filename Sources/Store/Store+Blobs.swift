import GRDB
import GRDBSQLite

/// Large blobs go through SQLite's incremental blob I/O in chunks: reading one as a column value materialises
/// it in SQLite's memory before it is copied out, and inserting one builds the whole row in memory. Writing
/// in chunks into a `zeroblob` helps only where the blob is the row's last column (`attachment_blob.bytes`);
/// elsewhere SQLite expands the zeroblob in memory anyway.
extension Store {
    /// Blobs from this size on are streamed; smaller ones are bound and read as ordinary values.
    static let streamedBlobBytes = 1 << 20
    private static let blobChunk = 1 << 20

    /// Writes `bytes` into `table.column` of the row `rowID`, which was inserted with `zeroblob(bytes.count)`.
    static func writeBlob(_ db: Database, table: String, column: String, rowID: Int64, _ bytes: [UInt8]) throws {
        var blob: OpaquePointer?
        let opened = sqlite3_blob_open(db.sqliteConnection, "main", table, column, rowID, 1, &blob)
        defer { sqlite3_blob_close(blob) }
        guard opened == SQLITE_OK, let blob else { throw blobError(db, opened, "open \(table).\(column) for writing") }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = min(blobChunk, buffer.count - offset)
                let written = sqlite3_blob_write(blob, buffer.baseAddress! + offset, CInt(n), CInt(offset))
                guard written == SQLITE_OK else { throw blobError(db, written, "write \(table).\(column)") }
                offset += n
            }
        }
    }

    /// The whole blob in `table.column` of the row `rowID`, read in chunks into one array.
    static func readBlob(_ db: Database, table: String, column: String, rowID: Int64) throws -> [UInt8] {
        var blob: OpaquePointer?
        let opened = sqlite3_blob_open(db.sqliteConnection, "main", table, column, rowID, 0, &blob)
        defer { sqlite3_blob_close(blob) }
        guard opened == SQLITE_OK, let blob else { throw blobError(db, opened, "open \(table).\(column)") }
        let count = Int(sqlite3_blob_bytes(blob))
        guard count > 0 else { return [] }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var offset = 0
            while offset < count {
                let n = min(blobChunk, count - offset)
                let read = sqlite3_blob_read(blob, buffer.baseAddress! + offset, CInt(n), CInt(offset))
                guard read == SQLITE_OK else { throw blobError(db, read, "read \(table).\(column)") }
                offset += n
            }
            initialized = count
        }
    }

    private static func blobError(_ db: Database, _ code: CInt, _ what: String) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: "\(what): \(db.lastErrorMessage ?? "error \(code)")")
    }
}
