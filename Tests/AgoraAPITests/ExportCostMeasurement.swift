import AgoraDomain
import Foundation
import Glibc
@testable import AgoraAPI
@testable import HTTPServer
import Testing

/// Not a check: prints what the iCalendar export of an event costs, rendered (render, encode and tag, as on a cache
/// miss) and cached (through the Responder), for the 2025 seed event and for an event of 200 slots, in thread CPU
/// time. Run in release:
/// `AGORA_MEASURE=1 swift test -c release -Xswiftc -enable-testing --filter ExportCostMeasurement`.
@Suite("Export cost measurement", .enabled(if: ProcessInfo.processInfo.environment["AGORA_MEASURE"] != nil))
struct ExportCostMeasurement {
    /// Two days of four tracks, 25 slots each a day: 200 slots, every fourth without an end.
    static func largeEvent() -> Event {
        let base = Instant(rfc3339: "2030-06-15T08:00:00+02:00") ?? Instant(secondsSince1970: 0)
        let tracks = (1...4).map { Track(id: "track-\($0)", name: LocalizedText(["fr": "Parcours \($0)", "de": "Strang \($0)"])) }
        var slots: [ProgrammeSlot] = []
        for day in 0..<2 {
            for track in tracks {
                for index in 0..<25 {
                    let start = base.adding(seconds: Int64(day * 86_400 + index * 1_500))
                    slots.append(ProgrammeSlot(
                        id: "\(track.id)-\(day)-\(index)", startsAt: start,
                        endsAt: index % 4 == 3 ? nil : start.adding(seconds: 1_200), kind: .talk,
                        title: LocalizedText(["fr": "Séance \(index) — économie sociale et solidarité", "de": "Sitzung \(index) – Städte"]),
                        speakers: [Speaker(name: "Jennyfer Nündel-Petsch", role: .fr("Service études"), organisation: "FEDAS")],
                        track: track.id))
                }
            }
        }
        return Event(id: "large-2030", title: .fr("Grand programme"), startsAt: base,
                     endsAt: base.adding(seconds: 86_400 + 12 * 3_600), timeZone: "Europe/Luxembourg",
                     defaultLanguage: "fr", venue: Venue(name: "Centre culturel Bonnevoie", city: "Luxembourg", country: "LU"),
                     tracks: tracks, programme: slots)
    }

    @Test func renderedVersusCached() async throws {
        let fixture = try APIFixture()
        try await fixture.write(.createEvent(event: Self.largeEvent()))
        for eventId in ["assises-sociales-2025", "large-2030"] {
            let iterations = eventId == "large-2030" ? 500 : 5_000
            let state = fixture.store.state
            let now = Instant(secondsSince1970: 1_800_000_000)
            var bytes = 0
            let start = ReadCostMeasurement.threadCPUNanoseconds()
            for _ in 0..<iterations {
                let rendered = try ReadResource.eventCalendar(eventId: eventId).render(state, at: now, in: .all)
                bytes &+= EntityTag(body: rendered.body, contentLanguage: rendered.contentLanguage).description.count + rendered.body.count
            }
            let middle = ReadCostMeasurement.threadCPUNanoseconds()
            let request = APIFixture.request(.get, "/events/\(eventId)/calendar.ics")
            for _ in 0..<iterations {
                if case .now(let response) = fixture.responder.respond(to: request) { bytes &+= response.body.count }
            }
            let end = ReadCostMeasurement.threadCPUNanoseconds()
            let rendered = Double(middle - start) / Double(iterations) / 1000
            let cached = Double(end - middle) / Double(iterations) / 1000
            print("GET /events/\(eventId)/calendar.ics (\(bytes / (2 * iterations)) bytes), CPU per request: rendered "
                  + "\(rendered) µs, cached \(cached) µs")
        }
    }
}
