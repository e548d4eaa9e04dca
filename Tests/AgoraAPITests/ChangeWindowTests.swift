import AgoraDomain
import Testing
@testable import AgoraAPI

/// The feed's retention: what `since` is answerable, paging with a limit and a filter, and the floor moving as the
/// oldest changes are dropped.
@Suite struct ChangeWindowTests {
    static func change(_ sequence: UInt64, event: String? = "e") -> PublicChange {
        PublicChange(sequence: sequence, time: Instant(secondsSince1970: 0), entityType: .event, entityId: event ?? "p",
                     kind: .updated, etag: nil, path: "/events/\(event ?? "p")", eventId: event)
    }

    static func sequences(_ page: ChangeWindow.Page) -> [UInt64]? {
        guard case .changes(let changes, _) = page else { return nil }
        return changes.map(\.sequence)
    }

    @Test func aSinceBetweenFloorAndHeadIsAnsweredExactly() {
        var window = ChangeWindow(capacity: 10, startingAfter: 4)
        window.append([Self.change(5), Self.change(6)], through: 6)
        window.append([], through: 7)   // a command with no public change still moves the head
        window.append([Self.change(8)], through: 8)
        #expect(Self.sequences(window.after(4, limit: 10)) == [5, 6, 8])
        #expect(Self.sequences(window.after(6, limit: 10)) == [8])
        #expect(Self.sequences(window.after(8, limit: 10)) == [])
        #expect(window.after(3, limit: 10) == .gone(floor: 4, head: 8), "before the process started")
        #expect(window.after(9, limit: 10) == .gone(floor: 4, head: 8), "a cursor never given")
    }

    @Test func dropsTheOldestPastItsCapacityAndMovesTheFloor() {
        var window = ChangeWindow(capacity: 3, startingAfter: 0)
        for sequence in UInt64(1)...10 { window.append([Self.change(sequence)], through: sequence) }
        #expect(window.retainedCount == 3)
        #expect(window.floor == 7)
        #expect(Self.sequences(window.after(7, limit: 10)) == [8, 9, 10])
        #expect(window.after(6, limit: 10) == .gone(floor: 7, head: 10))
    }

    @Test func pagesWithALimitAndAFilter() {
        var window = ChangeWindow(capacity: 100, startingAfter: 0)
        for sequence in UInt64(1)...9 {
            window.append([Self.change(sequence, event: sequence % 3 == 0 ? "third" : "other")], through: sequence)
        }
        #expect(window.after(0, limit: 4) == .changes((1...4).map { Self.change($0, event: $0 % 3 == 0 ? "third" : "other") }, more: true))
        let thirds = window.after(0, limit: 2) { $0.matches(events: ["third"]) }
        #expect(Self.sequences(thirds) == [3, 6])
        guard case .changes(_, let more) = thirds else { Issue.record("not a page"); return }
        #expect(more)
        #expect(Self.sequences(window.after(6, limit: 2) { $0.matches(events: ["third"]) }) == [9])
    }

    @Test func aPartnerChangeHasNoEventAndIsFilteredOut() {
        let partner = Self.change(1, event: nil)
        #expect(partner.matches(events: []))
        #expect(!partner.matches(events: ["e"]))
    }

    @Test func eventStreamAcceptIsRecognised() {
        #expect(ChangeQuery.acceptsEventStream("text/event-stream"))
        #expect(ChangeQuery.acceptsEventStream("application/json, TEXT/Event-Stream;q=0.5"))
        #expect(!ChangeQuery.acceptsEventStream("text/event-stream;q=0"))
        #expect(!ChangeQuery.acceptsEventStream("application/json"))
        #expect(!ChangeQuery.acceptsEventStream(nil))
    }
}
