import AgoraDomain
import AgoraStore
import Foundation
import Testing
import TestSupport

/// Issue 11: data written before tracks and rooms were named things — a slot's `track` and `room` were free strings
/// the event did not declare — still loads, the strings becoming a track and a room of that id.
@Suite struct LegacyScheduleTests {
    /// A snapshot body exactly as the store wrote it before issue 11 (no `tracks`, `rooms`, `revision`).
    static let oldSnapshotBody = #"""
    {"events":{"quattropole-2017":{"defaultLanguage":"de","id":"quattropole-2017","interpretation":[],"languages":["de","fr"],"organisers":[],"contacts":[],"participatingServices":[],"partnerIds":[],"programme":[{"id":"arbeitsgruppe-beschaeftigung","kind":"workingGroup","speakers":[],"startsAt":"2017-11-22T10:00:00Z","title":{"de":"Beschäftigung und berufliche Eingliederung"},"track":"beschaeftigung"},{"id":"arbeitsgruppe-bildung","kind":"workingGroup","room":"Salle B","speakers":[],"startsAt":"2017-11-22T10:00:00Z","title":{"de":"Bildung"},"track":"bildung"}],"registration":{"kind":"none"},"startsAt":"2017-11-22T08:30:00Z","endsAt":"2017-11-22T16:00:00Z","status":"scheduled","timeZone":"Europe/Paris","title":{"de":"QuattroPole-Konferenz - kommunale Sozialpolitik"}}},"partners":{},"registrationSequence":0,"registrations":{}}
    """#

    /// Journal commands as the old store wrote them: a slot naming a track ("wohnen") its event never declared.
    static let oldCommands = [
        #"{"createSlot":{"eventId":"quattropole-2017","slot":{"id":"arbeitsgruppe-wohnen","kind":"workingGroup","speakers":[],"startsAt":"2017-11-22T13:00:00Z","title":{"de":"Wohnen"},"track":"wohnen"}}}"#,
        #"{"updateSlot":{"eventId":"quattropole-2017","slot":{"id":"arbeitsgruppe-bildung","kind":"workingGroup","room":"Salle C","speakers":[],"startsAt":"2017-11-22T10:00:00Z","title":{"de":"Bildung"},"track":"bildung"}}}"#,
    ]

    private static func snapshotFile(_ body: String, sequence: Int) -> [UInt8] {
        let bytes = Array(body.utf8)
        let header = #"{"format":1,"sequence":\#(sequence),"bytes":\#(bytes.count),"crc":"\#(hex(crc32(bytes)))"}"#
        return Array(header.utf8) + [0x0A] + bytes
    }

    private static func journalLine(_ command: String, sequence: Int) -> [UInt8] {
        let payload = Array(#""seq":\#(sequence),"time":"2017-11-01T10:00:00.000Z","command":\#(command)}"#.utf8)
        return Array(#"{"crc":"\#(hex(crc32(payload)))","#.utf8) + payload + [0x0A]
    }

    @Test func anOldSnapshotAndJournalLoadWithTheirTracksAndRoomsDeclared() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.data, withIntermediateDirectories: true)
        try dir.write("snapshot.json", Self.snapshotFile(Self.oldSnapshotBody, sequence: 1))
        try dir.write("journal.jsonl", Self.journalLine(Self.oldCommands[0], sequence: 2) + Self.journalLine(Self.oldCommands[1], sequence: 3))

        let store = try DurableStore<AgoraState>.open(directory: dir.data) { AgoraState() }
        #expect(store.recoveryWarnings.isEmpty)
        #expect(store.sequence == 3)
        let event = try #require(store.state.events["quattropole-2017"])
        // The snapshot's two tracks in the order its slots named them, then the journal's.
        #expect(event.tracks.map(\.id) == ["beschaeftigung", "bildung", "wohnen"])
        #expect(event.tracks.first?.name == .de("beschaeftigung"), "named by its id in the default language")
        #expect(event.rooms.map(\.id) == ["Salle B", "Salle C"])
        #expect(event.slot(withId: "arbeitsgruppe-bildung")?.room == "Salle C")
        #expect(event.slot(withId: "arbeitsgruppe-bildung")?.revision == 1, "the journal's update moved it once")
        #expect(event.validate().filter { !$0.isWarning }.isEmpty, "what was loaded is valid: later writes keep working")
        try store.close()

        // Written again (the snapshot at close), it is the new format and reads back unchanged.
        let reopened = try DurableStore<AgoraState>.open(directory: dir.data) { AgoraState() }
        #expect(reopened.state.events["quattropole-2017"] == event)
        try reopened.close()
    }

    @Test func anOldSnapshotDecodedWithCodableDeclaresItsTracksToo() throws {
        let state = try JSONDecoder().decode(AgoraState.self, from: Data(Self.oldSnapshotBody.utf8))
        #expect(state.events["quattropole-2017"]?.tracks.map(\.id) == ["beschaeftigung", "bildung"])
        #expect(state.events["quattropole-2017"]?.rooms.map(\.id) == ["Salle B"])
    }

    /// A live write is not lenient: only replay declares what a command names.
    @Test func aNewWriteNamingAnUndeclaredTrackIsRefused() throws {
        let state = try JSONDecoder().decode(AgoraState.self, from: Data(Self.oldSnapshotBody.utf8))
        let slot = ProgrammeSlot(id: "neu", startsAt: Instant(secondsSince1970: 1_511_352_000), kind: .workingGroup,
                                 title: .de("Neu"), track: "jugend")
        #expect(throws: DomainError.self) { _ = try state.applying(.createSlot(eventId: "quattropole-2017", slot: slot)) }
        var replaying = state
        _ = try replaying.replay(.createSlot(eventId: "quattropole-2017", slot: slot))
        #expect(replaying.events["quattropole-2017"]?.tracks.last?.id == "jugend")
    }
}
