import AgoraDomain
import HTTPServer
import Synchronization

/// Serialized public responses, so that a repeated read costs a lookup instead of a render and an encoding. An
/// entry is rendered from the state at some sequence and stays valid until a command that may change a public
/// representation commits after it (`Command.changesPublicRepresentation`): registrations — the bulk of writes on a
/// busy day — leave every entry in place but the availability of their event (a scope, `ReadResource.cacheScope`,
/// with a floor of its own). The store's commit observer tells the cache what each batch held
/// (`committed(through:changing:)`); until it has been told about the store's current sequence (the moment between
/// a batch's publication and its observers), an entry is not trusted and the read renders, as it would with no
/// cache. An entry also expires at the next instant an event starts or ends, because "upcoming", "ongoing" and
/// "past" follow the clock, not the store. Bounded: when full it is emptied and refills from use.
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
        /// Every entry was rendered from a state at or after this sequence: the last command that may have changed
        /// a representation (entries older than it are dropped when it moves).
        var floor: UInt64 = 0
        /// The last sequence the commit observer reported: entries are trusted only while the store is not past it.
        var observed: UInt64 = 0
        var entries: [String: (entry: Entry, sequence: UInt64)] = [:]
        /// Per scope (`ReadResource.cacheScope`: an event's availability), the last command that changed it: an
        /// entry of that scope rendered before it is stale. Emptied when `floor` moves past them all.
        var scopeFloors: [String: UInt64] = [:]
        var modified: [String: (etag: EntityTag, since: Instant)] = [:]
        /// Entries stored since the start: one per render a read needed (what the tests count misses by).
        var stored = 0
    }

    private let storage = Mutex(Storage())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The entry for `key` (of `scope`, if any) when it still shows the store at `sequence` (the store's current
    /// one) at `now`.
    func entry(_ key: String, scope: String? = nil, sequence: UInt64, now: Instant) -> Entry? {
        storage.withLock { storage in
            // Past `observed`, a command the cache was not told about may have changed the entry.
            guard sequence <= storage.observed, let (entry, rendered) = storage.entries[key], rendered >= storage.floor
            else { return nil }
            if let scope, let scopeFloor = storage.scopeFloors[scope], rendered < scopeFloor { return nil }
            if let validUntil = entry.validUntil, now >= validUntil { return nil }
            return entry
        }
    }

    /// From the store's commit observer, in sequence order (and once at the start, with the sequence observing
    /// starts after and `changing` true): the commands through `sequence` are known, `changing` says whether
    /// any of them may have changed any representation, and `scopes` which scopes they changed otherwise (the
    /// availability of the events registered for): those entries only are dropped.
    func committed(through sequence: UInt64, changing: Bool, scopes: Set<String> = []) {
        storage.withLock { storage in
            storage.observed = max(storage.observed, sequence)
            // Bounded like the entries: past that many scopes, dropping everything is the cheaper bookkeeping.
            let changing = changing || storage.scopeFloors.count + scopes.count > capacity * 4
            if changing, sequence > storage.floor {
                storage.floor = sequence
                storage.entries.removeAll(keepingCapacity: true)
                storage.scopeFloors.removeAll(keepingCapacity: true)
            } else if sequence > storage.floor {
                // The stale entries stay until a render of the scope replaces them (`store` keeps the newer one):
                // finding them would cost a pass over every entry per registration batch.
                for scope in scopes { storage.scopeFloors[scope] = sequence }
            }
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

    /// Stores an entry (of `scope`, if any) rendered from the state at `sequence`. A render from a state older than
    /// the floor or its scope's (a change landed meanwhile) or than the entry already there is not stored, so the
    /// cache never goes back in time.
    func store(_ entry: Entry, for key: String, scope: String? = nil, sequence: UInt64) {
        storage.withLock { storage in
            guard sequence >= storage.floor else { return }
            if let scope, let scopeFloor = storage.scopeFloors[scope], sequence < scopeFloor { return }
            if let existing = storage.entries[key], existing.sequence > sequence { return }
            if storage.entries.count >= capacity { storage.entries.removeAll(keepingCapacity: true) }
            storage.entries[key] = (entry, sequence)
            storage.stored += 1
        }
    }

    var count: Int { storage.withLock { $0.entries.count } }

    /// How many entries were stored since the start (each a read that had to render).
    var stored: Int { storage.withLock { $0.stored } }
}
