import AgoraDomain
import HTTPServer
import Synchronization

/// Serialized public responses, kept per state sequence so that a repeated read costs a lookup instead of a render
/// and an encoding. Everything is dropped when the store's sequence moves on (any write may change any
/// representation); an entry also expires at the next instant an event starts or ends, because "upcoming",
/// "ongoing" and "past" follow the clock, not the store. Bounded: when full it is emptied and refills from use.
///
/// `Last-Modified` (RFC 9110 §8.8.2) comes from here too: for each resource key, the time this process first
/// served the current entity tag. The domain stores no modification times, and the sequence alone would move
/// for unrelated writes; so the date moves exactly when the bytes do. After a restart it is the restart time —
/// later than the true change, which only costs a client a full answer, never a wrong 304.
final class RepresentationCache: Sendable {
    struct Entry: Sendable {
        let response: Response
        let etag: EntityTag
        let lastModified: HTTPDate
        /// The entry is stale from this instant on (the next event boundary); nil: never by time.
        let validUntil: Instant?
        /// The 304 for this entry (RFC 9110 §15.4.5: a 200's headers without content), built once with the entry
        /// so a revalidation costs a lookup, not a header rewrite.
        let notModified: Response
        /// `ETag` as sent, for the common revalidation that echoes exactly one tag.
        let etagText: String

        init(response: Response, etag: EntityTag, lastModified: HTTPDate, validUntil: Instant?) {
            self.response = response
            self.etag = etag
            self.lastModified = lastModified
            self.validUntil = validUntil
            var headers = response.headers
            headers.remove("Content-Type")
            notModified = Response(status: .notModified, headers: headers)
            etagText = etag.description
        }
    }

    private struct Storage: Sendable {
        var sequence: UInt64 = 0
        var entries: [String: Entry] = [:]
        var modified: [String: (etag: EntityTag, since: Instant)] = [:]
    }

    private let storage = Mutex(Storage())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func entry(_ key: String, sequence: UInt64, now: Instant) -> Entry? {
        storage.withLock { storage in
            guard storage.sequence == sequence, let entry = storage.entries[key] else { return nil }
            if let validUntil = entry.validUntil, now >= validUntil { return nil }
            return entry
        }
    }

    /// When the tag first appeared for `key`: now if it differs from the last one served for that key.
    func lastModified(_ key: String, etag: EntityTag, now: Instant) -> HTTPDate {
        storage.withLock { storage in
            if let known = storage.modified[key], known.etag == etag { return HTTPDate(known.since) }
            if storage.modified.count >= capacity * 4 { storage.modified.removeAll(keepingCapacity: true) }
            storage.modified[key] = (etag, now)
            return HTTPDate(now)
        }
    }

    /// Stores an entry rendered from the state at `sequence`. A render from an older state (a write landed
    /// meanwhile) is not stored, so the cache never goes back in time.
    func store(_ entry: Entry, for key: String, sequence: UInt64) {
        storage.withLock { storage in
            if sequence > storage.sequence {
                storage.sequence = sequence
                storage.entries.removeAll(keepingCapacity: true)
            }
            guard sequence == storage.sequence else { return }
            if storage.entries.count >= capacity { storage.entries.removeAll(keepingCapacity: true) }
            storage.entries[key] = entry
        }
    }

    var count: Int { storage.withLock { $0.entries.count } }
}
