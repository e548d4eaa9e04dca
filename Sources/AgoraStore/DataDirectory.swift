// Where the store keeps its files. Everything lives in one directory so a backup is one copy and
// one `flock` guards it all.

struct DataDirectory: Sendable {
    let path: String

    /// Held with `flock` while a store is open; its content is irrelevant.
    var lockFile: String { path + "/LOCK" }
    /// The latest complete state (header line + state JSON).
    var snapshot: String { path + "/snapshot.json" }
    /// Commands accepted after the snapshot, one checksummed JSON line each.
    var journal: String { path + "/journal.jsonl" }
    /// Written and fsynced before being renamed over `snapshot`; a leftover one is an unfinished write.
    var snapshotTemp: String { path + "/snapshot.json.tmp" }
    /// An empty journal prepared before being renamed over `journal` (truncation by rename).
    var journalTemp: String { path + "/journal.jsonl.tmp" }
    /// Written, synced and removed to learn whether a disk that refused a write takes writes again.
    var probe: String { path + "/probe.tmp" }
}
