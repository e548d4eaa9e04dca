import AgoraDomain
import AgoraExports
import Foundation
import Testing

struct EventLinkedDataTests {
    static func document(_ id: String, lang: [String] = []) throws -> [String: Any] {
        let state = try SeedEvents.state()
        let event = try #require(state.events[id])
        var choice = ExportLanguage(ranked: lang)
        let bytes = EventLinkedData.bytes(event, partners: state.partners(ofEvent: id),
                                          links: ExportLinks(base: "https://agora.example"), choice: &choice)
        return try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func openEventIsFreeWithAddressAndOffsets() throws {
        let document = try Self.document("assises-sociales-2025")
        #expect(document["@context"] as? String == "https://schema.org")
        #expect(document["@type"] as? String == "Event")
        #expect(document["startDate"] as? String == "2025-11-20T09:00:00+01:00")
        #expect(document["isAccessibleForFree"] as? Bool == true)
        #expect(document["offers"] == nil)
        #expect(document["eventStatus"] as? String == "https://schema.org/EventScheduled")
        let address = try #require((document["location"] as? [String: Any])?["address"] as? [String: Any])
        #expect(address["@type"] as? String == "PostalAddress")
        #expect(address["addressCountry"] as? String == "LU")
        let contributors = try #require(document["contributor"] as? [[String: Any]])
        #expect(contributors.contains { $0["name"] as? String == "Œuvre Nationale de Secours Grande-Duchesse Charlotte" })
        let performers = try #require(document["subEvent"] as? [[String: Any]]).flatMap {
            $0["performer"] as? [[String: Any]] ?? []
        }
        let jennyfer = try #require(performers.first { $0["name"] as? String == "Jennyfer Nündel-Petsch" })
        #expect((jennyfer["affiliation"] as? [String: Any])?["name"] as? String == "FEDAS")
    }

    @Test func registrationRequiredIsAnOfferWithItsWindowAndForm() throws {
        let document = try Self.document("quattropole-2017")
        #expect(document["isAccessibleForFree"] == nil)
        let offer = try #require(document["offers"] as? [String: Any])
        #expect(offer["url"] as? String == "https://goo.gl/forms/ogk6r6PHZwplki0b2")
        #expect(offer["availabilityEnds"] as? String == "2017-11-15T23:59:59+01:00")
        #expect(document["inLanguage"] as? [String] == ["de", "fr"])
        #expect(document["endDate"] as? String == "2017-11-22T17:00:00+01:00")
    }

    /// Coordinates, when the venue has them, are numbers in a `GeoCoordinates` (what search engines place on a map).
    @Test func venueCoordinatesAreGeoCoordinates() throws {
        var event = try SeedEvents.event("assises-sociales-2025")
        event.venue?.geo = GeoPoint(latitude: 49.6003, longitude: 6.1336)
        var choice = ExportLanguage(ranked: [])
        let bytes = EventLinkedData.bytes(event, partners: [], links: ExportLinks(base: "https://agora.example"),
                                          choice: &choice)
        #expect(String(decoding: bytes, as: UTF8.self)
                .contains(#""geo":{"@type":"GeoCoordinates","latitude":49.600300,"longitude":6.133600}"#))
        #expect(try JSONSerialization.jsonObject(with: Data(bytes)) is [String: Any])
    }

    /// A cancelled event stays findable, marked cancelled, under the same `@id` (search engines then show it so).
    @Test func cancelledEventsSayEventCancelledUnderTheSameId() throws {
        var event = try SeedEvents.event("quattropole-2017")
        var choice = ExportLanguage(ranked: [])
        let links = ExportLinks(base: "https://agora.example")
        let scheduled = String(decoding: EventLinkedData.bytes(event, partners: [], links: links, choice: &choice), as: UTF8.self)
        event.status = .cancelled
        let cancelled = String(decoding: EventLinkedData.bytes(event, partners: [], links: links, choice: &choice), as: UTF8.self)
        #expect(scheduled.contains(#""eventStatus":"https://schema.org/EventScheduled""#))
        #expect(cancelled.contains(#""eventStatus":"https://schema.org/EventCancelled""#))
        #expect(!cancelled.contains("EventScheduled"), "every subEvent is cancelled with it")
        #expect(cancelled.contains(#""@id":"https://agora.example/events/quattropole-2017""#))
    }
}
